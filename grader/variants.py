"""Terms, student keys and per-student parameters.

**Terms are not variants.**  A term is one offering of an assignment (spring 2025, fall 2025) with
its own questions and numbers.  It is chosen by configuration -- ``--term``, the Gradescope
bundle's term, or the rubric's ``assignment.term`` (a rubric per term needs nothing else) -- and
never by a hash: every student of one grading run answers the same items.

**Variants** only change parameters within one term.  A student's variant comes from the term's
roster when listed there, else from a hash of the assignment id, the term, its seed and the
student's *key*: stable across runs, machines and tools, and spread evenly over the sets.

**The student key** (:func:`student_key`) is the one normalised form of a student id used for
the variant, in reports, summaries, gradebooks and on Gradescope: Unicode-normalised (NFKC),
trimmed, inner blanks collapsed, case-folded; an email's local part only where the rubric's
``[students] email_local_part = true`` says so.  ``JD1234@Columbia.edu `` and
``jd1234@columbia.edu`` are one student everywhere; with ``email_local_part`` so is ``jd1234``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .rubric import Rubric, RubricError, Variants, VariantSet


def student_key(rubric: Rubric, student: Any) -> str | None:
    """The normalised key of a student id (None or blank: no student)."""
    if student is None:
        return None
    key = rubric.students.key(student)
    return key or None


def resolve_term(rubric: Rubric, term: str | None = None) -> str | None:
    """The term to grade: the one asked for, else the rubric's ``assignment.term``, else its only term.

    A rubric without terms has one implicit term (None).  Raises RubricError when the term is
    unknown, or when the rubric lists several terms and none is chosen.
    """
    names = list(rubric.terms)
    if not names:
        if term:
            raise RubricError(f"rubric {rubric.assignment.id!r} has no terms; grade it without --term (asked for {term!r})")
        return None
    if term:
        if term not in rubric.terms:
            raise RubricError(f"rubric {rubric.assignment.id!r} has no term {term!r}; its terms are {', '.join(names)}")
        return term
    if rubric.assignment.term:
        return rubric.assignment.term
    if len(names) == 1:
        return names[0]
    raise RubricError(f"rubric {rubric.assignment.id!r} lists the terms {', '.join(names)}: choose one with --term "
                      "(or set assignment.term, or build the Gradescope bundle with --term)")


def variants_of(rubric: Rubric, term: str | None) -> Variants | None:
    """The variants a student of ``term`` may get (a rubric without terms: its own)."""
    if rubric.terms:
        return rubric.terms[resolve_term(rubric, term)].variants
    return rubric.variants


def variant_for(rubric: Rubric, student: Any, term: str | None = None) -> VariantSet | None:
    """A student's variant within ``term`` (the default term when None); the default variant when no student."""
    term = resolve_term(rubric, term)
    variants = variants_of(rubric, term)
    if variants is None:
        return None
    by_name = {v.name: v for v in variants.sets}
    key = student_key(rubric, student)
    if key is None:
        return by_name[variants.default] if variants.default else variants.sets[0]
    roster = {rubric.students.key(k): v for k, v in variants.roster.items()}
    if key in roster:
        return by_name[roster[key]]
    salt = f"{rubric.assignment.id}:{rubric.assignment.seed}:{key}" if term is None else \
        f"{rubric.assignment.id}:{term}:{rubric.assignment.seed}:{key}"
    digest = hashlib.sha256(salt.encode()).digest()
    return variants.sets[int.from_bytes(digest[:8], "big") % len(variants.sets)]


def parameters_for(rubric: Rubric, variant: VariantSet | None, term: str | None = None) -> dict[str, Any]:
    """The rubric's parameters, then the term's, then the variant's overrides."""
    parameters = dict(rubric.parameters)
    if rubric.terms:
        parameters.update(rubric.terms[resolve_term(rubric, term)].parameters)
    if variant is not None:
        parameters.update(variant.overrides())
    return parameters


def other_variants(rubric: Rubric, variant: VariantSet | None, term: str | None = None) -> list[VariantSet]:
    """The other variants of the same term."""
    variants = variants_of(rubric, term)
    if variants is None:
        return []
    return [v for v in variants.sets if variant is None or v.name != variant.name]


def label(term: str | None, variant: VariantSet | None) -> str | None:
    """How a (term, variant) is named to people: the variant's name, else the term's."""
    return variant.name if variant is not None else term


def all_parameter_sets(rubric: Rubric) -> list[tuple[str | None, VariantSet | None, dict[str, Any]]]:
    """(term, variant, parameters) for every term and every variant of it."""
    terms: list[str | None] = list(rubric.terms) or [None]
    sets = []
    for term in terms:
        variants = rubric.terms[term].variants if term is not None else rubric.variants
        for variant in (variants.sets if variants else [None]):
            sets.append((term, variant, parameters_for(rubric, variant, term)))
    return sets


def other_parameter_sets(rubric: Rubric, term: str | None, variant: VariantSet | None) -> list[tuple[str, dict[str, Any]]]:
    """(label, parameters) of every other variant: this term's first, then other terms' (a student who
    answered another term's or variant's numbers is told so, for items both ask)."""
    term = resolve_term(rubric, term)
    mine = (term, variant.name if variant else None)
    found = []
    for other_term, other, parameters in all_parameter_sets(rubric):
        if (other_term, other.name if other else None) == mine:
            continue
        found.append((other_term != term, label(other_term, other) or "", parameters))
    found.sort(key=lambda entry: entry[0])  # stable: own term first
    return [(name, parameters) for _, name, parameters in found]


def roster_term(rubric: Rubric, key: str | None) -> str | None:
    """The term whose roster lists ``key`` (None when no roster does)."""
    if key is None:
        return None
    for name, term in rubric.terms.items():
        if term.variants and key in {rubric.students.key(k) for k in term.variants.roster}:
            return name
    return None
