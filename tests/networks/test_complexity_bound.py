"""Exact network verdicts have a complexity bound and a sound fallback (issue 15).

Beyond the bound a network is never passed: it fails on a sampled input whose disagreement is
confirmed in exact arithmetic, or goes to staff review.  A network of another shape than the
rubric's is refused before any analysis.  Bounds are counts (regions, LPs), never times.
"""

from fractions import Fraction as Q

import pytest

from grader.checkers import CannotDecide, CheckContext, checker_class
from grader.networks.decide import clear_cache, decide
from grader.networks.exact import MAX_REGIONS, RegionAnalysis, TooManyRegions
from grader.networks.model import LayerSpec, build_network
from nn_reference import networks as R

CHECKER = checker_class("network")
CTX = CheckContext(item_id="net", seed=7)
KTH = R.design_kth_largest(4, 2)
SPECS = [LayerSpec("W1", "b1", "phi1", None, 3, (), True), LayerSpec("w2", "b2", "phi2", None, 1, (), True)]


def _options(**extra):
    return CHECKER.Options(layers=[{"weights": "W1", "bias": "b1", "activation": "phi1", "units": 3},
                                   {"weights": "w2", "bias": "b2", "activation": "phi2", "units": 1}], **extra)


def _network(answers):
    return build_network(answers, SPECS, 4).network


def _nested_abs(levels: int) -> str:
    text = "z"
    for i in range(levels):
        text = f"abs({text}-{i % 3 + 1})"
    return text


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


def test_the_analysis_stops_at_its_region_bound():
    network = _network({**KTH, "phi1": _nested_abs(5)})
    with pytest.raises(TooManyRegions):
        RegionAnalysis(network, R.kth_largest(4, 2), max_leaves=200).run()


def test_the_shipped_designs_stay_far_inside_the_bound():
    analysis = RegionAnalysis(_network(KTH), R.kth_largest(4, 2)).run()
    assert analysis.correct and len(analysis.leaves) * 20 < MAX_REGIONS


def test_a_correct_network_beyond_the_bound_is_never_passed_on_samples():
    decision = decide(_network(KTH), R.kth_largest(4, 2), max_regions=2)
    assert decision.method == "too_complex" and not decision.correct


def test_a_wrong_network_beyond_the_bound_fails_on_a_confirmed_counterexample():
    task = R.kth_largest(4, 2)
    decision = decide(_network({**KTH, "phi1": _nested_abs(5)}), task, max_regions=100)
    assert decision.method == "sampling" and not decision.correct
    x = decision.counterexample.x
    assert all(isinstance(v, Q) for v in x) and task.domain.contains(x)
    assert _network({**KTH, "phi1": _nested_abs(5)}).trace(x).output != task.target(x)


def test_the_checker_sends_an_unverifiable_network_to_staff(monkeypatch):
    import grader.checkers.network as module

    # the option's floor is 100 regions, more than this design needs: the bound is lowered underneath
    monkeypatch.setattr(module, "decide", lambda *args, **kwargs: decide(*args, **{**kwargs, "max_regions": 2}))
    with pytest.raises(CannotDecide, match="too complex to verify exactly"):
        CHECKER(_options()).judge(KTH, R.kth_largest(4, 2), CTX)


def test_a_nested_abs_activation_gets_a_verdict_not_a_hang():
    verdict = CHECKER(_options()).judge({**KTH, "phi1": _nested_abs(5)}, R.kth_largest(4, 2), CTX)
    assert verdict.status == "failed" and "counterexample" in verdict.evidence


def test_deeper_nesting_is_refused_before_any_analysis():
    verdict = CHECKER(_options()).judge({**KTH, "phi1": _nested_abs(12)}, R.kth_largest(4, 2), CTX)
    assert verdict.status == "invalid" and "too many cases" in verdict.feedback


def test_another_shape_is_invalid_before_any_analysis(monkeypatch):
    import grader.checkers.network as module

    def no_analysis(*args, **kwargs):
        raise AssertionError("a network of the wrong shape must not be analysed")

    monkeypatch.setattr(module, "decide", no_analysis)
    wide = {**KTH, "W1": [[1, -1, 0, 0]] * 40, "b1": [0] * 40, "w2": [1] * 40}
    verdict = CHECKER(_options()).judge(wide, R.kth_largest(4, 2), CTX)
    assert verdict.status == "invalid" and verdict.diagnosis == "architecture_violation"
    assert "must have 3 unit(s)" in verdict.feedback
