"""Per-student parameters.

A rubric may list variants (parameter sets).  A student's variant comes from
the rubric's roster when listed there, else from a hash of the assignment id,
its seed and the student id: stable across runs and machines, and spread
evenly over the sets.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .rubric import Rubric, VariantSet


def variant_for(rubric: Rubric, student: str | None) -> VariantSet | None:
    variants = rubric.variants
    if variants is None:
        return None
    by_name = {v.name: v for v in variants.sets}
    if student is None:
        return by_name[variants.default] if variants.default else variants.sets[0]
    if student in variants.roster:
        return by_name[variants.roster[student]]
    digest = hashlib.sha256(f"{rubric.assignment.id}:{rubric.assignment.seed}:{student}".encode()).digest()
    return variants.sets[int.from_bytes(digest[:8], "big") % len(variants.sets)]


def parameters_for(rubric: Rubric, variant: VariantSet | None) -> dict[str, Any]:
    parameters = dict(rubric.parameters)
    if variant is not None:
        parameters.update(variant.overrides())
    return parameters


def other_variants(rubric: Rubric, variant: VariantSet | None) -> list[VariantSet]:
    if rubric.variants is None:
        return []
    return [v for v in rubric.variants.sets if variant is None or v.name != variant.name]
