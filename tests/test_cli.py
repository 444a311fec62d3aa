"""The command line: reports in each format, exit codes, template, schema, variant."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORRECT = ROOT / "submissions_example/columbia_nndl_hw1/correct.py"
RUBRIC = ROOT / "rubrics/columbia_nndl_hw1.toml"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_run_json_default(tmp_path):
    out = tmp_path / "results" / "report.json"
    result = invoke("run", CORRECT, "--output", out)
    assert result.exit_code == 0
    report = json.loads(out.read_text())
    assert report["score"] == report["max_score"] > 0
    assert {"assignment", "score", "max_score", "seed", "items"} <= set(report)


def test_run_gradescope_and_text():
    report = json.loads(invoke("run", CORRECT).output)
    gradescope = json.loads(invoke("run", CORRECT, "--format", "gradescope").output)
    assert gradescope["score"] == report["score"] and len(gradescope["tests"]) == len(report["items"])
    text = invoke("run", CORRECT, "--format", "text", "--seed", "3").output
    total = f"{report['max_score']:g}"
    assert f"Score: {total} / {total}" in text


def test_exit_zero_for_any_score_nonzero_without_report(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text('ASSIGNMENT = "columbia-nndl-hw1"\nH = (\n')
    assert invoke("run", broken).exit_code == 0
    bad_rubric = tmp_path / "bad.toml"
    bad_rubric.write_text("[assignment]\nid = 'x'\n")
    result = invoke("run", CORRECT, "--rubric", bad_rubric)
    assert result.exit_code == 2 and "bad.toml" in result.output
    no_assignment = tmp_path / "anon.py"
    no_assignment.write_text("H = 1\n")
    result = invoke("run", no_assignment)
    assert result.exit_code == 2 and "ASSIGNMENT" in result.output
    assert invoke("run", tmp_path / "absent.py").exit_code == 2


def test_template_lists_every_answer_name():
    output = invoke("template", RUBRIC).output
    for name in ("H", "M", "H_vhp", "z", "explanation_1_3"):
        assert f"\n{name} = None" in output
    assert 'ASSIGNMENT = "columbia-nndl-hw1"' in output
    compile(output, "template.py", "exec")  # the template itself is valid Python


def test_schema_kinds_variant():
    assert "properties" in json.loads(invoke("schema").output)
    assert "matrix" in invoke("kinds").output
    variant = json.loads(invoke("variant", RUBRIC, "--student", "s1").output)
    assert (variant["term"], variant["variant"]) == ("spring-2025", None) and "hessian_v" in variant["parameters"]
    variant = json.loads(invoke("variant", RUBRIC, "--student", " S1 ", "--term", "fall-2025").output)
    assert variant["key"] == "s1" and variant["variant"] in {"fall-2025-a", "fall-2025-b"}


def test_console_script_runs_from_a_shell():
    result = subprocess.run([sys.executable, "-m", "grader.cli", "run", str(CORRECT), "--format", "text"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and "Score: " in result.stdout and "Isolation:" in result.stdout


def _zygotes() -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if b"--zygote" in handle.read():
                        found.add(int(entry))
            except OSError:
                pass
    return found


def test_quick_exits_leave_complete_output_and_no_process(tmp_path):
    """`grader run` and `grader batch` end with os._exit: their output is whole, the exit code
    kept, and the batch's zygote exits with it."""
    report = tmp_path / "out" / "report.json"
    result = subprocess.run([sys.executable, "-m", "grader.cli", "run", str(CORRECT), "-o", str(report)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(report.read_text())["score"] > 0
    printed = subprocess.run([sys.executable, "-m", "grader.cli", "run", str(CORRECT)],
                             capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert json.loads(printed.stdout)["score"] == json.loads(report.read_text())["score"]
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("alice.py", "bob.py"):
        (folder / name).write_text(CORRECT.read_text())
    before = _zygotes()
    batch = subprocess.run([sys.executable, "-m", "grader.cli", "batch", str(folder), "--rubric", str(RUBRIC),
                            "-o", str(tmp_path / "grades"), "--no-progress"],
                           capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "GRADER_SANDBOX_ZYGOTE": "1"})
    assert batch.returncode == 0, batch.stderr
    assert "2 submissions" in batch.stdout
    assert (tmp_path / "grades" / "summary.html").stat().st_size > 0
    deadline = time.monotonic() + 5
    while _zygotes() - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _zygotes() - before
