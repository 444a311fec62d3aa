"""Answers as they come back from the submission's process, validated into plain data.

The child sends one JSON document on its answer channel (see
:mod:`grader.sandbox.child`).  Nothing in it is trusted: its size, depth and
element count are bounded, its envelope is a strict pydantic model, and every
value is decoded into one of a few plain types:

``int``, ``float`` (NaN and infinities included, on purpose), ``bool``, ``str``,
``None``, ``fractions.Fraction``, ``numpy.ndarray`` (numeric), ``list``,
``dict`` (string keys) and :class:`FunctionRef` (the answer was a function;
its results on the rubric's inputs arrive separately as call results).

Checkers then use the ``as_*`` coercions, which raise
:class:`~grader.checkers.base.AnswerFormatError` with a message for the student
when an answer has the wrong type or shape.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .checkers.base import AnswerFormatError
from .sandbox.child.protocol import (MAX_DEPTH, MAX_ELEMENTS, MAX_INT_DIGITS, MAX_STRING, NAME_CHARS, PROTOCOL_VERSION,
                               TAG_ARRAY, TAG_DICT, TAG_FLOAT, TAG_FRACTION, TAG_FUNCTION, TAG_UNSUPPORTED)


from .errors import ChannelError  # noqa: F401 -- defined in grader.errors, importable here as before


@dataclass(frozen=True)
class FunctionRef:
    """The submission bound this name to a function (or other callable)."""

    name: str


@dataclass(frozen=True)
class UnsupportedValue:
    """A decoded answer of a type the grader does not accept (kept so the message can name it).

    A value, not an exception: compare :class:`grader.errors.Unsupported`, which the scalar
    evaluator raises for a construct it does not know."""

    type_name: str


Unsupported = UnsupportedValue  # the older name (tests and older callers import it)


class StatementError(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    line: int = Field(description="Line of the submission where the failing statement starts.")
    kind: str = Field(max_length=200, description="Exception type, e.g. NameError, SyntaxError.")
    message: str = Field(max_length=2000)
    targets: list[str] = Field(default_factory=list, max_length=200, description="Names the statement would have assigned.")
    cell: int | None = Field(default=None, description="Notebook cell number, for notebook submissions.")


class CallResult(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    ok: bool
    value: Any = None
    error: str | None = Field(default=None, max_length=2000)


class NearName(BaseModel):
    """Top-level names of the submission spelt like a missing answer (case and underscores aside)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    names: list[Annotated[str, Field(max_length=NAME_CHARS)]] = Field(min_length=1, max_length=5)
    value: Any = Field(default=None, description="The value of the one such name; absent when there are several.")


class ChildMessage(BaseModel):
    """The envelope the child sends.  Values are decoded separately."""

    model_config = ConfigDict(extra="forbid", strict=True)

    protocol: Literal[PROTOCOL_VERSION]  # type: ignore[valid-type]
    answers: dict[str, Any] = Field(max_length=10_000)
    missing: list[str] = Field(default_factory=list, max_length=10_000)
    near: dict[str, NearName] = Field(default_factory=dict, max_length=10_000)
    calls: dict[str, CallResult] = Field(default_factory=dict, max_length=10_000)
    errors: list[StatementError] = Field(default_factory=list, max_length=1_000)
    exit_code: int | None = Field(default=None, description="Set when the submission called sys.exit during import.")


@dataclass
class ChildAnswers:
    """Decoded, validated content of the answer channel."""

    values: dict[str, Any]
    missing: list[str]
    calls: dict[str, CallResult]
    errors: list[StatementError]
    exit_code: int | None
    #: missing answer -> the submission's names spelt like it (its value decoded when there is one)
    near: dict[str, NearName] = field(default_factory=dict)


class _Budget:
    def __init__(self) -> None:
        self.elements = 0

    def take(self, n: int = 1) -> None:
        self.elements += n
        if self.elements > MAX_ELEMENTS:
            raise ChannelError(f"answers hold more than {MAX_ELEMENTS:,} values")


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.S)  # a string token, or an unterminated one to the end
_NOT_BRACKETS = bytes(code for code in range(256) if code not in b"[]{}")


def _check_depth(raw: str) -> None:
    """Reject deep nesting before json.loads can recurse on it.

    Brackets inside strings do not count.  Strings are cut out with a regular expression, the
    brackets kept with bytes.translate, the depth is a cumulative sum: a few milliseconds per
    MB instead of a Python loop over every character (0.1 s per MB of answers)."""
    brackets = _JSON_STRING.sub("", raw).encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    if len(brackets) <= MAX_DEPTH + 4:
        return
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == 91) | (codes == 123), 1, -1).astype(np.int64)  # [ { open, ] } close
    if int(np.cumsum(steps).max()) > MAX_DEPTH + 4:
        raise ChannelError(f"answers are nested more than {MAX_DEPTH} levels deep")


def parse_channel(raw: bytes) -> ChildAnswers:
    """Decode the bytes read from the answer channel.  Raises :class:`ChannelError`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ChannelError(f"answer channel is not UTF-8 ({exc.reason})") from None
    _check_depth(text)
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ChannelError(f"answer channel is not valid JSON: {str(exc)[:200]}") from None
    try:
        message = ChildMessage.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ChannelError(f"answer channel has an invalid envelope at {where or 'top level'}: {first['msg']}") from None
    budget = _Budget()
    values = {}
    for name, encoded in message.answers.items():
        values[name] = decode_value(encoded, budget)
    for result in message.calls.values():
        if result.ok:
            result.value = decode_value(result.value, budget)
    for near in message.near.values():
        near.value = decode_value(near.value, budget) if len(near.names) == 1 else None
    return ChildAnswers(values, message.missing, message.calls, message.errors, message.exit_code, message.near)


def explain_error(text: str) -> str:
    """An error the submission raised, with what the student needs to know about the grader's side:
    a module that is not available there (scipy, torch) is not a bug in their code."""
    if "No module named" in text:
        return text + " (submissions run with numpy, math and the rest of Python's standard library only)"
    return text


def adopt_near_names(child: ChildAnswers) -> dict[str, str]:
    """Grade a missing answer under the one name of the submission spelt like it (``H_VHP`` for
    ``H_vhp``: case and underscores aside), as a TA reading the file would.  Returns answer ->
    the name read; several such names are left for the "missing" message to list."""
    adopted = {}
    for name, near in sorted(child.near.items()):
        if name in child.values or len(near.names) != 1:
            continue
        child.values[name] = near.value
        child.missing = [m for m in child.missing if m != name]
        adopted[name] = near.names[0]
    return adopted


def _reject_constant(name: str) -> Any:
    raise ValueError(f"bare {name} is not allowed on the answer channel")


_FLOAT_TAGS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def decode_value(encoded: Any, budget: _Budget | None = None, depth: int = 0) -> Any:
    """Turn one encoded JSON value into plain data (see module docstring)."""
    budget = budget or _Budget()
    budget.take()
    if depth > MAX_DEPTH:
        raise ChannelError(f"an answer is nested more than {MAX_DEPTH} levels deep")
    if encoded is None or isinstance(encoded, bool):
        return encoded
    if isinstance(encoded, int):
        if len(str(abs(encoded))) > MAX_INT_DIGITS:
            raise ChannelError(f"an integer answer has more than {MAX_INT_DIGITS} digits")
        return encoded
    if isinstance(encoded, float):
        return encoded
    if isinstance(encoded, str):
        if len(encoded) > MAX_STRING:
            raise ChannelError(f"a string answer is longer than {MAX_STRING:,} characters")
        return encoded
    if isinstance(encoded, list):
        budget.take(len(encoded))
        return [decode_value(e, budget, depth + 1) for e in encoded]
    if isinstance(encoded, dict) and len(encoded) >= 1:
        tag = next(iter(encoded))
        body = encoded[tag]
        if tag == TAG_FLOAT and isinstance(body, str) and body in _FLOAT_TAGS:
            return _FLOAT_TAGS[body]
        if tag == TAG_FRACTION and isinstance(body, list) and len(body) == 2 and all(type(b) is int for b in body):
            if body[1] == 0:
                raise ChannelError("a fraction answer has denominator 0")
            return Fraction(decode_value(body[0], budget), decode_value(body[1], budget))
        if tag == TAG_ARRAY and isinstance(body, list):
            return _decode_array(body, budget, depth)
        if tag == TAG_DICT and isinstance(body, dict):
            budget.take(len(body))
            return {str(k)[:NAME_CHARS]: decode_value(v, budget, depth + 1) for k, v in body.items()}
        if tag == TAG_FUNCTION and isinstance(body, str):
            return FunctionRef(body[:NAME_CHARS])
        if tag == TAG_UNSUPPORTED and isinstance(body, str):
            return UnsupportedValue(body[:NAME_CHARS])
    raise ChannelError(f"unrecognised value on the answer channel: {str(encoded)[:80]}")


def _decode_array(body: list, budget: _Budget, depth: int) -> np.ndarray:
    plain = decode_value(body, budget, depth + 1)
    try:
        array = np.array(plain, dtype=float)
    except (ValueError, TypeError):
        raise ChannelError("an array answer is not a rectangular array of numbers") from None
    return array


# ---------------------------------------------------------------- coercions

_NUMBER_TYPES = (int, float, Fraction)


def type_name(value: Any) -> str:
    """Human name of a decoded value's type, for feedback."""
    if isinstance(value, UnsupportedValue):
        return value.type_name
    if isinstance(value, FunctionRef):
        return "function"
    if isinstance(value, np.ndarray):
        return f"array of shape {tuple(value.shape)}"
    return {bool: "bool", int: "integer", float: "number", str: "string", list: "list", dict: "dict",
            Fraction: "fraction", type(None): "None"}.get(type(value), type(value).__name__)


_NUMBER_TEXT = re.compile(r"\s*([+-]?)\s*(\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})(?:[eE]([+-]?\d{1,3}))?\s*"
                          r"(?:/\s*(\d{1,30})\s*)?")


def number_from_text(text: str) -> int | float | Fraction | None:
    """The number a string holds when it is only a number ("195", " 0.25", "-1/4", "1e-3"), else
    None: students quote numbers.  Read with a regular expression, never evaluated."""
    match = _NUMBER_TEXT.fullmatch(text.replace("\u2212", "-"))  # a minus sign pasted from a PDF
    if match is None:
        return None
    sign, digits, exponent, denominator = match.groups()
    if denominator is not None:
        if exponent is not None or "." in digits or int(denominator) == 0:
            return None
        return Fraction(int(sign + digits), int(denominator))
    if exponent is None and "." not in digits:
        return int(sign + digits)
    return float(sign + digits + (f"e{exponent}" if exponent is not None else ""))


def as_number(value: Any, *, allow_nonfinite: bool = False) -> float | int | Fraction:
    """A single real number.  A one-element list or array is accepted, and a string that is only a number."""
    if isinstance(value, str) and (number := number_from_text(value)) is not None:
        value = number
    if isinstance(value, np.ndarray) and value.size == 1:
        value = float(value.reshape(()))
    elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], _NUMBER_TYPES) and not isinstance(value[0], bool):
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, _NUMBER_TYPES):
        raise AnswerFormatError(f"expected a number, got {type_name(value)}")
    if isinstance(value, float) and not math.isfinite(value) and not allow_nonfinite:
        raise AnswerFormatError(f"expected a finite number, got {value}")
    return value


def as_array(value: Any, *, allow_nonfinite: bool = False) -> np.ndarray:
    """A numeric array (float64) from a number, nested list or array; ragged lists are rejected."""
    if isinstance(value, np.ndarray):
        array = value.astype(float)
    elif isinstance(value, bool) or isinstance(value, (str, dict, FunctionRef, UnsupportedValue)) or value is None:
        raise AnswerFormatError(f"expected numbers, got {type_name(value)}")
    else:
        _require_numeric_leaves(value)
        try:
            tree = _to_float_tree(value)
        except OverflowError:  # an integer or fraction beyond the float range (10**400)
            raise AnswerFormatError("a number in this answer is too large") from None
        try:
            array = np.array(tree, dtype=float)
        except ValueError:
            raise AnswerFormatError("the rows of this answer have different lengths") from None
    if not allow_nonfinite and not np.all(np.isfinite(array)):
        bad = [list(map(int, idx)) for idx in np.argwhere(~np.isfinite(array))[:5]]
        raise AnswerFormatError(f"answer contains NaN or infinity at {bad}")
    return array


def _require_numeric_leaves(value: Any) -> None:
    if isinstance(value, list):
        for element in value:
            _require_numeric_leaves(element)
    elif isinstance(value, bool) or not isinstance(value, _NUMBER_TYPES):
        raise AnswerFormatError(f"expected numbers, found {type_name(value)} inside the answer")


def _to_float_tree(value: Any) -> Any:
    if isinstance(value, list):
        return [_to_float_tree(v) for v in value]
    return float(value)


def as_text(value: Any) -> str:
    """A string answer (expression, activation name, choice)."""
    if not isinstance(value, str):
        raise AnswerFormatError(f"expected a string, got {type_name(value)}")
    return value


def as_exact(value: Any) -> Fraction | int | None:
    """An exact rational for a number whose float is a short decimal, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float) and math.isfinite(value):
        return Fraction(repr(value))
    return None
