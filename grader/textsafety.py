"""Student-controlled text made safe for every place the grader writes it.

Student text (answers, exception messages, printed output, ids, file names) reaches terminals,
text reports, JSON, HTML and spreadsheets.  Three rules, applied where the text is stored or
written, so no format can forget them:

- :func:`clean_text`: no ANSI escapes, control characters or bidi overrides; bounded length.
- :func:`one_line`: additionally newlines, carriage returns and tabs shown as ``\\n``, ``\\r``,
  ``\\t``, so text a student controls can never begin a line of the text report (a submission
  could otherwise print a fake ``Score: 51 / 51`` line).
- :func:`spreadsheet_cell`: a CSV cell a spreadsheet would read as a formula gets a leading
  apostrophe.
"""

from __future__ import annotations

import re
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
# Lone surrogates (\ud800-\udfff) too: text holding one cannot be encoded as UTF-8, so a
# report quoting it could not be printed or written.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\n\r\t\x0b\x0c\x85\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def clean_text(text: str, limit: int = 2000) -> str:
    """Printable text: ANSI escapes and control characters removed, length bounded."""
    text = _CONTROL.sub("", _ANSI.sub("", text))
    if len(text) > limit:
        head = text[: limit - 20]
        if not text[limit - 20].isspace():  # never mid-word: back up to the last blank
            space = max(head.rfind(" "), head.rfind("\n"))
            if space > len(head) // 2:
                head = head[:space]
        text = head.rstrip() + " ... [cut]"
    return text


def one_line(text: str, limit: int = 2000) -> str:
    """Printable text on one line: line breaks and tabs escaped, the rest as :func:`clean_text`."""
    text = _LINE_BREAKS.sub(lambda m: _ESCAPES.get(m.group(0), " "), _ANSI.sub("", text))
    return clean_text(text, limit)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula (``=``, ``+``, ``-``, ``@``, or any of
    them after leading whitespace or a tab); None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and (value[:1] in _FORMULA_START or value.lstrip()[:1] in _FORMULA_START):
        return "'" + value
    return value
