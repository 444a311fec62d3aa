"""Reading a submission into top-level statements, without executing anything.

The sandboxed child runs a submission one top-level statement at a time, so that one broken
statement costs only the answers it would have assigned.  This module decides, in the grading
process, where those statements begin and end -- also when the file does not parse as a whole.

How a file is read:

1. If it parses, it is one chunk; the child splits it into statements with ``ast`` and compiles
   each on its own (a module-level ``return`` costs that statement only).
2. Otherwise a lexical scanner (:func:`logical_lines`) cuts it into *logical lines* the way
   Python's tokenizer does: strings (triple-quoted, raw, f-strings), comments, bracketed and
   backslash continuations never split a line, so code-like text inside a docstring stays text.
   Lines are grouped into top-level *chunks*: a line that starts in column 0 starts one, except
   ``else``/``elif``/``except``/``finally`` clauses; decorators stay with what they decorate.
3. Each chunk is parsed on its own.  A chunk that does not parse is repaired only in three
   narrow, checked ways, each reported in the feedback:

   - an unclosed bracket swallowed the following lines: the chunk is cut where a line in
     column 0 starts a new statement (``name = ...``, ``def``, ...), and the pieces are read again;
   - a compound statement lost the indentation of its body (code pasted from a PDF): a small
     set of re-indentations is tried, and one is accepted only when every re-indentation that
     parses gives the same program;
   - a block of code indented as a whole (pasted from inside a function or a cell) is dedented.

   Anything else is lost with a :class:`Problem` at its real line, naming the answers lost.

Nothing here raises on any input: every failure becomes a :class:`Problem`.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from .pyparse import parse_python

CLAUSES = ("else", "elif", "except", "finally")
COMPOUND = ("def", "class", "if", "for", "while", "with", "try", "async")
MAX_REPAIR_LINES = 60  # a compound statement longer than this is not re-indented
MAX_CANDIDATES = 512  # re-indentations tried for one compound statement
MAX_DEPTH = 150  # brackets; deeper code is not handed to ``ast`` in the grading process
MAX_PROBLEMS = 200  # problems reported; the rest join the last one
MAX_UNREADABLE = 5000  # unreadable chunks before the rest of the file is given up

_NAME = re.compile(r"[^\W\d]\w*")
# A line in column 0 that plainly starts a statement of its own.
_STARTS_STATEMENT = re.compile(
    r"(?:(?:def|class|import|from|if|for|while|with|try|return|print|assert|del|raise|global)\b"
    r"|@|[^\W\d]\w*(?:\s*\[[^\]\n]*\])?(?:\s*,\s*[^\W\d]\w*)*\s*(?::[^=\n]+)?=(?!=))"
)
_ASSIGNED = re.compile(r"\s*((?:[^\W\d]\w*\s*,\s*)*[^\W\d]\w*)\s*(?::[^=\n]+)?(?:[-+*/@%&|^]|//|\*\*|>>|<<)?=(?!=)")
_DEFINED = re.compile(r"\s*(?:async\s+)?(?:def|class)\s+([^\W\d]\w*)")
_CANNOT_BE_TOP_LEVEL = re.compile(r"(?:return|yield|break|continue|nonlocal)\b")


@dataclass(frozen=True)
class LogicalLine:
    """One logical line of source: ``start``..``end`` are 1-based physical line numbers."""

    start: int
    end: int
    indent: int  # width of the leading whitespace, tabs to multiples of 8
    text: str  # the physical lines, newlines included
    colon: bool  # ends with ':' (outside brackets, strings and comments): a compound header
    breaks: tuple[int, ...] = ()  # physical lines inside open brackets that start a statement in column 0
    unterminated: bool = False  # a string or bracket still open at the end of the source

    @property
    def word(self) -> str:
        match = _NAME.match(self.text.lstrip())
        return match.group(0) if match else ""


@dataclass
class Statement:
    """A chunk of source the child compiles and runs, statement by statement."""

    line: int
    source: str
    cell: int | None = None


@dataclass
class Problem:
    """A chunk that could not be read; its answers are lost."""

    line: int
    kind: str
    message: str
    targets: list[str] = field(default_factory=list)
    cell: int | None = None
    end: int = 0  # last line of the damage (0: the same as line)

    def __post_init__(self) -> None:
        self.end = max(self.end, self.line)


@dataclass
class Note:
    """A repair made while reading: said in the report and in the feedback of the answers it set."""

    message: str
    targets: list[str] = field(default_factory=list)


@dataclass
class Reading:
    """The statements to run, the problems found and the repairs made."""

    statements: list[Statement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


# ---------------------------------------------------------------- lexical scan

def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width = (width // 8 + 1) * 8
        elif char == "\f":
            width = 0
        else:
            break
    return width


def physical_lines(source: str) -> list[str]:
    """Lines as Python counts them: broken at ``\n`` only (after CRLF and CR became ``\n``), not
    at form feeds, U+2028 and the other breaks ``str.splitlines`` knows."""
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


# Outside strings: a string's start (with its prefix), a comment, a bracket, a backslash.
_OUTSIDE = re.compile(r"""(?:(?<!\w)(?:[rRuUfFbB]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]))?(?P<quote>'''|\"\"\"|'|")"""
                      r"|(?P<hash>#)|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<backslash>\\)")
# Inside a string: an escape (which may hide a quote or a newline), its closing quote, and for a
# one-line string the end of the line (an unterminated one ends there).
_IN_STRING = {quote: re.compile(r"\\(?:.|\n)|" + re.escape(quote) + ("|\n" if len(quote) == 1 else ""))
              for quote in ("'", '"', "'''", '"""')}


def logical_lines(source: str, first_line: int = 1) -> list[LogicalLine]:
    """Cut ``source`` into logical lines, numbered from ``first_line``.  Blank and comment-only
    lines are left out.  Scans with regular expressions from one significant character to the
    next, so a long file costs milliseconds, not a Python step per character."""
    lines = physical_lines(source)
    result: list[LogicalLine] = []
    depth = 0
    quote = ""  # the open string's delimiter, '' outside strings
    start = None  # index of the logical line's first physical line
    breaks: list[int] = []
    continued = False
    offset = first_line - 1
    for index, line in enumerate(lines):
        if start is None:
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            start, breaks = index, []
        elif depth > 0 and not quote and not continued and line[:1] not in (" ", "\t", "\n", "\r", "") \
                and _STARTS_STATEMENT.match(line):
            breaks.append(index + 1 + offset)
        continued = False
        i, n = 0, len(line)
        code_end = n
        while i < n:
            if quote:
                found = _IN_STRING[quote].search(line, i)
                if found is None:
                    break  # the string goes on on the next line
                token = found.group(0)
                if token[0] != "\\":
                    quote = ""  # closed (or, for a one-line string, ended with its line)
                i = found.end()
                continue
            found = _OUTSIDE.search(line, i)
            if found is None:
                break
            i = found.end()
            if found.group("quote"):
                quote = found.group("quote")
            elif found.group("hash"):
                code_end = found.start()
                break
            elif found.group("open"):
                depth += 1
            elif found.group("close"):
                depth = max(0, depth - 1)
            elif line[i:].strip() == "":  # a backslash at the end of the line
                continued = True
                code_end = found.start()
                break
        if quote or depth > 0 or continued:
            continue
        text = "".join(lines[start:index + 1])
        colon = line[:code_end].rstrip().endswith(":")
        result.append(LogicalLine(start + 1 + offset, index + 1 + offset, _indent_width(lines[start]), text,
                                  colon, tuple(breaks)))
        start = None
    if start is not None:
        text = "".join(lines[start:])
        result.append(LogicalLine(start + 1 + offset, len(lines) + offset, _indent_width(lines[start]), text, False,
                                  tuple(breaks), unterminated=True))
    return result


# ---------------------------------------------------------------- chunks

def chunks(lines: list[LogicalLine]) -> list[list[LogicalLine]]:
    """Group logical lines into top-level chunks."""
    groups: list[list[LogicalLine]] = []
    for line in lines:
        if not groups:
            groups.append([line])
            continue
        current = groups[-1]
        head = current[0]
        if line.indent == 0:
            # A clause continues a compound statement; after a simple one it is a stray of its own.
            joins = (line.word in CLAUSES and any(l.colon for l in current)) or (
                all(l.text.lstrip().startswith("@") for l in current) and head.indent == 0)
        else:
            # Indented lines belong to a compound statement; after a simple statement they
            # form a block of their own (pasted from inside a function, say).
            # A header that lost its colon still owns its body: the body is lost with it, never
            # run at the top level.
            joins = any(l.colon for l in current) or head.indent > 0 or head.word in COMPOUND
        if joins:
            current.append(line)
        else:
            groups.append([line])
    return groups


def _source_of(group: list[LogicalLine], physical: list[str]) -> str:
    """The chunk's physical lines (blank and comment lines between its logical lines included),
    preceded by blank lines: line numbers, also inside Python's messages, are the file's."""
    return "\n" * (group[0].start - 1) + "".join(physical[group[0].start - 1:group[-1].end])


def _parses(text: str) -> SyntaxError | None | bool:
    """None when ``text`` parses; the SyntaxError otherwise; False when it is not even tried."""
    if text.count("(") + text.count("[") + text.count("{") > 20 * MAX_DEPTH and _too_deep(text):
        return False
    try:
        parse_python(text)
    except SyntaxError as exc:
        return exc
    except (ValueError, MemoryError, RecursionError, OverflowError) as exc:
        return SyntaxError(str(exc) or type(exc).__name__)
    return None


def _too_deep(text: str) -> bool:
    depth = top = 0
    for char in text:
        if char in "([{":
            depth += 1
            top = max(top, depth)
        elif char in ")]}":
            depth -= 1
    return top > MAX_DEPTH


def _targets(group: list[LogicalLine]) -> list[str]:
    """The names a chunk would have assigned at the top level (for 'answer lost' messages)."""
    names: list[str] = []
    inside_definition_at = None
    for line in group:
        if inside_definition_at is not None and line.indent > inside_definition_at:
            continue
        inside_definition_at = None
        text = line.text
        defined = _DEFINED.match(text)
        if defined:
            names.append(defined.group(1))
            inside_definition_at = line.indent
            continue
        assigned = _ASSIGNED.match(text)
        if assigned:
            names.extend(n.strip() for n in assigned.group(1).split(","))
        for_loop = re.match(r"\s*(?:async\s+)?for\s+((?:[^\W\d]\w*\s*,\s*)*[^\W\d]\w*)\s+in\b", text)
        if for_loop:
            names.extend(n.strip() for n in for_loop.group(1).split(","))
    return sorted(set(names))


def _span(group: list[LogicalLine]) -> str:
    first, last = group[0].start, group[-1].end
    return f"line {first}" if first == last else f"lines {first}-{last}"


# ---------------------------------------------------------------- repairs

def _split_at_breaks(group: list[LogicalLine], source_lines: list[str]) -> list[list[LogicalLine]] | None:
    """Cut a chunk whose open bracket swallowed later statements; None if there is nothing to cut."""
    cuts = sorted({b for line in group for b in line.breaks})
    if not cuts:
        return None
    first, last = group[0].start, group[-1].end
    pieces = []
    bounds = [first] + cuts + [last + 1]
    for begin, end in zip(bounds, bounds[1:]):
        text = "".join(source_lines[begin - 1:end - 1])
        # Re-scan each piece on its own; a piece's own lines keep their real numbers.
        for line in logical_lines(text, begin):
            pieces.append(line)
    return chunks(pieces)


def _clause_matches(word: str, header: str) -> bool:
    if word in ("elif", "else") and header in ("if", "elif"):
        return True
    if word == "else" and header in ("for", "while", "try", "except"):
        return True
    return word in ("except", "finally", "else") and header in ("try", "except")


def _reindentations(group: list[LogicalLine], unit: int):
    """Every small re-indentation of a compound statement whose body lost its indentation.

    The header keeps column 0.  A line right after a header is one level deeper; a clause
    (``else``...) goes to the level of an open header it can continue; any other line that lost
    its indentation (column 0) may stay at the previous line's level or close blocks, but not
    leave the statement.  Lines that kept an indentation keep it when it fits those rules."""
    body = group[1:]
    options: list[list[int]] = []

    def walk(index: int, previous: int, headers: tuple, chosen: list[int]):
        if len(options) >= MAX_CANDIDATES:
            return
        if index == len(body):
            options.append(list(chosen))
            return
        line = body[index]
        previous_line = group[index]  # body[index - 1], or the header
        word = line.word
        if previous_line.colon:
            levels = [previous + 1]
        elif word in CLAUSES:
            levels = sorted({level for level, kind in headers if _clause_matches(word, kind)}, reverse=True)
        else:
            levels = list(range(previous, 0, -1))
        if line.indent > 0:
            kept = line.indent // unit if line.indent % unit == 0 else None
            if kept in levels:
                levels = [kept]
        for level in levels:
            open_headers = tuple((lv, kind) for lv, kind in headers if lv < level)
            if line.colon:
                open_headers += ((level, word),)
            walk(index + 1, level, open_headers, chosen + [level])

    walk(0, 0, ((0, group[0].word),), [])
    for levels in options:
        out = [group[0].text]
        previous_end = group[0].end
        for line, level in zip(body, levels):
            out.append("\n" * (line.start - previous_end - 1))  # blank and comment lines keep their place
            previous_end = line.end
            physical = physical_lines(line.text)
            first = " " * (4 * level) + physical[0].lstrip(" \t")
            # Continuation lines of a bracketed line are moved with it, never re-read.
            out.append(first + "".join(physical[1:]))
        yield "".join(out)


def _body_lost_indentation(group: list[LogicalLine], following: list[list[LogicalLine]]) -> tuple[list[LogicalLine], int]:
    """A compound statement whose body may have lost its indentation, with the following
    chunks that belong to it: up to the last one, within one paragraph, that cannot stand alone
    at the top level (a clause such as ``else``, a ``return``, an indented line).  Returns
    (lines, number of following chunks taken)."""
    candidates: list[list[LogicalLine]] = []
    last_needed = 0
    end = group[-1].end
    size = len(group)
    for chunk in following:
        first = chunk[0]
        if first.start - end > 1:
            break  # a blank line ends a pasted block
        if first.word in ("def", "class") or first.text.startswith("@"):
            break
        size += len(chunk)
        if size > MAX_REPAIR_LINES:
            break
        candidates.append(chunk)
        end = chunk[-1].end
        if first.word in CLAUSES or _CANNOT_BE_TOP_LEVEL.match(first.text) or first.indent > 0:
            last_needed = len(candidates)
    lines = list(group)
    for chunk in candidates[:last_needed]:
        lines.extend(chunk)
    return lines, last_needed


def _repair_indentation(lines: list[LogicalLine]) -> str | None:
    indents = [l.indent for l in lines if l.indent > 0]
    unit = min(indents) if indents else 4
    programs: dict[str, str] = {}
    for candidate in _reindentations(lines, unit):
        if _parses(candidate) is None:
            try:
                tree = parse_python(candidate)
            except Exception:  # noqa: BLE001 -- parsed a moment ago
                continue
            if _unreachable_code(tree):
                continue  # no student means a line after `return` in the same block
            programs.setdefault(ast.dump(tree), candidate)
            if len(programs) > 1:
                return None
    if len(programs) == 1:
        return next(iter(programs.values()))
    return None


def _unreachable_code(tree: ast.AST) -> bool:
    """Whether a statement follows a ``return``/``raise``/``break``/``continue`` in its block."""
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list) and any(isinstance(s, (ast.Return, ast.Raise, ast.Break, ast.Continue))
                                               for s in block[:-1]):
                return True
    return False


def _returns_after_def(source: str, cell: int | None) -> tuple[str, list[Note]]:
    """A file that parses may still hold a function whose last line lost its indentation: a
    module-level ``return`` right after a ``def`` (no blank line between).  Such a function is
    re-indented like any other when exactly one reading parses; the file is otherwise unchanged."""
    if not re.search(r"^(?:return|yield)\b", source, re.MULTILINE):
        return source, []  # the usual case: nothing to look at, no second parse
    try:
        tree = parse_python(source)
    except Exception:  # noqa: BLE001
        return source, []
    physical = physical_lines(source)
    notes: list[Note] = []
    body = tree.body
    for previous, node in zip(body, body[1:]):
        stray = isinstance(node, ast.Return) or (isinstance(node, ast.Expr) and isinstance(node.value, (ast.Yield, ast.YieldFrom)))
        if not (stray and isinstance(previous, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.col_offset == 0 and node.lineno == previous.end_lineno + 1):
            continue
        start = min([previous.lineno] + [d.lineno for d in previous.decorator_list])
        if start != previous.lineno or node.end_lineno - start > MAX_REPAIR_LINES:
            continue  # decorated, or too long to re-indent: left alone
        text = "".join(physical[start - 1:node.end_lineno])
        lines = logical_lines(text, start)
        repaired = _repair_indentation(lines) if lines and lines[0].colon else None
        if repaired is None:
            continue
        replacement = physical_lines(repaired)  # the def's first line on: as many lines as it replaces
        if len(replacement) != node.end_lineno - start + 1:
            continue
        candidate = physical[:start - 1] + replacement + physical[node.end_lineno:]
        joined = "".join(candidate)
        if _parses(joined) is not None:
            continue
        physical = candidate
        notes.append(Note(f"{_where([lines[-1]], cell)} had lost its indentation; it was read as part of "
                          f"`{previous.name}`", [previous.name]))
    return ("".join(physical), notes) if notes else (source, [])


# ---------------------------------------------------------------- reading

def _error_problem(group: list[LogicalLine], error: SyntaxError | bool, cell: int | None) -> Problem:
    """``error`` comes from parsing the chunk at its real line numbers (:func:`_source_of`)."""
    first = group[0].start
    targets = _targets(group)
    if group[-1].unterminated:  # what the open string or bracket swallowed is lost with it
        targets = sorted(set(targets) | set(_column0_assignments(group)))
    if error is False:
        return Problem(first, "SyntaxError", f"{_span(group)} nest brackets more than {MAX_DEPTH} deep; they were not read",
                       targets, cell)
    line = error.lineno or first
    line = min(max(line, first), group[-1].end)
    message = error.msg if getattr(error, "msg", None) else str(error)
    message = re.sub(r"\s*\(detected at line \d+\)", "", message)
    if group[-1].unterminated and "unterminated" in message and "string" in message:
        message += f" (everything from line {first} to the end was read as part of it)"
    return Problem(line, type(error).__name__ if isinstance(error, SyntaxError) else "SyntaxError",
                   message, targets, cell)


def _column0_assignments(group: list[LogicalLine]) -> list[str]:
    names = []
    for line in "".join(l.text for l in group).split("\n")[1:]:
        if line[:1] not in (" ", "\t"):
            assigned = _ASSIGNED.match(line) or _DEFINED.match(line)
            if assigned:
                names.extend(n.strip() for n in assigned.group(1).split(","))
    return names


def read_source(source: str, cell: int | None = None) -> Reading:
    """The statements of one file (or notebook cell) and the problems found reading it."""
    reading = Reading()
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if not source.strip():
        return reading
    whole = _parses(source)
    if whole is None:
        source, reading.notes = _returns_after_def(source, cell)
        reading.statements.append(Statement(1, source, cell))
        return reading
    physical = physical_lines(source)
    groups = chunks(logical_lines(source))
    index = 0
    unreadable = 0
    adjacent = False  # the last thing read was an unreadable chunk
    while index < len(groups):
        if unreadable > MAX_UNREADABLE:
            rest = [line for group in groups[index:] for line in group]
            _report(reading, Problem(rest[0].start, "SyntaxError", f"more than {MAX_UNREADABLE} statements could not be "
                                     f"read; {_span(rest)} were not read", _targets(rest), cell), False)
            break
        follows_unreadable, adjacent = adjacent, False
        # The whole file's error is also the first chunks' (same text from the first chunk on).
        run = _parsing_run(groups, index, physical, whole if index == 0 else None)
        if run:
            taken = [line for group in groups[index:index + run] for line in group]
            reading.statements.append(Statement(taken[0].start, _source_of(taken, physical), cell))
            index += run
            continue
        group = groups[index]
        index += 1
        error = _parses(_source_of(group, physical)) if group[0].indent == 0 else SyntaxError("unexpected indent")
        pieces = _split_at_breaks(group, physical) if _swallowed(group, error) else None
        if pieces is not None:
            groups[index:index] = pieces
            continue
        if group[0].indent > 0:  # a block indented as a whole
            dedented = textwrap.dedent("".join(physical[group[0].start - 1:group[-1].end]))
            if _parses(dedented) is None and not _returns(dedented):
                reading.statements.append(Statement(group[0].start, "\n" * (group[0].start - 1) + dedented, cell))
                reading.notes.append(Note(f"{_where(group, cell)} {'was' if len(group) == 1 else 'were'} indented "
                                          "although no block starts there; read at the top level", _targets(group)))
                continue
        if group[0].colon and group[0].indent == 0 and error is not False:
            lines, taken = _body_lost_indentation(group, groups[index:])
            if _lost_some_indentation(lines):
                index += taken
                repaired = _repair_indentation(lines)
                if repaired is not None:
                    reading.statements.append(Statement(lines[0].start, "\n" * (lines[0].start - 1) + repaired, cell))
                    defined = _DEFINED.match(lines[0].text)
                    what = f"`{defined.group(1)}`" if defined else f"the `{lines[0].word}` statement at line {lines[0].start}"
                    reading.notes.append(Note(f"{_where(lines[1:], cell)} had lost their indentation; they were read "
                                              f"as part of {what}", _targets(lines[:1] if defined else lines)))
                    continue
                _report(reading, Problem(
                    lines[0].start, "IndentationError",
                    f"the body of the `{lines[0].word}` statement at line {lines[0].start} lost its indentation "
                    f"({_span(lines)}) and it cannot be told where each line belongs; indent each level of the body "
                    "by 4 spaces", _targets(lines[:1] if _DEFINED.match(lines[0].text) else lines), cell), False)
                continue
        unreadable += 1
        _report(reading, _error_problem(group, error, cell), follows_unreadable)
        adjacent = True
    return reading


def _report(reading: Reading, problem: Problem, adjacent: bool) -> None:
    """Add a problem.  One that directly follows another unreadable chunk (a paragraph of prose
    pasted into the file, say) joins it: one damage, one problem at its first line.  After
    MAX_PROBLEMS, the rest are summed up in the last one, so their lost answers are still named."""
    previous = reading.problems[-1] if reading.problems else None
    if previous is not None and (adjacent or len(reading.problems) >= MAX_PROBLEMS):
        previous.targets = sorted(set(previous.targets) | set(problem.targets))
        previous.end = max(previous.end, problem.end)
        head = previous.message.split(" [", 1)[0]
        previous.message = f"{head} [lines {previous.line}-{previous.end} could not be read]"
        return
    reading.problems.append(problem)


def _swallowed(group: list[LogicalLine], error: SyntaxError | bool | None) -> bool:
    """Whether an open bracket may have swallowed the statements after it: only then is the
    chunk cut at column-0 lines (a chunk whose brackets balance keeps its own error)."""
    if not isinstance(error, SyntaxError):
        return False
    message = str(getattr(error, "msg", "") or "")
    return group[-1].unterminated or "never closed" in message or "does not match" in message


def _parsing_run(groups: list[list[LogicalLine]], index: int, physical: list[str],
                 known: SyntaxError | bool | None = None) -> int:
    """How many chunks from ``index`` on parse together (0 if the first does not).

    Python's own error line says where parsing stopped: the chunks before it are tried first
    (two parses per damage in a long file; ``known`` is that error when the caller already has it).
    Otherwise galloping, then bisection: a few parses, never one per line."""
    def parses(count: int) -> bool:
        group = [line for g in groups[index:index + count] for line in g]
        return group[0].indent == 0 and _parses(_source_of(group, physical)) is None

    remaining = len(groups) - index
    if groups[index][0].indent == 0:
        error = known if known is not None else _parses(_source_of([line for g in groups[index:] for line in g], physical))
        if error is None:
            return remaining
        if isinstance(error, SyntaxError) and error.lineno:
            before = 0
            while before < remaining and groups[index + before][-1].end < error.lineno:
                before += 1
            if before and parses(before):
                return before
    if not parses(1):
        return 0
    good, step = 1, 2
    while good < remaining:
        trial = min(good + step, remaining)
        if not parses(trial):
            bad = trial
            break
        good, step = trial, step * 2
    else:
        return good
    while bad - good > 1:
        middle = (good + bad) // 2
        if parses(middle):
            good = middle
        else:
            bad = middle
    return good


def _returns(text: str) -> bool:
    """Whether parsed code has a module-level ``return``/``yield``: the body of a function whose
    header was lost, which must not run at the top level."""
    try:
        tree = parse_python(text)
    except Exception:  # noqa: BLE001
        return True
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _lost_some_indentation(lines: list[LogicalLine]) -> bool:
    return len(lines) > 1 and any(l.indent == 0 for l in lines[1:])


def _where(lines: list[LogicalLine], cell: int | None) -> str:
    first, last = lines[0].start, lines[-1].end
    span = f"Line {first}" if first == last else f"Lines {first}-{last}"
    return f"{span} of cell {cell}" if cell is not None else span


def read_submission(source: str | None, cells: list[str] | None) -> Reading:
    """A whole submission: a file, or a notebook's code cells (numbered from 1)."""
    if cells is None:
        return read_source(source or "")
    reading = Reading()
    for number, cell_source in enumerate(cells, start=1):
        part = read_source(cell_source, number)
        reading.statements += part.statements
        reading.problems += part.problems
        reading.notes += part.notes
    return reading
