"""The README is a short front door that opens with the two commands, and every link in the docs resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md"]

# [text](target), outside code; the target has no spaces (markdown's own rule for a bare target).
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def _prose(text: str) -> str:
    """The page without code blocks and inline code, where link syntax is literal text."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = INLINE_CODE.sub(lambda m: m.group(0).strip("`"), heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {_anchor(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE)}


def _links(page: Path) -> list[str]:
    return LINK.findall(_prose(page.read_text(encoding="utf-8")))


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 160, f"README.md has {len(lines)} lines; details belong in docs/"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    lines = README.read_text(encoding="utf-8").splitlines()
    title, blank, fence, install_and_grade, install_and_test, close = lines[:6]
    assert title.startswith("# ") and blank == "" and fence == "```bash" and close == "```"
    assert install_and_grade.startswith("pip install -e . && grader run submissions_example/")
    assert install_and_grade.endswith(" --format text")
    assert (ROOT / install_and_grade.split()[7]).is_file()
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert install_and_test == ci_command == 'pip install -e ".[test]" && python -m pytest'


def test_the_link_finder_sees_links_and_skips_code():
    page = "see [a](docs/a.md) and `[b](nowhere.md)`\n```\n[c](nowhere.md)\n```\n[d](b.md#x-y)\n"
    assert LINK.findall(_prose(page)) == ["docs/a.md", "b.md#x-y"]
    assert _anchor("How it is fast") == "how-it-is-fast"
    assert _anchor("Modes (root, container, laptop)") == "modes-root-container-laptop"
    assert _anchor("Bounded checks (`benchmarks/bench_worst_check.py`, issue 15)") == \
        "bounded-checks-benchmarksbench_worst_checkpy-issue-15"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for target in _links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path, _, fragment = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in _anchors(resolved):
            broken.append(f"{target}: no heading #{fragment} in {resolved.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_readme_links_every_docs_page():
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in _links(README)}
    missing = [p.name for p in sorted((ROOT / "docs").iterdir()) if p.is_file() and p.resolve() not in linked]
    assert not missing, f"README.md does not link {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_docs_path_mentioned_exists(page):
    # Also paths in plain text or code, e.g. "see docs/check-budget.md": a page that moved leaves none behind.
    text = page.read_text(encoding="utf-8")
    mentioned = set(re.findall(r"(?<![\w./-])docs/[\w.-]+\.(?:md|yml)", text))
    assert not [m for m in mentioned if not (ROOT / m).is_file()]
