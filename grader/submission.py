"""Reading a submission file as text: a ``.py`` file, or a notebook's code cells.

Nothing here executes or imports the submission; the text goes to the sandbox.
"""

from __future__ import annotations

import hashlib
import json
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

    @property
    def text(self) -> str:
        return self.source if self.cells is None else "\n".join(self.cells)


def load_submission(path: str | Path, max_bytes: int = MAX_SUBMISSION_BYTES) -> Submission:
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return Submission(path, "", problem=f"cannot read the submission file ({exc.strerror})")
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > max_bytes:
        return Submission(path, digest, problem=f"the submission is larger than {max_bytes // 1024} KiB; it was not run")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Submission(path, digest, problem=f"the submission is not UTF-8 text (byte {exc.start}); save it as UTF-8")
    if "\x00" in text:
        return Submission(path, digest, problem="the submission contains NUL bytes; it is not a Python source file")
    if path.suffix == ".ipynb":
        return _notebook(path, digest, text)
    return Submission(path, digest, source=text)


def _notebook(path: Path, digest: str, text: str) -> Submission:
    try:
        document = json.loads(text)
        cells = document["cells"]
        sources = []
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            # IPython magics and shell escapes are not Python; keep line numbers stable.
            lines = ["pass  # " + l if l.lstrip().startswith(("%", "!")) else l for l in source.split("\n")]
            sources.append("\n".join(lines))
    except (ValueError, KeyError, TypeError, AttributeError):
        return Submission(path, digest, problem="the notebook is not valid .ipynb JSON")
    return Submission(path, digest, cells=sources)
