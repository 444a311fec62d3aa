"""Shared fixtures: project paths and short sandbox limits for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = ROOT / "rubrics"
EXAMPLES = ROOT / "submissions_example"


@pytest.fixture
def fast_limits():
    from grader.sandbox.runner import Limits

    return Limits(wall_seconds=5, cpu_seconds=3, memory_mb=768)


@pytest.fixture
def columbia_rubric():
    from grader.rubric import load_rubric

    return load_rubric(RUBRICS / "columbia_nndl_hw1.toml")
