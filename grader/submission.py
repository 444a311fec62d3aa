"""Reading a submission file as text: a ``.py`` file, or a notebook's code cells.

Nothing here executes or imports the submission; the text goes to the sandbox.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

MAX_SUBMISSION_BYTES = 2 * 1024 * 1024


@dataclass
class Submission:
    path: Path
    sha256: str
    source: str = ""
    cells: list[str] | None = None
    problem: str | None = None  # set when the file cannot be graded at all
    notes: list[str] = field(default_factory=list)
    unread_text: str = ""
    raw: bytes = field(default=b"", repr=False)  # a file that could not be read, decoded leniently: only to find its ASSIGNMENT line

    @property
    def text(self) -> str:
        if self.problem is not None:
            return self.unread_text
        return self.source if self.cells is None else "\n".join(self.cells)


def load_submission(path: str | Path, max_bytes: int = MAX_SUBMISSION_BYTES) -> Submission:
    """Read a submission; never raises.  Whatever cannot be read becomes ``problem``."""
    loaded = _load(Path(path), max_bytes)
    if loaded.problem is not None and loaded.raw:
        # So that `grader run` still finds the rubric and writes a not-run report.
        loaded.unread_text = _lenient_text(loaded.raw)
    loaded.raw = b""
    return loaded


def _lenient_text(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, "replace")
    text = raw[:MAX_SUBMISSION_BYTES].decode("utf-8", "replace").replace("\x00", "")
    # ASSIGNMENT = \"...\" inside a notebook's JSON strings, or anywhere on a line.
    found = re.search(r"""ASSIGNMENT\s*=\s*\\?(['"])([A-Za-z0-9_.\-]+)\\?\1""", text)
    return f'ASSIGNMENT = "{found.group(2)}"\n' if found else ""


def _load(path: Path, max_bytes: int) -> Submission:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return Submission(path, "", problem=f"cannot read the submission file ({exc.strerror})")
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > max_bytes:
        return Submission(path, digest, problem=f"the submission is larger than {max_bytes // 1024} KiB; it was not run",
                          raw=raw[:max_bytes])
    try:
        text, note = _decode(raw, notebook=path.suffix == ".ipynb")
    except UnicodeError as exc:
        return Submission(path, digest, problem=str(exc), raw=raw)
    if "\x00" in text:
        return Submission(path, digest, problem="the submission contains NUL bytes; it is not a Python source file", raw=raw)
    try:
        loaded = _notebook(path, digest, text) if path.suffix == ".ipynb" else Submission(path, digest, source=text)
    except Exception as exc:  # noqa: BLE001 -- one unreadable file must never stop the others
        return Submission(path, digest, problem=f"the submission could not be read ({type(exc).__name__})", raw=raw)
    if loaded.problem is not None:
        loaded.raw = raw
    if note:
        loaded.notes.append(note)
    return loaded


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(raw: bytes, notebook: bool) -> tuple[str, str | None]:
    """The text of a file, as Python would read it: UTF-8 (with or without a BOM), a UTF-16/32
    file with its BOM, or the encoding a ``# -*- coding: ... -*-`` line declares."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), f"the file is {encoding.upper()}; it was read as such"
            except UnicodeDecodeError as exc:
                raise UnicodeError(f"the submission is not valid {encoding.upper()} (byte {exc.start})") from None
    encoding = "utf-8-sig"
    if not notebook:
        try:
            declared, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        except SyntaxError:  # an unknown or contradictory coding declaration
            declared = "utf-8-sig"
        encoding = "utf-8-sig" if declared in ("utf-8", "utf-8-sig") else declared
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise UnicodeError(f"the submission is not {'UTF-8' if encoding == 'utf-8-sig' else encoding} text (line {line}, "
                           f"byte {exc.start}); save it as UTF-8") from None


def _notebook(path: Path, digest: str, text: str) -> Submission:
    """A notebook's code cells.  Any JSON shape or depth gives a Submission, never an exception."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError, MemoryError):
        return Submission(path, digest, problem="the notebook is not valid .ipynb JSON")
    cells = document.get("cells") if isinstance(document, dict) else None
    if cells is None and isinstance(document, dict) and isinstance(document.get("worksheets"), list):
        # nbformat 3: cells live in worksheets, code under "input".
        cells = [c for w in document["worksheets"] if isinstance(w, dict) for c in (w.get("cells") or [])]
    if not isinstance(cells, list):
        return Submission(path, digest, problem="the notebook is not valid .ipynb JSON (it has no list of cells)")
    sources = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        elif not isinstance(source, str):
            continue
        # IPython magics and shell escapes are not Python; keep line numbers stable.
        lines = ["pass  # " + l if l.lstrip().startswith(("%", "!")) else l for l in source.split("\n")]
        sources.append("\n".join(lines))
    return Submission(path, digest, cells=sources)
