"""Every example submission gets exactly the score and statuses recorded in its expected.toml."""

from __future__ import annotations

import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.api import grade

EXAMPLES = Path(__file__).resolve().parent.parent / "submissions_example"


def _cases():
    for manifest in sorted(EXAMPLES.glob("*/expected.toml")):
        if manifest.parent.name in ("hostile", "messy"):
            continue  # the hostile and messy corpora have their own tests with stricter checks
        for entry in tomllib.loads(manifest.read_text())["submission"]:
            yield pytest.param(manifest.parent / entry["file"], entry, id=f"{manifest.parent.name}/{entry['file']}")


CASES = list(_cases())


@pytest.fixture(scope="module")
def reports():
    """Grade all examples once, two at a time (each runs in its own child process)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        paths = [case.values[0] for case in CASES]
        entries = [case.values[1] for case in CASES]
        done = list(pool.map(lambda pe: grade(pe[0], student=pe[1].get("student"), term=pe[1].get("term")), zip(paths, entries)))
    return {str(path): report for path, report in zip(paths, done)}


@pytest.mark.parametrize("path,expected", CASES)
def test_example_scores(path, expected, reports):
    report = reports[str(path)]
    by_id = {item.id: item for item in report.items}
    assert report.score == pytest.approx(expected["score"]), [(i.id, i.score, i.status, i.feedback) for i in report.items]
    for item_id, status in expected.get("statuses", {}).items():
        assert by_id[item_id].status == status, (item_id, by_id[item_id].feedback)
    for item_id, diagnosis in expected.get("diagnoses", {}).items():
        assert by_id[item_id].diagnosis == diagnosis, (item_id, by_id[item_id].feedback)
    assert report.max_score > 0
