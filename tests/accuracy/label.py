"""Labels for the accuracy corpus, derived without importing ``grader``.

Every expected answer is recomputed here from the handouts' formulas (SymPy, NumPy, fractions);
each corpus answer is checked for equivalence on the question's domain (its regime included) and,
when wrong, every fix the rubric makes visible is applied to it:

* a constant factor from the default list (2, 1/2) or a factor the rubric names (``factors``);
* a sign (only where the rubric names ``sign_error``);
* one missing or one extra term that is not the leading term (``missing_term`` / ``extra_term``);
  for counts, ``lower_order_terms`` when the top-degree part is right;
* a transpose (square matrices included), strict <-> non-strict (``boundary``);
* a rubric-named mistake (``[[items.mistakes]]``, recomputed here) or another variant's parameters;
* network repairs the rubric names (threshold convention, outputs swapped, sign, transposed, ...).

A diagnosis earns its share only if the repaired answer is exactly right; an answer that needs two
fixes earns nothing.  The label is the best share over the single fixes that work (1 if the answer is
right, ``"invalid"`` if it cannot be read).  Run ``python tests/accuracy/label.py`` to print them.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import random
import re
import sys
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import numpy as np
import sympy as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from answer_notation import NotationError, parse, read_scalar, tokens, to_python  # noqa: E402
from matrix_eval import ShapeProblem, same, value_of  # noqa: E402

ROOT = HERE.parent.parent
CORPUS_DIR = HERE / "corpus"
RUBRICS = {"columbia-nndl-hw1": "columbia_nndl_hw1.toml", "toronto-csc413-a1": "toronto_csc413_a1.toml",
           "nyu-dl-hw1": "nyu_dl_hw1.toml"}
DEFAULT_FACTORS = (Fraction(2), Fraction(1, 2))


@dataclass
class Label:
    fraction: float | str          # a share of the item's points, or "invalid"
    diagnosis: str | None = None   # the fix that earned the share
    reason: str = ""

    def as_dict(self) -> dict:
        return {"fraction": self.fraction, "diagnosis": self.diagnosis, "reason": self.reason}


@dataclass
class Entry:
    """One corpus answer: the answers it gives to one rubric item."""

    id: str
    assignment: str
    item: str
    answers: dict[str, Any]
    classes: list[str]
    note: str
    expect: float | str
    variant: str | None = None
    missing: list[str] = field(default_factory=list)   # answer names left out of the submission
    given: dict[str, Any] = field(default_factory=dict)  # what this answer changes from the item's base


# ================================================================== the rubric's visible policy


@functools.lru_cache(maxsize=None)
def rubric(assignment: str) -> dict:
    return tomllib.loads((ROOT / "rubrics" / RUBRICS[assignment]).read_text())


def rubric_item(assignment: str, item_id: str) -> dict:
    for item in rubric(assignment)["items"]:
        if item["id"] == item_id:
            return item
    raise KeyError(f"{assignment}: no item {item_id!r}")


def credit_table(item: dict) -> dict[str, float]:
    return dict(item.get("partial_credit", {}))


def named_factors(item: dict) -> list[Any]:
    """Factors the rubric names: ``repairs = { factors = ["2", "1/2", "1/K"] }`` (the rubric's own
    key), or ``factors = [...]`` in the item or its options."""
    names = (item.get("repairs") or {}).get("factors") or item.get("factors") or item.get("options", {}).get("factors") or []
    return list(names)


POLICY_FILE = CORPUS_DIR / "rubric_policy.json"


def visible_policy(assignment: str, item_id: str) -> dict:
    """What of an item's rubric entry the labels depend on: shares, fixes, mistakes, parameters."""
    item = rubric_item(assignment, item_id)
    options = item.get("options", {})
    data = rubric(assignment)
    return json.loads(json.dumps({
        "partial_credit": item.get("partial_credit", {}), "factors": named_factors(item),
        "step_credit": options.get("step_credit", {}), "chain_weight": options.get("chain_weight"),
        "hard_threshold": options.get("hard_threshold"), "aliases": options.get("aliases"),
        "graph_scoring": [options.get("scoring", "per_edge"), options.get("extra_penalty", 1.0)] if item.get("kind") == "graph" else None,
        "mistakes": sorted((m["name"], m.get("credit", 0.0)) for m in item.get("mistakes", [])),
        "answers": item.get("answers"), "variants": item.get("variants"),
        "parameters_sha256": hashlib.sha256(json.dumps([data.get("parameters", {}), data.get("variants", {}).get("sets", [])],
                                                      sort_keys=True, default=str).encode()).hexdigest()[:16],
    }, sort_keys=True, default=str))


def write_policy_snapshot(entries) -> None:
    """Record the rubric policy the corpus's ``expect`` values were written against."""
    snapshot = {f"{e.assignment}/{e.item}": visible_policy(e.assignment, e.item) for e in entries}
    POLICY_FILE.write_text(json.dumps(dict(sorted(snapshot.items())), indent=1, sort_keys=True) + "\n")


def _parameter_sets(assignment: str) -> list[tuple[str, str | None, dict]]:
    """(term, variant, parameters) of every variant, in rubric order.  A rubric with [terms.NAME]
    keeps each term's numbers and variants inside it; a term without variants is one set named
    after the term.  Read from the TOML itself, as staff write it."""
    data = rubric(assignment)
    base = dict(data.get("parameters", {}))
    terms = data.get("terms") or {None: {"parameters": {}, "variants": data.get("variants", {})}}
    found = []
    for term, spec in terms.items():
        parameters = base | dict(spec.get("parameters", {}))
        sets = (spec.get("variants") or {}).get("sets", [])
        if not sets:
            found.append((term, None, parameters))
        for entry in sets:
            found.append((term, entry["name"], parameters | {k: v for k, v in entry.items() if k != "name"}))
    return found


def _chosen(assignment: str, variant: str | None) -> tuple[str | None, str | None]:
    """(term, variant) of a corpus entry: ``variant`` names a variant or a term; None is the default."""
    data = rubric(assignment)
    sets = _parameter_sets(assignment)
    for term, name, _ in sets:
        if variant is not None and variant in (name, term):
            if name is None or variant == name:
                return term, name
            return term, (data.get("terms", {}).get(term, {}).get("variants") or {}).get("default")
    term = data.get("assignment", {}).get("term")
    spec = data.get("terms", {}).get(term, {}) if term else {"variants": data.get("variants", {})}
    return term, (spec.get("variants") or {}).get("default")


def term_of(assignment: str, variant: str | None) -> str | None:
    return _chosen(assignment, variant)[0]


def variant_parameters(assignment: str, variant: str | None) -> dict:
    term, name = _chosen(assignment, variant)
    for other_term, other_name, parameters in _parameter_sets(assignment):
        if (other_term, other_name) == (term, name) or (other_term == term and name is None):
            return parameters
    return dict(rubric(assignment).get("parameters", {}))


def other_variants(assignment: str, variant: str | None) -> list[str]:
    """Every other variant (or variant-less term) of the rubric, by name."""
    chosen = _chosen(assignment, variant)
    return [name or term for term, name, _ in _parameter_sets(assignment) if (term, name) != chosen]


def best(candidates: list[tuple[float, str]], reason: str) -> Label:
    if not candidates:
        return Label(0.0, None, reason)
    share, code = max(candidates, key=lambda c: c[0])
    return Label(round(share, 6), code if share > 0 else None, f"{reason}; fix '{code}' repairs it")


# ================================================================== scalar answers (SymPy)


m, n, d, V, N, K, D, sigma = sp.symbols("m n d V N K D sigma", positive=True)


@dataclass
class ScalarDomain:
    names: tuple[str, ...]
    points: Callable[[], list[dict]]   # the question's domain, regime included


def _natural_points(names: tuple[str, ...], condition: Callable[[dict], bool] = lambda p: True, count: int = 60,
                    extra: dict[str, list] | None = None) -> Callable[[], list[dict]]:
    @functools.lru_cache(maxsize=None)
    def build() -> list[dict]:
        rng = random.Random(1729)
        points, seen = [], set()
        small = [1, 2, 3, 5, 8] if len(names) < 3 else [1, 2, 5, 9]
        for values in itertools.product(small, repeat=len(names)):
            point = dict(zip(names, values))
            if condition(point):
                points.append(point)
        while len(points) < len(small) ** len(names) + 30:
            point = {name: rng.randint(1, 400) for name in names}
            key = tuple(point.values())
            if condition(point) and key not in seen:
                seen.add(key)
                points.append(point)
        for point in points:
            for name, choices in (extra or {}).items():
                point[name] = rng.choice(choices)
        return points
    return build


def _symbols(names) -> dict[str, sp.Symbol]:
    return {name: sp.Symbol(name, positive=True) for name in names}


def _at(expr: sp.Expr, point: dict) -> complex | None:
    """The exact value at a point as a complex number, or None where the expression is undefined."""
    try:
        mapping = {sp.Symbol(k, positive=True): sp.Rational(v) for k, v in point.items()}
        mapping.update({sp.Symbol(k): sp.Rational(v) for k, v in point.items()})
        value = expr.xreplace(mapping)
        value = value.doit() if not value.is_number else value
        if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan) or value.free_symbols:
            return None
        result = complex(sp.N(value, 30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not np.isfinite(result.real) or abs(result.imag) > 1e-12 * max(1.0, abs(result.real)):
        return None
    return result


def _values(expr, points) -> list[complex | None]:
    return [_at(expr, p) for p in points]


def _agree(a: list, b: list) -> bool:
    """Equal at every point, both defined: a point where only one side is defined is a disagreement."""
    for x, y in zip(a, b):
        if x is None or y is None:
            return False
        if abs(x - y) > 1e-9 * max(1.0, abs(y)):
            return False
    return True


def _positive_symbols(expr, names):
    return expr.subs({sp.Symbol(k): sp.Symbol(k, positive=True) for k in names})


def _degree(expr, symbols) -> int | None:
    try:
        return sp.Poly(sp.expand(expr), *symbols).total_degree()
    except sp.PolynomialError:
        return None


def _is_polynomial(expr, symbols) -> bool:
    try:
        poly = sp.Poly(sp.expand(expr), *symbols)
    except sp.PolynomialError:
        return False
    return all(c.is_rational for c in poly.coeffs())


def label_scalar(answer: Any, expected: sp.Expr, domain: ScalarDomain, credit: dict[str, float],
                 factors: list = (), mistakes: list[tuple[str, sp.Expr, float]] = (), count: bool = False) -> Label:
    """A count or an expression: right, repairable by one visible fix, or wrong."""
    try:
        student = read_scalar(answer, domain.names)
    except NotationError as exc:
        return Label("invalid", None, f"unreadable: {exc}")
    if isinstance(student, tuple):
        return Label("invalid", None, "a big-O class where an exact value is asked")
    student = _positive_symbols(student, domain.names)
    symbols = [sp.Symbol(k, positive=True) for k in domain.names]
    points = domain.points()
    mine, expected_values = _values(student, points), _values(expected, points)
    if _agree(mine, expected_values):
        return Label(1.0, None, "equivalent on the domain")
    undefined = sum(v is None for v in mine)
    reason = f"undefined at {undefined} of {len(points)} domain points" if undefined else "not equivalent"
    candidates: list[tuple[float, str]] = []

    def check(values, code):
        if code in credit and _agree(values, expected_values):
            candidates.append((credit[code], code))

    for factor in DEFAULT_FACTORS:
        check([None if v is None else v * float(factor) for v in mine], "constant_factor")
    for factor in factors:    # symbolic factors the rubric names
        factor_values = _values(_positive_symbols(read_scalar(str(factor), domain.names), domain.names), points)
        check([None if v is None or f is None else v * f for v, f in zip(mine, factor_values)], "constant_factor")
        check([None if v is None or not f else v / f for v, f in zip(mine, factor_values)], "constant_factor")
    check([None if v is None else -v for v in mine], "sign_error")
    polynomial = count and _is_polynomial(student, symbols) and _is_polynomial(expected, symbols)
    if polynomial:
        expanded_student, expanded_expected = sp.expand(student), sp.expand(expected)
        student_degree, expected_degree = _degree(student, symbols), _degree(expected, symbols)
        for term in sp.Add.make_args(expanded_expected):          # one term of the key left out
            if _degree(term, symbols) < expected_degree and sp.expand(expanded_student + term - expanded_expected) == 0:
                if "missing_term" in credit:
                    candidates.append((credit["missing_term"], "missing_term"))
        for term in sp.Add.make_args(expanded_student):           # one term too many
            if _degree(term, symbols) < expected_degree and sp.expand(expanded_student - term - expanded_expected) == 0:
                if "extra_term" in credit and expanded_expected != 0:
                    candidates.append((credit["extra_term"], "extra_term"))
        if "lower_order_terms" in credit and student_degree == expected_degree:
            def top(expr):
                return sum((t for t in sp.Add.make_args(sp.expand(expr)) if _degree(t, symbols) == expected_degree), sp.Integer(0))
            if sp.expand(top(student) - top(expected)) == 0:
                candidates.append((credit["lower_order_terms"], "lower_order_terms"))
    for name, value, share in mistakes:
        if _agree(mine, _values(value, points)):
            candidates.append((share, name))
    return best(candidates, reason)


# ------------------------------------------------------------------ big-O


def _growth_terms(expr, symbols) -> list[tuple] | None:
    """Each term of a sum of positive monomials (with log factors) as exponents ((a, b) per symbol:
    s^a log(s)^b); None for anything else (a negative leading term, a root of a shifted symbol ...)."""
    terms = []
    for term in sp.Add.make_args(sp.expand(expr)):
        exponents = {s: [sp.Integer(0), sp.Integer(0)] for s in symbols}
        coefficient = sp.Integer(1)
        for factor in sp.Mul.make_args(term):
            base, power = factor.as_base_exp()
            if factor.is_number:
                coefficient *= factor
            elif base in exponents and power.is_number:
                exponents[base][0] += power
            elif isinstance(base, sp.log) and base.args[0] in exponents and power.is_number:
                exponents[base.args[0]][1] += power
            else:
                return None
        if not coefficient.is_real:
            return None
        terms.append((coefficient, tuple(tuple(exponents[s]) for s in symbols)))
    return terms


def _dominates(a: tuple, b: tuple) -> bool:
    return all(x >= y for x, y in zip(a, b))


def _maximal(terms) -> set:
    exps = [e for _, e in terms]
    return {e for e in exps if not any(o != e and _dominates(o, e) for o in exps)}


def label_big_o(answer: Any, expected: sp.Expr, domain: ScalarDomain, credit: dict[str, float]) -> Label:
    try:
        parsed = read_scalar(answer, domain.names)
    except NotationError as exc:
        return Label("invalid", None, f"unreadable: {exc}")
    inner = parsed[1] if isinstance(parsed, tuple) and parsed[0] == "O" else parsed
    if isinstance(inner, tuple):
        return Label("invalid", None, "not a growth expression")
    inner = _positive_symbols(inner, domain.names)
    symbols = [sp.Symbol(k, positive=True) for k in domain.names]
    if any(v is None or v.real < 0 for v in _values(inner, domain.points())):
        return Label(0.0, None, "the bound is undefined (or not positive) on part of the domain")
    mine, key = _growth_terms(inner, symbols), _growth_terms(expected, symbols)
    if mine is None:
        return Label(0.0, None, "not a sum of monomials: not the expected class")
    top_mine, top_key = _maximal(mine), _maximal(key)
    if any(c <= 0 for c, e in mine if e in top_mine):
        return Label(0.0, None, "a leading term with a non-positive coefficient")
    if top_mine == top_key:
        return Label(1.0, None, "same growth class")
    looser = all(any(_dominates(a, b) for a in top_mine) for b in top_key)
    if looser and "too_loose" in credit:
        return Label(credit["too_loose"], "too_loose", "a valid but loose bound")
    return Label(0.0, None, "wrong growth class" + (" (valid but loose, no credit named)" if looser else ""))


# ------------------------------------------------------------------ relations


def _truth(parsed, point: dict, names) -> bool | None:
    if isinstance(parsed, tuple) and parsed[0] == "relation":
        result = True
        for op, left, right in parsed[1]:
            a, b = _at(_positive_symbols(left, names), point), _at(_positive_symbols(right, names), point)
            if a is None or b is None:
                return None
            a, b = a.real, b.real
            tol = 1e-12 * max(1.0, abs(a), abs(b))
            holds = {"Gt": a > b + tol, "GtE": a >= b - tol, "Lt": a < b - tol, "LtE": a <= b + tol,
                     "Eq": abs(a - b) <= tol, "NotEq": abs(a - b) > tol}[op]
            result = result and holds
        return result
    if isinstance(parsed, tuple) and parsed[0] == "bool":
        values = [_truth(p, point, names) for p in parsed[2]]
        if any(v is None for v in values):
            return None
        return all(values) if parsed[1] == "And" else any(values)
    raise NotationError("not a condition")


def _flip_strictness(parsed):
    swap = {"Gt": "GtE", "GtE": "Gt", "Lt": "LtE", "LtE": "Lt", "Eq": "Eq", "NotEq": "NotEq"}
    if parsed[0] == "relation":
        return ("relation", [(swap[op], l, r) for op, l, r in parsed[1]])
    return ("bool", parsed[1], [_flip_strictness(p) for p in parsed[2]])


def label_relation(answer: str, truth: Callable[[dict], bool], domain: ScalarDomain, credit: dict[str, float]) -> Label:
    try:
        parsed = read_scalar(answer, domain.names)
        if not (isinstance(parsed, tuple) and parsed[0] in ("relation", "bool")):
            raise NotationError("not a condition")
    except NotationError as exc:
        return Label("invalid", None, f"unreadable: {exc}")
    points = domain.points()

    def agrees(p):
        values = [_truth(p, point, domain.names) for point in points]
        return all(v is not None and v == truth(point) for v, point in zip(values, points)), sum(v is None for v in values)

    ok, undefined = agrees(parsed)
    if ok:
        return Label(1.0, None, "the same set on the domain")
    reason = f"undefined at {undefined} of {len(points)} points" if undefined else "a different set"
    if "boundary" in credit and agrees(_flip_strictness(parsed))[0]:
        return Label(credit["boundary"], "boundary", reason + " (only the boundary)")
    return Label(0.0, None, reason)


# ================================================================== numbers, vectors, matrices


def label_numeric(answer: Any, expected: np.ndarray, credit: dict[str, float], alternatives: list[tuple[str, np.ndarray, float]],
                  exact: bool = False) -> Label:
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Label("invalid", None, "not numbers")
    expected = np.asarray(expected, dtype=float)

    def equal(a, b):
        return a.shape == b.shape and (np.array_equal(a, b) if exact else np.allclose(a, b, rtol=1e-9, atol=1e-12))

    if value.shape != expected.shape:
        if value.size == expected.size and value.ndim <= 2 and expected.ndim <= 2 and (1 in value.shape or value.ndim == 1):
            value = value.reshape(expected.shape)   # [[1],[2]] for a vector: the same numbers
        else:
            for name, other, share in alternatives:
                if equal(value, np.asarray(other, dtype=float)):
                    return Label(share, name if share else None, f"shape {value.shape}: the rubric's {name}")
            return Label(0.0, None, f"shape {value.shape}, expected {expected.shape}")

    if equal(value, expected):
        return Label(1.0, None, "equal")
    candidates = []
    if "transposed" in credit and value.ndim == 2 and equal(value.T, expected):
        candidates.append((credit["transposed"], "transposed"))
    if "constant_factor" in credit:
        for factor in DEFAULT_FACTORS:
            if equal(value * float(factor), expected):
                candidates.append((credit["constant_factor"], "constant_factor"))
    if "sign_error" in credit and equal(-value, expected):
        candidates.append((credit["sign_error"], "sign_error"))
    for name, other, share in alternatives:
        other = np.asarray(other, dtype=float)
        if equal(value, other):
            candidates.append((share, name))
    return best(candidates, "different numbers")


# ================================================================== matrix expressions


@dataclass
class MatrixSetting:
    shapes: dict[str, tuple[str, str]]                  # name -> (rows, cols) in dimension symbols
    dims: list[dict[str, int]]                          # instances
    derived: Callable[[dict], dict] = lambda env: {}    # node values computed from the inputs
    distributions: dict[str, str] = field(default_factory=dict)


def instances(setting: MatrixSetting, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    envs = []
    for dims in setting.dims:
        env: dict[str, Any] = dict(dims)
        for name, (rows, cols) in setting.shapes.items():
            shape = (dims.get(rows, rows) if isinstance(rows, str) else rows, dims.get(cols, cols) if isinstance(cols, str) else cols)
            kind = setting.distributions.get(name, "normal")
            if kind == "one_hot":
                value = np.zeros(shape)
                value[rng.integers(shape[0]), 0] = 1.0
            elif kind == "binary":
                value = rng.integers(0, 2, size=shape).astype(float)
            elif kind == "scalar":
                value = float(rng.normal())
            else:
                value = rng.normal(size=shape)
            env[name] = value
        env.update(setting.derived(env))
        envs.append(env)
    return envs


def _rewrites(text: str, names: set[str], replace: dict[str, list[str]] | None = None, toggle_transpose: bool = False):
    """Variants of ``text`` with one name occurrence transposed (or un-transposed) / replaced."""
    parts = tokens(to_python(text, names))
    for index, (kind, value) in enumerate(parts):
        if kind != "name" or value not in names:
            continue
        if toggle_transpose:
            if parts[index + 1:index + 3] == [("op", "."), ("name", "T")]:
                new = parts[:index + 1] + parts[index + 3:]
            else:
                new = parts[:index + 1] + [("op", "."), ("name", "T")] + parts[index + 1:]
            yield " ".join(v for _, v in new).replace(" . ", ".")
        for other in (replace or {}).get(value, []):
            new = parts[:index] + [("name", other)] + parts[index + 1:]
            yield " ".join(v for _, v in new).replace(" . ", ".")


def _value(text: str, env: dict):
    try:
        return value_of(text, env)
    except (ShapeProblem, NotationError, ValueError, TypeError, IndexError):
        return None


def label_matrix_expression(answer: str, expected: Callable[[dict], np.ndarray], setting: MatrixSetting,
                            credit: dict[str, float], factors: list = (),
                            mistakes: list[tuple[str, Callable[[dict], np.ndarray], float]] = ()) -> Label:
    envs = instances(setting)
    names = set(envs[0])
    try:
        parse(answer, names)
    except NotationError as exc:
        return Label("invalid", None, f"unreadable: {exc}")
    values = [_value(answer, env) for env in envs]
    targets = [np.asarray(expected(env), dtype=float) for env in envs]
    if all(v is not None and same(v, t) for v, t in zip(values, targets)):
        return Label(1.0, None, "equal at every instance")
    reason = "cannot be evaluated (shapes, or a singular inverse)" if any(v is None for v in values) else "different values"
    candidates = []

    def works(transform, code):
        if code in credit and all(v is not None and same(transform(v, env), t) for v, t, env in zip(values, targets, envs)):
            candidates.append((credit[code], code))

    for factor in DEFAULT_FACTORS:
        works(lambda v, env, f=factor: v * float(f), "constant_factor")
    for factor in factors:     # a named factor, either way round: the answer is off by f or by 1/f
        works(lambda v, env, f=factor: v * value_of(str(f), env), "constant_factor")
        works(lambda v, env, f=factor: v / value_of(str(f), env), "constant_factor")
    works(lambda v, env: -v, "sign_error")
    works(lambda v, env: v.T, "transposed")
    for name, function, share in mistakes:
        if all(v is not None and same(v, np.asarray(function(env))) for v, env in zip(values, envs)):
            candidates.append((share, name))
    return best(candidates, reason)


# ================================================================== backward passes


def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def _softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def spring_forward(env: dict, names: dict[str, str]) -> dict:
    """Columbia spring / Toronto 2.1: a1 = W1 x + b1, c1 = ReLU(a1), a2 = W2 x + b2, c2 = sigmoid(a2),
    g = c1 * c2, y = W3 g + W4 x, y' = softmax(y), J = -sum(t log y').  Adjoints by hand."""
    a1n, c1n, a2n, c2n = names["a1"], names["c1"], names["a2"], names["c2"]
    x, t = env["x"], env["t"]
    a1 = env["W1"] @ x + env["b1"]
    c1 = np.maximum(a1, 0)
    a2 = env["W2"] @ x + env["b2"]
    c2 = _sigmoid(a2)
    g = c1 * c2
    y = env["W3"] @ g + env["W4"] @ x
    yp = _softmax(y)
    s = yp.reshape(-1, 1)
    yp_bar = -t / yp
    y_bar = (np.diagflat(s) - s @ s.T).T @ yp_bar
    g_bar = env["W3"].T @ y_bar
    c1_bar, c2_bar = g_bar * c2, g_bar * c1
    a1_bar, a2_bar = c1_bar * (a1 > 0), c2_bar * c2 * (1 - c2)
    x_bar = env["W1"].T @ a1_bar + env["W2"].T @ a2_bar + env["W4"].T @ y_bar
    return {a1n: a1, c1n: c1, a2n: a2, c2n: c2, "g": g, "y": y, "y_prime": yp,
            "y_prime_bar": yp_bar, "y_bar": y_bar, "g_bar": g_bar, f"{c1n}_bar": c1_bar, f"{c2n}_bar": c2_bar,
            f"{a1n}_bar": a1_bar, f"{a2n}_bar": a2_bar, "x_bar": x_bar}


def spring_terms(names: dict[str, str]) -> dict[str, list[str]]:
    """Each reference adjoint as a sum of terms (for 'one missing term')."""
    a1n, a2n = names["a1"], names["a2"]
    return {"x_bar": ["W1.T @ " + a1n + "_bar", "W2.T @ " + a2n + "_bar", "W4.T @ y_bar"]}


def nyu_forward(env: dict) -> dict:
    """NYU 1.3: z1 = W1 x + b1, z2 = 5 relu(z1), z3 = W2 z2 + b2, y_hat = z3, l = ||y_hat - y||^2."""
    z1 = env["W1"] @ env["x"] + env["b1"]
    z2 = 5 * np.maximum(z1, 0)
    z3 = env["W2"] @ z2 + env["b2"]
    y_hat = z3
    y_hat_bar = 2 * (y_hat - env["y"])
    z3_bar = y_hat_bar
    z2_bar = env["W2"].T @ z3_bar
    z1_bar = 5 * (z1 > 0) * z2_bar
    # the Jacobians the handout gives by name (numerator layout): dz2/dz1 and dy_hat/dz3
    dz2_dz1 = 5 * np.diagflat((z1 > 0).astype(float))
    dyhat_dz3 = np.eye(y_hat.shape[0])
    return {"z1": z1, "z2": z2, "z3": z3, "y_hat": y_hat, "y_hat_bar": y_hat_bar, "z3_bar": z3_bar, "z2_bar": z2_bar,
            "z1_bar": z1_bar, "W2_bar": z3_bar @ z2.T, "b2_bar": z3_bar, "W1_bar": z1_bar @ env["x"].T, "b1_bar": z1_bar,
            "dz2_dz1": dz2_dz1, "dyhat_dz3": dyhat_dz3}


@dataclass
class Backprop:
    setting: MatrixSetting
    order: list[str]                       # answer names, from the loss down
    forward_nodes: list[str]
    terms: dict[str, list[str]]
    chain_target: str | None               # composed-chain check (None: none)
    chain_weight: float
    step_credit: dict[str, float]
    given_adjoints: list[str] | None = None   # the only adjoints a step may use (None: any of a later node)


def _adjoints_used(text: str) -> set[str]:
    return {name for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text) if name.endswith("_bar")}


def label_backprop(answers: dict[str, Any], spec: Backprop) -> Label:
    envs = instances(spec.setting)
    names = set(envs[0])
    parameters = [k for k in spec.setting.shapes]
    shares: dict[str, tuple[float, str | None]] = {}
    for answer in spec.order:
        text = answers.get(answer)
        if text is None:
            shares[answer] = (0.0, "missing")
            continue
        try:
            parse(text, names)
        except NotationError:
            shares[answer] = (0.0, "unreadable")
            continue
        if spec.given_adjoints is not None and isinstance(text, str) and \
                _adjoints_used(text) - set(spec.given_adjoints):
            # the handout gives only these adjoints: a step built on another skips the work asked for
            shares[answer] = (0.0, "not_given")
            continue
        values = [_value(text, env) for env in envs]
        targets = [env[answer] for env in envs]

        def right(vals):
            return all(v is not None and same(v, t) for v, t in zip(vals, targets))

        if right(values):
            shares[answer] = (1.0, None)
            continue
        found: list[tuple[float, str]] = []

        def consider(code, vals):
            if code in spec.step_credit and right(vals):
                found.append((spec.step_credit[code], code))

        consider("sign_error", [None if v is None else -v for v in values])
        for factor in DEFAULT_FACTORS:
            consider("constant_factor", [None if v is None else v * float(factor) for v in values])
        consider("transposed", [None if v is None else v.T for v in values])
        if "transposed" in spec.step_credit:
            matrices = set(parameters) | set(spec.forward_nodes) | set(spec.order[:spec.order.index(answer)]) | {
                k for k in names if k.endswith("_bar") and k not in spec.order}
            for rewritten in _rewrites(text, matrices, toggle_transpose=True):
                consider("transposed", [_value(rewritten, env) for env in envs])
        if "wrong_node" in spec.step_credit:
            nodes = spec.forward_nodes
            replace = {a: [b for b in nodes if b != a] for a in nodes}
            later = spec.order[:spec.order.index(answer)]     # adjoints a step may use: nodes nearer the loss
            if spec.given_adjoints is not None:
                later = [a for a in later if a in spec.given_adjoints]
            replace.update({a: [b for b in later if b != a] for a in later})
            for rewritten in _rewrites(text, set(replace), replace=replace):
                consider("wrong_node", [_value(rewritten, env) for env in envs])
        for term in spec.terms.get(answer, []):
            consider("missing_term", [None if v is None else v + value_of(term, env) for v, env in zip(values, envs)])
        shares[answer] = max(found, default=(0.0, None)) if found else (0.0, None)
    chain_ok = None
    if spec.chain_target is not None and spec.chain_weight > 0:
        chain_ok = True
        for env in envs:
            mine = {k: v for k, v in env.items() if not k.endswith("_bar")}
            for answer in spec.order:
                text = answers.get(answer)
                value = _value(text, mine) if text is not None else None
                if value is None:
                    chain_ok = False
                    break
                mine[answer] = value
            if not chain_ok or not same(mine[spec.chain_target], env[spec.chain_target]):
                chain_ok = False
                break
    total = len(spec.order) + (spec.chain_weight if chain_ok is not None else 0)
    earned = sum(s for s, _ in shares.values()) + (spec.chain_weight if chain_ok else 0)
    wrong = {k: v[1] for k, v in shares.items() if v[0] < 1}
    fraction = round(earned / total, 6)
    diagnosis = ",".join(sorted({code for share, code in shares.values() if code and 0 < share < 1})) or None
    reason = (f"steps not right: {wrong}" if wrong else "all steps right") + (f"; chain {'right' if chain_ok else 'wrong'}" if chain_ok is not None else "")
    return Label(1.0 if fraction == 1 else fraction, diagnosis, reason)


# ================================================================== hard-coded networks


_EXPRESSIONS: dict[str, Any] = {}


def _activation(name: str, convention: str) -> Callable[[Any], Any]:
    key = str(name).replace(" ", "").replace("_", "").replace("-", "").lower()
    table = {
        "relu": lambda z: z if z > 0 else 0 * z, "identity": lambda z: z, "linear": lambda z: z,
        "abs": lambda z: abs(z), "|z|": lambda z: abs(z),
        "i(z>0)": lambda z: 1 if z > 0 else 0, "i(z>=0)": lambda z: 1 if z >= 0 else 0,
        "indicator": lambda z: 1 if -1 <= z <= 1 else 0, "i(zin[1,1])": lambda z: 1 if -1 <= z <= 1 else 0,
        "openindicator": lambda z: 1 if -1 < z < 1 else 0,      # only for the repair below
        "sign": lambda z: (z > 0) - (z < 0),
    }
    if key == "hardthreshold":
        return table[convention.replace(" ", "").lower()]
    if key in table:
        return table[key]
    if name not in _EXPRESSIONS:      # an expression in z: exact (SymPy) on fractions, IEEE on floats
        _EXPRESSIONS[name] = (parse(str(name), ["z"]), read_scalar(str(name).replace("max(", "Max(").replace("min(", "Min("), ["z"]))
    node, symbolic = _EXPRESSIONS[name]

    cache: dict = {}

    def expression(z):
        if isinstance(z, Fraction):
            if z in cache:
                return cache[z]
            value = symbolic.subs(sp.Symbol("z"), sp.Rational(z.numerator, z.denominator))
            cache[z] = Fraction(int(value.p), int(value.q)) if value.is_Rational else float(value)
            return cache[z]
        from matrix_eval import evaluate
        with np.errstate(all="ignore"):
            return float(evaluate(node, {"z": float(z)}))
    return expression


def _dot(weights, inputs, bias):
    total = 0
    for w, h in zip(weights, inputs):
        total = total + w * h
    return total + bias


def _simple_rational(value: float) -> Fraction:
    """The simple rational a float clearly denotes (0.1 -> 1/10, 0.3333333333333333 -> 1/3), else its exact value."""
    guess = Fraction(value).limit_denominator(10 ** 4)
    return guess if float(guess) == value else Fraction(value)


def run_network(layers: list[tuple[list, list, Any]], x: tuple, convention: str, ieee: bool = False) -> list:
    """Forward pass: exactly in rationals (floats read as the rationals they denote), or, with ``ieee``,
    in Python float arithmetic where the student wrote floats."""
    floats = ieee and any(isinstance(v, float) for w, b, _ in layers
                          for v in np.ravel(np.array(w, dtype=object)).tolist() + list(np.ravel(np.array(b, dtype=object))))
    value = [float(v) if floats else Fraction(v) for v in x]

    def conv(v):
        if floats:
            return float(v)
        return _simple_rational(v) if isinstance(v, float) else Fraction(v)

    for weights, bias, phi in layers:
        rows = [list(r) for r in (weights if isinstance(weights[0], (list, tuple)) else [weights])]
        biases = list(bias) if isinstance(bias, (list, tuple)) else [bias]
        if len(biases) != len(rows) or any(len(r) != len(value) for r in rows):
            raise ShapeProblem("weights do not fit")
        phis = phi if isinstance(phi, (list, tuple)) else [phi] * len(rows)
        value = [_activation(p, convention)(_dot([conv(w) for w in r], value, conv(b))) for r, b, p in zip(rows, biases, phis)]
    return value


def _four_inputs(positive: bool) -> list[tuple]:
    rng = random.Random(2025)
    bases = [(1, 2, 3, 4), (1, 2, 3, 7), (1, 2, 4, 7), (1, 2, 4, 8), (1, 2, 3, 6), (2, 3, 5, 10), (1, 3, 5, 9), (3, 5, 9, 18),
             (1, 2, 4, 9), (1, 3, 4, 9), (1, 2, 5, 8), (1, 4, 6, 12), (2, 3, 6, 11), (1, 2, 3, 5)]
    if not positive:
        bases += [(-1, 0, 1, 2), (-5, -2, 1, 7), (-3, 1, 2, 4), (0, 1, 2, 4), (-1, 2, 3, 5), (-2, -1, 3, 6)]
    points = set()
    for base in bases:
        points.update(itertools.permutations(base))
    low = 1 if positive else -12
    while len(points) < 1500:
        candidate = tuple(rng.randint(low, 25) for _ in range(4))
        if len(set(candidate)) == 4:
            points.add(candidate)
    return sorted(points)


def _tasks() -> dict[str, tuple[Callable[[tuple], list], list[tuple]]]:
    def kth_largest(k):
        return lambda x: [1 if sorted(x, reverse=True).index(x[0]) == k - 1 else 0]

    def superincreasing(x):
        return [1 if all(x[i] > sum(x[:i]) for i in range(1, len(x))) else 0]

    rng = random.Random(7)
    pairs = [(a, b) for a in range(1, 9) for b in range(1, 9) if a != b]
    pairs += [(rng.randint(1, 10 ** 6) / 7, rng.randint(1, 10 ** 6) / 11) for _ in range(300)]
    pairs += [(1, 1 + 1e-6), (5, 5.001), (2.5, 2.5000001), (3, 3.0000000001), (0.001, 0.002), (1e-4, 3e-4), (700, 699.9)]
    pairs += [(b, a) for a, b in pairs[-7:]]
    ranks = list(itertools.permutations((1, 2, 3, 4)))
    sorted_inputs = [tuple(sorted(p)) for p in _four_inputs(True)[:400]]
    return {
        "kth_largest": (kth_largest(2), _four_inputs(False)),
        "superincreasing": (superincreasing, _four_inputs(False)),
        "sort2": (lambda x: [min(x), max(x)], pairs),
        "rank_of_first": (lambda x: [1 + sum(v < x[0] for v in x)], _four_inputs(True)),
        "rank_selector": (lambda r: [1 if v == 3 else 0 for v in r], ranks),
        "kth_of_sorted": (lambda s: [s[2]], sorted_inputs),
        **{f"kth_largest_{k}": (kth_largest(k), _four_inputs(False)) for k in (1, 3, 4)},
    }


TASKS = None


def _network_right(layers, task: str, convention: str, transform=lambda out: out) -> bool:
    """Right on every test point, either read exactly (floats as the rationals they denote) or in IEEE doubles."""
    return any(_network_right_in(layers, task, convention, transform, ieee) for ieee in (False, True))


def _network_right_in(layers, task, convention, transform, ieee) -> bool:
    global TASKS
    TASKS = TASKS or _tasks()
    target, points = TASKS[task]
    for x in points:
        try:
            out = run_network(layers, x, convention, ieee)
        except (ShapeProblem, ZeroDivisionError, OverflowError, ValueError, TypeError):
            return False
        want = target(tuple(Fraction(v) for v in x)) if not ieee else target(x)
        out = transform(out)
        if len(out) != len(want) or any(o != w for o, w in zip(out, want)):
            return False
    return True


def _hidden_layer_suffices(layers, task: str, convention: str) -> bool:
    """The rubric's 'hidden layer right, output wrong': the hidden outputs determine the answer (no two
    test points with the same hidden outputs need different answers), so replacing the output unit
    alone can repair the network."""
    global TASKS
    TASKS = TASKS or _tasks()
    target, points = TASKS[task]
    for ieee in (False, True):
        seen: dict[tuple, tuple] = {}
        consistent = True
        for x in points:
            try:
                hidden = tuple(run_network(layers[:1], x, convention, ieee))
            except (ShapeProblem, ZeroDivisionError, OverflowError, ValueError, TypeError):
                return False
            want = tuple(target(tuple(Fraction(v) for v in x)))
            if seen.setdefault(hidden, want) != want:
                consistent = False
                break
        if consistent:
            return True
    return False


def label_network(answers: dict[str, Any], layer_names: list[tuple[str, str | None, str | None]], task: str,
                  convention: str, credit: dict[str, float], mistakes: list[tuple[str, str, float]] = (),
                  wrong_k: list[str] = (), layouts: tuple[str, ...] = ("unit_rows",)) -> Label:
    def build(values):
        layers = []
        for weights, bias, phi in layer_names:
            w = values[weights]
            layers.append((w, values[bias] if bias else [0] * (len(w) if isinstance(w[0], (list, tuple)) else 1),
                           values[phi] if phi and phi in values else (phi or "identity")))
        return layers

    layers = build(answers)
    global TASKS
    TASKS = TASKS or _tasks()
    if _network_right(layers, task, convention):
        return Label(1.0, None, "right on every test point, in the network's own arithmetic")
    if "unit_columns" in layouts:
        # the handout allows one column per unit (a^T W + b^T) when used in every layer: every matrix
        # read transposed; a symmetric matrix reads the same either way
        columns = [([list(r) for r in zip(*w)] if isinstance(w[0], (list, tuple)) else w, b, phi) for w, b, phi in layers]
        if _network_right(columns, task, convention):
            return Label(1.0, None, "right with every weight matrix read as one column per unit (an allowed layout)")
    candidates = []
    swap = {"i(z>0)": "I(z>=0)", "i(z>=0)": "I(z>0)"}

    def flip(phi):
        key = str(phi).replace(" ", "").replace("_", "").lower()
        if key == "hardthreshold":
            key = convention.replace(" ", "").lower()
        return swap.get(key, phi)

    if "wrong_threshold_convention" in credit:
        flipped = [(w, b, [flip(p) for p in phi] if isinstance(phi, list) else flip(phi)) for w, b, phi in layers]
        for variant in [flipped] + [layers[:i] + [flipped[i]] + layers[i + 1:] for i in range(len(layers))]:
            if _network_right(variant, task, convention):
                candidates.append((credit["wrong_threshold_convention"], "wrong_threshold_convention"))
    if "indicator_closed_interval" in credit:     # designed for an open interval (-1, 1)
        def opened(phi):
            key = str(phi).replace(" ", "").replace("_", "").lower()
            return "open_indicator" if key in ("indicator", "i(zin[-1,1])") else phi
        opened_layers = [(w, b, [opened(p) for p in phi] if isinstance(phi, list) else opened(phi)) for w, b, phi in layers]
        if opened_layers != layers and _network_right(opened_layers, task, convention):
            candidates.append((credit["indicator_closed_interval"], "indicator_closed_interval"))
    if "transposed" in credit:
        for i, (w, b, phi) in enumerate(layers):
            if isinstance(w[0], (list, tuple)):
                transposed = [list(r) for r in zip(*w)]
                if _network_right(layers[:i] + [(transposed, b, phi)] + layers[i + 1:], task, convention):
                    candidates.append((credit["transposed"], "transposed"))
    if "bias_off" in credit:      # the output unit's bias alone moved (to a multiple of 1/2 in [-8, 8])
        w, b, phi = layers[-1]
        if len(b) == 1:
            for shift in range(-16, 17):
                if _network_right(layers[:-1] + [(w, [Fraction(shift, 2)], phi)], task, convention):
                    candidates.append((credit["bias_off"], "bias_off"))
                    break
    def signs(outputs, mask):
        return [-v if negate else v for v, negate in zip(outputs, mask)]

    width = len(TASKS[task][0](TASKS[task][1][0])) if TASKS else 1
    masks = [m for m in itertools.product((False, True), repeat=width) if any(m)]
    repairs = [("outputs_swapped", lambda o: o[::-1]), ("inverted_output", lambda o: [1 - v for v in o])]
    repairs += [("sign_flip", lambda o, m=m: signs(o, m)) for m in masks]              # some outputs negated
    repairs += [("wrong_order_and_sign", lambda o, m=m: signs(o[::-1], m)) for m in masks]
    for code, transform in repairs:
        if code in credit and _network_right(layers, task, convention, transform):
            candidates.append((credit[code], code))
    if "hidden_layer_ok_output_wrong" in credit and len(layers) == 2 and _hidden_layer_suffices(layers, task, convention):
        candidates.append((credit["hidden_layer_ok_output_wrong"], "hidden_layer_ok_output_wrong"))
    for name, other_task, share in mistakes:
        if _network_right(layers, other_task, convention):
            candidates.append((share, name))
    if "wrong_k" in credit:
        for other in wrong_k:
            if _network_right(layers, other, convention):
                candidates.append((credit["wrong_k"], "wrong_k"))
    return best(candidates, "wrong on some input")


def label_comparators(blocks: Any, credit: dict[str, float]) -> Label:
    def sorts(network) -> bool:
        for bits in itertools.product((0, 1), repeat=4):
            values = list(bits)
            for i, j in network:
                i, j = i - 1, j - 1
                if values[i] > values[j]:
                    values[i], values[j] = values[j], values[i]
            if values != sorted(values):
                return False
        return True

    try:
        network = [tuple(int(v) for v in block) for block in blocks]
        if any(len(b) != 2 or not (1 <= b[0] < b[1] <= 4) for b in network):
            return Label("invalid", None, "blocks must be pairs [i, j] with 1 <= i < j <= 4")
    except (TypeError, ValueError):
        return Label("invalid", None, "not a list of pairs")
    if sorts(network):
        return Label(1.0, None, "sorts all 16 zero-one inputs (so every input)")
    if "missing_comparator" in credit:
        for position in range(len(network) + 1):
            for block in itertools.combinations(range(1, 5), 2):
                if sorts(network[:position] + [block] + network[position:]):
                    return Label(credit["missing_comparator"], "missing_comparator", "one block short of a sorting network")
    return Label(0.0, None, "does not sort")


def label_steps(steps: list[str], aliases: dict[str, str]) -> Label:
    names = [aliases.get(s.strip().lower(), aliases.get(s.strip(), s.strip().lower())) for s in steps]
    if sorted(names) != sorted(["forward", "loss", "zero_grad", "backward", "step"]):
        return Label(0.0, None, "not the five steps")
    at = {s: i for i, s in enumerate(names)}
    if at["forward"] < at["loss"] < at["backward"] < at["step"] and at["zero_grad"] < at["backward"]:
        return Label(1.0, None, "a valid order (zero_grad before backward)")
    return Label(0.0, None, "an order that does not train correctly")


def _graph_node(name: str) -> str:
    """A node as the handouts write it: y' is y_prime, w_1 is w1, spaces dropped."""
    name = name.strip().replace(" ", "")
    name = re.sub(r"^\\?mathcal\{?(\w)\}?$", r"\1", name)
    name = re.sub(r"^([A-Za-z]+)_\{?(\d+)\}?$", r"\1\2", name)
    return name[:-1] + "_prime" if name.endswith("'") else name


def label_graph(edges: Any, expected: set[tuple[str, str]], optional_nodes: set[str] = frozenset(),
                scoring: str = "per_edge", extra_penalty: float = 1.0) -> Label:
    """A computation graph as edges "a -> b" (chains "a -> b -> c" allowed, the arrow also as →):
    right when its edge set, edges from the optional nodes (weights, biases) left out, is the handout's.

    Otherwise, as a TA marks a drawn graph edge by edge: each required edge is one part, and each
    missing edge and each wrong extra edge (weighted by the rubric's ``extra_penalty``) costs one
    part, an edge drawn the wrong way round one part in all, down to 0 -- the same per-part rule as the steps of a backward pass.  A rubric that says
    ``scoring = "all_or_nothing"`` gives 0 instead."""
    if not isinstance(edges, list) or not all(isinstance(e, str) for e in edges):
        return Label("invalid", None, "not a list of edge strings")
    found = set()
    for text in edges:
        nodes = [_graph_node(part) for part in text.replace("→", "->").split("->")]
        if len(nodes) < 2 or any(not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", node) for node in nodes):
            return Label("invalid", None, f"cannot read the edge {text!r}")
        found.update(zip(nodes, nodes[1:]))
    found = {(a, b) for a, b in found if a not in optional_nodes and b not in optional_nodes}
    if found == expected:
        return Label(1.0, None, "the handout's edges")
    missing, extra = sorted(expected - found), sorted(found - expected)
    why = f"missing {missing}, extra {extra}"
    if scoring != "per_edge":
        if scoring != "all_or_nothing":
            raise KeyError(f"graph scoring {scoring!r} has no labelling rule")
        return Label(0.0, None, why)
    reversed_pairs = [edge for edge in extra if (edge[1], edge[0]) in expected - found]  # drawn the wrong way round
    wrong = len(missing) + extra_penalty * len(extra) - (1 + extra_penalty) * len(reversed_pairs) + len(reversed_pairs)
    share = max(0.0, 1 - wrong / len(expected))
    return Label(round(share, 6), None, f"{why}: per edge")


def label_set(names: Any, accepted: set[str], aliases: dict[str, str], choose: int, partial: bool) -> Label:
    """Names chosen from a set: each distinct accepted name (after the rubric's aliases) is worth 1/choose
    when the rubric allows partial credit; all of them are needed otherwise."""
    if not isinstance(names, list) or not all(isinstance(v, str) for v in names):
        return Label("invalid", None, "not a list of names")
    read = {aliases.get(v.strip().lower(), v.strip().lower()) for v in names}
    right = len(read & accepted)
    if right >= choose and len(names) == choose:
        return Label(1.0, None, f"{choose} distinct accepted names")
    share = round(min(right, choose) / choose, 6) if partial else 0.0
    return Label(share, None, f"{right} distinct accepted names of {choose} (the rubric's partial option)")


# ================================================================== the corpus


def load_corpus() -> list[Entry]:
    entries = []
    for path in sorted(CORPUS_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        assignment = data["assignment"]
        bases = data.get("base", {})
        for raw in data["answers"]:
            answers = dict(bases.get(raw["item"], {}))
            if "value" in raw:
                names = rubric_item(assignment, raw["item"])["answers"]
                answers[names[0]] = raw["value"]
            answers.update(raw.get("values", {}))
            for name in raw.get("missing", []):
                answers.pop(name, None)
            entries.append(Entry(id=raw["id"], assignment=assignment, item=raw["item"], answers=answers,
                                 classes=list(raw.get("classes", [])), note=raw.get("note", ""), expect=raw["expect"],
                                 variant=raw.get("variant"), missing=list(raw.get("missing", [])),
                                 given=dict(raw.get("values", {})) if "value" not in raw else {"value": raw["value"]}))
    return entries


def label(entry: Entry) -> Label:
    from item_references import ITEM_LABELLERS  # the per-item references (items.py builds on this module)

    labeller = ITEM_LABELLERS.get((entry.assignment, entry.item))
    if labeller is None:
        raise KeyError(f"{entry.id}: no labeller for {entry.assignment} / {entry.item}")
    return labeller(entry)


def main(argv: list[str]) -> int:
    entries = load_corpus()
    if "--write-policy" in argv:
        write_policy_snapshot(entries)
        print(f"wrote {POLICY_FILE}")
        return 0
    out = []
    for entry in entries:
        result = label(entry)
        out.append({"id": entry.id, "item": entry.item, "label": result.fraction, "diagnosis": result.diagnosis,
                    "expect": entry.expect, "reason": result.reason})
        if "--json" not in argv:
            flag = "" if result.fraction == entry.expect else "   <-- differs from the author's expectation"
            print(f"{entry.id:28} {entry.item:32} {str(result.fraction):10} {result.diagnosis or '':24} {result.reason}{flag}")
    if "--json" in argv:
        print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    import label as module  # one copy of the module for items.py and for this script

    raise SystemExit(module.main(sys.argv[1:]))
