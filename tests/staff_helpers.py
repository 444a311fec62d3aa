"""Generated class folders for the staff-workflow tests (batch, manual, Gradescope, notebooks).

They grade against tests/data/staff_hw.toml, a frozen copy of the Columbia hw1 question 1.3
items (the shipped rubric grows as questions are added).  Each student's correct answers are
computed here for *their* variant, the way a student would from their own handout, so a
"correct" submission scores full marks whatever variant the student's id hashes to.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from grader.rubric import Rubric
from grader.variants import parameters_for, variant_for

ROOT = Path(__file__).resolve().parent.parent
RUBRIC_PATH = ROOT / "tests" / "data" / "staff_hw.toml"
SHIPPED_RUBRIC = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
ASSIGNMENT = "staff-test-hw"
FULL_AUTOMATIC = 13.0


def answers_for(rubric: Rubric, student: str | None) -> dict[str, object]:
    p = parameters_for(rubric, variant_for(rubric, student))
    v, x = np.array(p["hessian_v"]), np.array(p["hessian_x"])
    v2, y = np.array(p["vhp_v"]), np.array(p["vhp_y"])
    m = float(v2 @ y)
    return {"H": np.outer(v, v).tolist(), "H_times_x": (np.outer(v, v) @ x).tolist(), "M": m,
            "H_vhp": np.outer(v2, v2).tolist(), "z": (v2 * m).tolist()}


def source(rubric: Rubric, student: str | None, kind: str) -> str:
    """A submission of a given kind for ``student`` (None: the rubric's default variant)."""
    a = answers_for(rubric, student)
    head = f'# submission of {student}\nASSIGNMENT = "{ASSIGNMENT}"\n'
    explanation = f"explanation_1_3 = {f'H = v v^T because L = 1/2 (v^T x)^2 ({student})'!r}\n"
    if kind == "correct":
        return head + f"H = {a['H']}\nM = {a['M']}\nH_vhp = {a['H_vhp']}\nz = {a['z']}\n" + explanation
    if kind == "hessian_times_x":  # the known mistake: 1 of 5 points on the Hessian
        return head + f"H = {a['H_times_x']}\nM = {a['M']}\nH_vhp = {a['H_vhp']}\nz = {a['z']}\n" + explanation
    if kind == "wrong_z":
        return head + f"H = {a['H']}\nM = {a['M']}\nH_vhp = {a['H_vhp']}\nz = {[-c for c in a['z']]}\n" + explanation
    if kind == "syntax_error":  # M's line does not parse: only M is lost
        return head + f"H = {a['H']}\nM = = {a['M']}\nH_vhp = {a['H_vhp']}\nz = {a['z']}\n"
    if kind == "crash":  # stops before any answer
        return head + "raise SystemExit('I give up')\n"
    if kind == "busy_loop":  # hostile: never finishes
        return head + "while True:\n    pass\n"
    raise ValueError(kind)


def notebook(cells: list[str]) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": c.splitlines(keepends=True)} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def batch_report(out: Path, student: str):
    """A student's report from a `grader batch` output folder, found through its summary.json."""
    from grader.report import Report

    summary = json.loads((out / "summary.json").read_text())
    row = next(r for r in summary["students"] if r["student"] == student)
    return Report.model_validate_json((out / row["report"]).read_text())


def folder_snapshot(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` and its bytes (to prove a command changed nothing)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
