"""One entry point: decide a network against a task, exactly when possible; memoised.

``decide`` picks the method:

* finite domain (e.g. ranks that are a permutation of 1..n): every point, exactly;
* piecewise-linear activations: region analysis (:mod:`grader.networks.exact`);
  a failure yields a small confirmed counterexample (:mod:`.search`) and
  verified diagnoses (:mod:`.diagnose`);
* otherwise (an activation that is not piecewise linear): dense sampling and a
  search for the worst point (:mod:`.sampling`); the network must be exact up
  to double rounding there, and the worst point found is reported.

A piecewise-linear network with more regions than the complexity bound
(:data:`.exact.MAX_REGIONS`) is never passed on samples: sampled inputs are
re-checked in exact arithmetic, and a confirmed counterexample fails it;
without one the decision is ``too_complex`` (staff review, no credit).

Identical networks (same exact weights and activation semantics) against the
same task are decided once per process (bounded cache keyed on
``Network.key()`` and ``NetworkTask.key()``), so a class where many students
hand in the answer-key weights costs one analysis.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

import numpy as np

from .diagnose import diagnose
from .exact import MAX_REGIONS, RegionAnalysis, TooManyRegions
from .model import Network, Trace
from .sampling import check_by_sampling, sample_inputs
from .search import Counterexample, best_counterexample, confirm, niceness
from .tasks import NetworkTask

CACHE_SIZE = 4096
FALLBACK_SAMPLES = 400  # inputs re-checked exactly (about a millisecond each) beyond the complexity bound


@dataclass
class Decision:
    correct: bool
    method: str  #: "exact", "finite", "sampling", or "too_complex" (no sound verdict: staff review)
    counterexample: Counterexample | None = None
    trace: Trace | None = None  #: exact forward pass at the counterexample
    diagnoses: list = field(default_factory=list)
    regions: int = 0
    samples: int = 0
    float_counterexample: tuple | None = None  #: sampling: (input, output, expected) in floats
    note: str = ""
    worst_error: float | None = None  #: sampling with exact readout: the largest error found


_cache: "OrderedDict[tuple, Decision]" = OrderedDict()


def clear_cache() -> None:
    _cache.clear()


def decide(network: Network, task: NetworkTask, *, rng: Callable[[], np.random.Generator] | None = None,
           diagnose_wrong_k: bool = True, max_regions: int = MAX_REGIONS, smooth_tolerance: float = 1e-9,
           smooth_readout: str = "exact", smooth_samples: int = 1500) -> Decision:
    key = (network.key(), task.key(), diagnose_wrong_k, max_regions, smooth_tolerance, smooth_readout, smooth_samples)
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    decision = _decide(network, task, rng, diagnose_wrong_k, max_regions, smooth_tolerance, smooth_readout,
                       smooth_samples)
    _cache[key] = decision
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return decision


def _decide(network, task, rng, diagnose_wrong_k, max_regions, tolerance, readout, samples) -> Decision:
    if task.domain.points is not None and network.is_exact:
        failures = [c for c in (confirm(network, task, x) for x in task.domain.points) if c is not None]
        if not failures:
            return Decision(True, "finite", regions=len(task.domain.points))
        best = min(failures, key=lambda c: niceness(c.x))
        return Decision(False, "finite", best, network.trace(best.x), diagnose(network, task, None,
                                                                               try_k=diagnose_wrong_k),
                        regions=len(task.domain.points))
    if network.is_exact:
        try:
            analysis = RegionAnalysis(network, task, max_leaves=max_regions).run()
        except TooManyRegions:
            analysis = None
        if analysis is not None:
            if analysis.correct:
                return Decision(True, "exact", regions=len(analysis.leaves))
            example = best_counterexample(network, task, analysis.failing)
            if example is None:
                if task.domain.integers:
                    return Decision(True, "exact", regions=len(analysis.leaves),
                                    note="wrong only at non-integer inputs; no integer counterexample was found "
                                         "in the search box")
                return Decision(False, "exact", regions=len(analysis.leaves),
                                diagnoses=diagnose(network, task, analysis, try_k=diagnose_wrong_k),
                                note="wrong on a set of inputs too thin to show a simple example")
            return Decision(False, "exact", example, network.trace(example.x),
                            diagnose(network, task, analysis, try_k=diagnose_wrong_k), regions=len(analysis.leaves))
        return _too_complex(network, task, rng, max_regions, samples)
    note = "smooth activations: checked on sampled inputs"
    generator = rng() if rng is not None else np.random.default_rng(0)
    result = check_by_sampling(network, task, generator, count=samples, tolerance=tolerance, readout=readout)
    if result.counterexample is None:
        return Decision(True, "sampling", samples=result.samples, note=note, worst_error=result.worst_error)
    return Decision(False, "sampling", samples=result.samples, note=note, worst_error=result.worst_error,
                    float_counterexample=(result.counterexample, result.output, result.expected))


def _too_complex(network: Network, task: NetworkTask, rng, max_regions: int, count: int) -> Decision:
    """Beyond the complexity bound: a counterexample from sampled inputs, confirmed in exact
    arithmetic (a rounded input first, for a readable example), or no verdict at all."""
    generator = rng() if rng is not None else np.random.default_rng(0)
    note = f"more than {max_regions} linear regions: too complex to verify exactly"
    inputs = sample_inputs(network, task, generator, min(count, FALLBACK_SAMPLES))[:FALLBACK_SAMPLES]
    for row in inputs:  # rounded to two decimals: a readable example, still exact
        example = confirm(network, task, tuple(Fraction(round(float(v) * 100), 100) for v in row))
        if example is not None:
            return Decision(False, "sampling", example, network.trace(example.x), samples=len(inputs), note=note)
    return Decision(False, "too_complex", samples=len(inputs), note=note)
