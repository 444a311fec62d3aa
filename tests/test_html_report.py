"""The batch's HTML pages, looked at in headless Chromium: no layout overflow, every link resolves,
tables sort, student pages render the report (not raw JSON), feedback is never cut mid-word,
not-run submissions are listed once.

Chromium is installed with apt-get when missing (as root); the browser test is skipped only when
it cannot be installed.  CI: `apt-get update && apt-get install -y chromium` (see .ci/run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from grader.batch import grade_batch
from grader.rubric import load_rubric
from grader.sandbox.runner import Limits
from grader.summary import cut_words

ROOT = Path(__file__).resolve().parent.parent
TERMS_RUBRIC = ROOT / "tests" / "data" / "terms_hw.toml"
FAST = Limits(wall_seconds=10, cpu_seconds=2, memory_mb=768)
LONG_NAME = "a-student-with-an-uncommonly-long-identifier-" + "x" * 80


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if os.geteuid() == 0 and shutil.which("apt-get"):  # install it, as CI would
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], env=env, capture_output=True, timeout=900)
            if not shutil.which("chromium"):
                subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
                subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], env=env, capture_output=True, timeout=900)
        except (OSError, subprocess.SubprocessError):
            return None
        return shutil.which("chromium")
    return None


def _source(rubric, student: str, kind: str = "correct") -> str:
    import numpy as np

    from grader.variants import parameters_for, variant_for

    p = parameters_for(rubric, variant_for(rubric, student))
    v, x = np.array(p["hessian_v"]), np.array(p["hessian_x"])
    v2, y = np.array(p["vhp_v"]), np.array(p["vhp_y"])
    m = float(v2 @ y)
    z = (v2 * m).tolist() if kind == "correct" else [-c for c in (v2 * m).tolist()]
    return (f'ASSIGNMENT = "terms-test-hw"\nH = {np.outer(v, v).tolist()}\nM = {m}\n'
            f"H_vhp = {np.outer(v2, v2).tolist()}\nz = {z}\nexplanation_1_3 = 'H = v v^T'\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A small spring class: correct, wrong (two with the same answers), not run, hostile and long names."""
    rubric = load_rubric(TERMS_RUBRIC)
    root = tmp_path_factory.mktemp("html")
    folder = root / "class"
    folder.mkdir()
    for student in ("ann", "ben", "=cmd|calc", LONG_NAME):
        (folder / f"{student}.py").write_text(_source(rubric, student))
    (folder / "cy.py").write_text(_source(rubric, "cy", "wrong"))
    (folder / "dee.py").write_text(_source(rubric, "dee", "wrong").replace("H = ", "# dee's own\nH = ", 1))
    (folder / "x<b onclick=alert(1)>.py").write_text("H = 'a' +\n")  # a syntax error at the top
    (folder / "nobody").mkdir()  # an empty folder: not run
    (folder / "ed.py").write_text('ASSIGNMENT = "terms-test-hw"\nwhile True:\n    pass\n')  # timeout: not run to the end
    result = grade_batch(folder, TERMS_RUBRIC, output_dir=root / "out", limits=Limits(wall_seconds=3, cpu_seconds=2),
                         progress=False)
    return root / "out", result


def test_every_student_has_a_rendered_page_and_every_link_resolves(out):
    out, result = out
    pages = sorted((out / "students").glob("*.html"))
    assert len(pages) == len(result.reports)
    summary_page = (out / "summary.html").read_text()
    for path in [out / "summary.html", *pages]:
        html = path.read_text()
        for href in re.findall(r'href="([^"]+)"', html):
            target = (path.parent / unquote(href.replace("&amp;", "&"))).resolve()
            assert target.is_file(), (path.name, href)
    ann = (out / "students" / "ann.html").read_text()
    assert "<table" in ann and "Score: 13 / 13" in ann and '"schema_version"' not in ann  # rendered, not raw JSON
    assert 'href="../summary.html"' in ann and 'href="students/ann.html"' in summary_page


def test_not_run_submissions_are_listed_once(out):
    out, result = out
    summary = result.summary
    not_run = {r["student"] for r in summary["not_run"]}
    assert {"nobody", "ed"} <= not_run
    for item in summary["items"]:
        for group in item["groups"]:
            assert not not_run & set(group["students"]), (item["id"], group)
    html = (out / "summary.html").read_text()
    section = html[html.index("Not run to the end"):html.index("Common problems per item")]
    assert section.count('href="students/nobody.html"') == 1


def test_identical_answer_sets_are_flagged_in_the_page(out):
    out, result = out
    assert any({"cy", "dee"} <= set(s["students"]) and not s["same_file"] for s in result.summary["identical_answers"])
    assert "exactly the same answers" in (out / "summary.html").read_text()


def test_feedback_is_never_cut_mid_word():
    text = "The forward-mode count is missing a term that grows with both sizes of the problem " * 5
    for limit in (20, 57, 100, 299):
        cut = cut_words(text, limit)
        assert len(cut) <= limit and cut.endswith("\u2026")
        kept = cut[:-1]
        assert text.startswith(kept) and (text[len(kept)] in " -" or kept.endswith("-")), (limit, cut)
    assert cut_words("short", 10) == "short"


def test_csv_cells_a_spreadsheet_would_run_are_guarded(out):
    out, _ = out
    text = (out / "scores.csv").read_text()
    assert "'=cmd|calc" in text and "\n=cmd" not in text and ",=cmd" not in text


CHECK_PAGES = """<!DOCTYPE html><html><body><pre id="out">pending</pre><script>
var pages = %s, results = [];
function check(i) {
  if (i >= pages.length) { document.getElementById('out').textContent = JSON.stringify(results); return; }
  var frame = document.createElement('iframe');
  frame.style.width = '1280px'; frame.style.height = '900px';
  frame.onload = function () {
    var d = frame.contentDocument, r = {page: pages[i], errors: [], links: [], sorted: null};
    try {
      if (d.documentElement.scrollWidth > frame.clientWidth + 1)
        r.errors.push('page wider than the window: ' + d.documentElement.scrollWidth);
      d.querySelectorAll('td, th, p, h1, h2, h3, li').forEach(function (e) {
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
          r.errors.push('clipped: ' + e.tagName + ' ' + e.textContent.slice(0, 40));
        var box = e.getBoundingClientRect();
        if (box.right > frame.clientWidth + 1) r.errors.push('sticks out: ' + e.tagName + ' ' + e.textContent.slice(0, 40));
      });
      d.querySelectorAll('a[href]').forEach(function (a) { r.links.push(a.href); });
      var tables = d.querySelectorAll('table.sortable');
      if (tables.length) {
        var t = tables[tables.length - 1], ths = t.tHead.rows[0].cells, col = -1;
        for (var k = 0; k < ths.length; k++) if (ths[k].classList.contains('num')) { col = k; break; }
        if (col >= 0) {
          var values = function () { return Array.prototype.map.call(t.tBodies[0].rows, function (row) {
            var c = row.cells[col]; return parseFloat(c.getAttribute('data-v') || c.textContent) || 0; }); };
          ths[col].click(); var up = values(); ths[col].click(); var down = values();
          r.sorted = {up: up, down: down, state: ths[col].getAttribute('aria-sort')};
        }
      }
    } catch (err) { r.errors.push('harness: ' + err); }
    results.push(r); frame.remove(); check(i + 1);
  };
  frame.src = pages[i]; document.body.appendChild(frame);
}
check(0);
</script></body></html>"""


def test_pages_in_headless_chromium(out, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed and cannot be installed here")
    out, result = out
    pages = ["summary.html"] + sorted(f"students/{p.name}" for p in (out / "students").glob("*.html"))
    harness = out / "check-pages.html"
    harness.write_text(CHECK_PAGES % json.dumps(pages))
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                           "--window-size=1400,1000", "--virtual-time-budget=20000", "--dump-dom", harness.as_uri()],
                          capture_output=True, text=True, timeout=300)
    harness.unlink()
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1) != "pending", done.stderr[-2000:]
    import html as html_module

    results = json.loads(html_module.unescape(found.group(1)))
    assert [r["page"] for r in results] == pages
    for page in results:
        assert page["errors"] == [], page
        for link in page["links"]:
            target = Path(unquote(urlparse(link).path))
            assert target.is_file(), (page["page"], link)
        if page["sorted"] is not None:  # the tables sort on a click: ascending, then descending
            up, down = page["sorted"]["up"], page["sorted"]["down"]
            assert up == sorted(up) and down == sorted(up, reverse=True), page
            assert page["sorted"]["state"] == "descending"
    summary = next(r for r in results if r["page"] == "summary.html")
    assert len(summary["links"]) >= len(result.reports)


def test_long_report_text_is_cut_between_words():
    from grader.report import clean_text

    text = " ".join(f"word{i:04d}" for i in range(1000))
    cut = clean_text(text, 2000)
    assert cut.endswith(" ... [cut]") and len(cut) <= 2000
    assert text.startswith(cut[: -len(" ... [cut]")] + " ")  # ends on a whole word
