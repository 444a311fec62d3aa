"""The accuracy corpus and its labeller: independent of the grader, self-consistent, complete.

The labels are what benchmarks/bench_accuracy.py compares the grader with, so they must not share
code with it: the labeller may not import ``grader`` (checked on the source and in a fresh
interpreter), every derived label must equal the corpus author's intent (``expect``), and every
partial label must name a fix the rubric makes visible.  Nothing here grades with the grader.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import label  # noqa: E402

# Every misfire class of issue 13 (and the forms the corpus must cover), with a minimum count.
REQUIRED_CLASSES = {
    "correct": 20, "correct_unusual": 20, "messy": 10, "latex": 5,
    "monomial_ratio": 10, "wrong_number": 10, "double_slip": 8, "one_term_alone": 5, "missing_step": 8,
    "undefined": 10, "regime": 8, "float_network": 5, "smooth_abs": 3, "transposed_square": 3,
    "other_variant": 6, "missing_relu_derivative": 6, "justified_partial": 30, "plain_wrong": 30, "invalid": 2,
}
ASSIGNMENTS = {"columbia-nndl-hw1", "toronto-csc413-a1", "nyu-dl-hw1"}
LABELLER_FILES = sorted(p for p in HERE.glob("*.py") if p.name != "test_labels.py") + [HERE / "test_labels.py"]


@pytest.fixture(scope="module")
def corpus():
    return label.load_corpus()


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            names.add("__import__")
    return names


def test_the_labeller_source_imports_nothing_from_the_grader():
    for path in LABELLER_FILES:
        modules = _imported_modules(path)
        assert not {m for m in modules if m.split(".")[0] in ("grader", "reference", "__import__")}, (path.name, modules)
        source = path.read_text()
        calls = {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                 for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)}
        assert not calls & {"eval", "exec", "sympify", "parse_expr", "parse_latex", "import_module"}, (path.name, calls)


def test_every_label_is_derived_as_the_author_intended_and_without_the_grader():
    """Labels the whole corpus in a fresh interpreter; the grader must never be imported there.

    ``expect`` was written against the rubric policy recorded in corpus/rubric_policy.json; an item
    whose rubric has since changed its shares or fixes is only checked for a well-formed label
    (rerun ``python tests/accuracy/label.py --write-policy`` after updating its ``expect`` values)."""
    script = ("import json, sys, label\n"
              "snapshot = json.loads(label.POLICY_FILE.read_text())\n"
              "def same(e): return snapshot.get(e.assignment + '/' + e.item) == label.visible_policy(e.assignment, e.item)\n"
              "out = {e.id: [label.label(e).fraction, e.expect if same(e) else 'changed'] for e in label.load_corpus()}\n"
              "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('grader', 'reference'))\n"
              "print(json.dumps({'labels': out, 'leaked': leaked}))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=HERE, capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(HERE), "HOME": str(HERE)})
    result = json.loads(done.stdout)
    assert result["leaked"] == []
    differing = {k: v for k, v in result["labels"].items() if v[0] != v[1] and v[1] != "changed"}
    assert not differing, differing
    assert all(v[0] == "invalid" or 0 <= v[0] <= 1 for v in result["labels"].values())
    changed = sorted(k for k, v in result["labels"].items() if v[1] == "changed")
    if changed:
        print(f"{len(changed)} answers belong to items whose rubric policy changed since the corpus was written: {changed[:10]} ...")
    assert len(result["labels"]) >= 300


def test_the_corpus_covers_three_assignments_and_every_class(corpus):
    assert len(corpus) >= 330
    per_assignment = Counter(e.assignment for e in corpus)
    assert set(per_assignment) == ASSIGNMENTS and min(per_assignment.values()) >= 60, per_assignment
    classes = Counter(c for e in corpus for c in e.classes)
    short = {c: (classes.get(c, 0), n) for c, n in REQUIRED_CLASSES.items() if classes.get(c, 0) < n}
    assert not short, short
    assert set(classes) <= set(REQUIRED_CLASSES), set(classes) - set(REQUIRED_CLASSES)
    assert len({e.id for e in corpus}) == len(corpus)
    assert all(e.note for e in corpus)


def test_every_answer_is_for_an_automatic_item_of_its_rubric(corpus):
    for entry in corpus:
        item = label.rubric_item(entry.assignment, entry.item)
        assert item["kind"] != "manual", entry.id
        if entry.variant is not None:
            names = {name or term for term, name, _ in label._parameter_sets(entry.assignment)}
            assert entry.variant in names, entry.id
        if "terms" in item:  # an item asked in some terms only (issue 17: terms, not variants, choose items)
            assert label.term_of(entry.assignment, entry.variant) in item["terms"], entry.id
        assert set(entry.answers) <= set(item["answers"]), (entry.id, set(entry.answers) - set(item["answers"]))


def test_partial_labels_name_a_fix_the_rubric_makes_visible(corpus):
    for entry in corpus:
        result = label.label(entry) if entry.expect not in (0, 1, "invalid") else None
        if result is None or result.diagnosis is None:
            continue
        item = label.rubric_item(entry.assignment, entry.item)
        visible = set(item.get("partial_credit", {})) | set(item.get("options", {}).get("step_credit", {}))
        visible |= {m["name"] for m in item.get("mistakes", [])}
        assert set(result.diagnosis.split(",")) <= visible, (entry.id, result.diagnosis, visible)


# ---------------------------------------------------------------- the labeller's rules on small cases

def test_monomial_ratios_earn_no_constant_factor_credit():
    import sympy as sp
    m, n = sp.symbols("m n", positive=True)
    domain = label.ScalarDomain(("m", "n"), label._natural_points(("m", "n")))
    credit = {"constant_factor": 0.5, "missing_term": 0.5, "extra_term": 0.5}
    for answer in ("1", "m", "3", "m*n"):
        assert label.label_scalar(answer, 3 * m * n, domain, credit, count=True).fraction == 0, answer
    assert label.label_scalar("6 m n", 3 * m * n, domain, credit, count=True).fraction == 0.5
    assert label.label_scalar("m", 2 * m * n + m, domain, credit, count=True).fraction == 0      # one term alone
    assert label.label_scalar("2mn", 2 * m * n + m, domain, credit, count=True).fraction == 0.5  # a lower-order term missing
    assert label.label_scalar("3*m*n + 1/(n - 5)", 3 * m * n, domain, credit, count=True).fraction == 0


def test_undefined_points_are_disagreement_in_relations():
    domain = label.ScalarDomain(("m", "n"), label._natural_points(("m", "n")))
    truth = lambda p: p["n"] < p["m"]  # noqa: E731
    assert label.label_relation("m > n", truth, domain, {}).fraction == 1
    assert label.label_relation("sqrt(1 - n) + m > n", truth, domain, {}).fraction == 0
    assert label.label_relation("m >= n", truth, domain, {"boundary": 0.75}).fraction == 0.75


def test_networks_are_read_in_the_arithmetic_the_student_used():
    layers = [([[-1, 1, 0, 0], [-1, -1, 1, 0], [-1, -1, -1, 1]], [0, 0, 0], "I(z>0)"), ([[1 / 3] * 3], [-1], "I(z>=0)")]
    assert label._network_right(layers, "superincreasing", "I(z>=0)")
    smooth = [([[0.5, -0.5], [0.5, 0.5]], [0, 0], ["sqrt(z**2 + 1e-12)", "identity"]), ([[-1, 1], [1, 1]], [0, 0], "identity")]
    assert not label._network_right(smooth, "sort2", "I(z>0)")
    exact = [([[0.5, -0.5], [0.5, 0.5]], [0, 0], ["abs", "identity"]), ([[-1, 1], [1, 1]], [0, 0], "identity")]
    assert label._network_right(exact, "sort2", "I(z>0)")


def test_the_reference_backward_pass_matches_finite_differences():
    import numpy as np
    env = label.instances(label.MatrixSetting(shapes={"x": ("D", 1), "t": ("K", 1), "W1": ("H", "D"), "b1": ("H", 1),
                                                      "W2": ("H", "D"), "b2": ("H", 1), "W3": ("K", "H"), "W4": ("K", "D")},
                                              dims=[{"D": 3, "H": 4, "K": 5}], distributions={"t": "one_hot"}))[0]
    names = {"a1": "a1", "c1": "c1", "a2": "a2", "c2": "c2"}

    def loss(x):
        values = label.spring_forward({**env, "x": x}, names)
        return float(-(env["t"] * np.log(values["y_prime"])).sum())

    x_bar = label.spring_forward(env, names)["x_bar"]
    for i in range(3):
        step = np.zeros_like(env["x"])
        step[i] = 1e-6
        assert abs((loss(env["x"] + step) - loss(env["x"] - step)) / 2e-6 - x_bar[i, 0]) < 1e-5


def test_the_benchmark_packs_one_answer_per_item_into_each_submission(corpus):
    """The benchmark (which does use the grader) never puts two answers to one item in one file."""
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "benchmarks" / "bench_accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    slots = bench.pack(corpus)
    assert sum(len(group) for group in slots.values()) == len(corpus)
    for group in slots.values():
        items = [e.item for e in group]
        assert len(items) == len(set(items))
        assert len({(e.assignment, e.variant) for e in group}) == 1
    assert bench.classify(1.0, {"fraction": 1.0}) == "agree"
    assert bench.classify(0.0, {"fraction": 0.5}) == "unjustified_partial"
    assert bench.classify(0.5, {"fraction": 1.0}) == "false_accept"
    assert bench.classify(1.0, {"fraction": 0.0}) == "false_reject"
    assert bench.classify("invalid", {"fraction": 0.0}) == "agree"
