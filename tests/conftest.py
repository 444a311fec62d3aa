"""Shared fixtures: project paths and short sandbox limits for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _register_staff_helpers() -> None:
    """Make tests/staff_helpers.py importable as `staff_helpers` (pytest uses --import-mode=importlib)."""
    import importlib.util
    import sys

    if "staff_helpers" not in sys.modules:
        spec = importlib.util.spec_from_file_location("staff_helpers", Path(__file__).with_name("staff_helpers.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["staff_helpers"] = module
        spec.loader.exec_module(module)


_register_staff_helpers()
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
