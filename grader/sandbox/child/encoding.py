"""Python values to the protocol's JSON, within its bounds (the child's side of the channel).

Every snapshot is built to pass the parent's validator (:mod:`grader.answers`): values too
large, too deep or of other types become ``{TAG_UNSUPPORTED: ...}`` markers for that answer
alone, so one bad answer never costs the others.

The bindings below are taken when this module is imported, before any student statement runs:
a submission that patches ``builtins``, ``json`` or numpy changes its own namespace, not how
answers are encoded.  (It can still replace this module's functions; that only changes its own
answers, exactly as assigning other values would.)
"""

import json
import math
import types
from builtins import (  # noqa: A004
    BaseException, Exception, callable, dict, float, frozenset, int, isinstance, len, list, set, sorted, str, tuple,
    type,
)
from fractions import Fraction

import numpy

from .protocol import (MAX_INT_DIGITS, MAX_JSON_DEPTH, MAX_STRING, MAX_UNITS, NAME_CHARS, TAG_ARRAY, TAG_DICT,
                       TAG_FLOAT, TAG_FRACTION, TAG_FUNCTION, TAG_UNSUPPORTED)


def _make_json_encoder():
    """JSON text for plain data, from C functions bound now: a submission that patches
    ``json`` (``dumps``, ``JSONEncoder.iterencode``, ``json.encoder.c_make_encoder``) cannot
    change how snapshots are written."""
    try:
        from _json import encode_basestring_ascii, make_encoder

        def refuse(value):
            raise TypeError(f"not plain data: {type(value).__name__}")

        iterencode = make_encoder(None, refuse, encode_basestring_ascii, None, ":", ",", False, False, False)
        join = "".join

        def encode_json(value) -> str:
            return join(iterencode(value, 0))

        encode_json({"check": [1, 2.5, "x", None, True]})
        return encode_json
    except Exception:  # another Python implementation: the pure-Python encoder, bound now
        return json.JSONEncoder(allow_nan=False, separators=(",", ":"), ensure_ascii=True).encode


encode_json = _make_json_encoder()
_ndarray = numpy.ndarray
_np_integer, _np_floating, _np_bool = numpy.integer, numpy.floating, numpy.bool_
_np_array = numpy.array
_isnan, _isinf, _isfinite = math.isnan, math.isinf, math.isfinite
_FunctionType, _BuiltinType, _MethodType = types.FunctionType, types.BuiltinFunctionType, types.MethodType


# ---------------------------------------------------------------- text from untrusted values

def clean(text, limit: int) -> str:
    """A plain str, valid UTF-8 (lone surrogates replaced), at most ``limit`` characters."""
    if type(text) is not str:
        try:
            text = str.__str__(text) if isinstance(text, str) else "?"
        except BaseException:  # noqa: BLE001
            text = "?"
    text = text[:limit]
    return text.encode("utf-8", "replace").decode("utf-8")


def type_name(value) -> str:
    try:
        name = type.__dict__["__name__"].__get__(type(value))
    except BaseException:  # noqa: BLE001
        name = "object"
    return clean(name, 100)


def safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001
        text = "<unprintable exception>"
    return clean(text, 500)


def safe_repr(value) -> str:
    if value is None or type(value) in (bool, int, str):
        try:
            return clean(repr(value), 100)
        except BaseException:  # noqa: BLE001 -- e.g. an int too large to print
            pass
    return type_name(value)


# ---------------------------------------------------------------- values

class TooLarge(Exception):
    pass


class Budget:
    """Bounds for one snapshot: units as the parent counts them, and bytes of JSON."""

    def __init__(self, units: int, size: int):
        self.units = units
        self.size = size

    def take(self, n: int) -> None:
        self.units -= n
        if self.units < 0:
            raise TooLarge("answer too large (more than a million values)")

    def answer(self, value) -> str:
        """One answer's JSON; a marker instead when it cannot be encoded within the bounds."""
        saved = self.units
        try:
            text = encode_json(encode(value, self))
        except TooLarge as exc:
            self.units = saved
            text = encode_json({TAG_UNSUPPORTED: str(exc)})
        except BaseException as exc:  # noqa: BLE001 -- a value whose methods raise or misbehave
            self.units = saved
            text = encode_json({TAG_UNSUPPORTED: f"value that could not be read ({type_name(exc)})"})
        if len(text) > self.size:
            self.units = saved
            text = encode_json({TAG_UNSUPPORTED: "answer too large to send back"})
        self.size -= len(text)
        self.units -= 1
        return text


def _float(number: float):
    if _isnan(number):
        return {TAG_FLOAT: "nan"}
    if _isinf(number):
        return {TAG_FLOAT: "inf" if number > 0 else "-inf"}
    return number


def _int(number: int):
    if number.bit_length() > 1328 and (number.bit_length() > 4000 or len(int.__repr__(abs(number))) > MAX_INT_DIGITS):
        return {TAG_UNSUPPORTED: f"integer with more than {MAX_INT_DIGITS} digits"}
    return number


def encode(value, budget: Budget = None, depth: int = 0):
    """Plain JSON data for a Python value, within the parent's bounds; anything else is a marker.

    Only the built-in behaviour of the base types is used (``list.__iter__``, ``float.__float__``
    ...), so subclasses that override ``__iter__``, ``__float__`` or ``__eq__`` are read for what
    they hold, not for what their methods claim.
    """
    budget = budget if budget is not None else Budget(MAX_UNITS, 1 << 62)
    budget.take(1)
    if depth > MAX_JSON_DEPTH:
        return {TAG_UNSUPPORTED: "too deeply nested"}
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is str or isinstance(value, str):
        text = str.__str__(value)
        if len(text) > MAX_STRING:
            return {TAG_UNSUPPORTED: f"string longer than {MAX_STRING:,} characters"}
        return clean(text, MAX_STRING)
    if kind is int or isinstance(value, int):
        return _int(int.__index__(value))
    if isinstance(value, _np_bool):
        return bool(value)
    if isinstance(value, _np_integer):
        return _int(int(value))
    if isinstance(value, float):
        return _float(float.__float__(value))
    if isinstance(value, _np_floating):
        return _float(float(value))
    if isinstance(value, Fraction):
        numerator, denominator = value.numerator, value.denominator
        if type(numerator) is not int or type(denominator) is not int or denominator <= 0:
            return {TAG_UNSUPPORTED: "fraction"}
        numerator, denominator = _int(numerator), _int(denominator)
        if type(numerator) is not int or type(denominator) is not int:
            return {TAG_UNSUPPORTED: f"fraction with more than {MAX_INT_DIGITS} digits"}
        budget.take(2)
        return {TAG_FRACTION: [numerator, denominator]}
    if isinstance(value, _ndarray):
        return _encode_array(value, budget, depth)
    if isinstance(value, (list, tuple)):
        size = list.__len__(value) if isinstance(value, list) else tuple.__len__(value)
        if size > 1_000_000:
            return {TAG_UNSUPPORTED: "list with more than a million entries"}
        budget.take(size)
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return [encode(item, budget, depth + 1) for item in items]
    if isinstance(value, (set, frozenset)):  # {"a", "b"} for a set answer: a list, in one fixed order
        size = set.__len__(value) if isinstance(value, set) else frozenset.__len__(value)
        if size > 10_000:
            return {TAG_UNSUPPORTED: "set with more than 10,000 entries"}
        budget.take(size)
        items = [encode(item, budget, depth + 1) for item in (set.__iter__(value) if isinstance(value, set)
                                                               else frozenset.__iter__(value))]
        return sorted(items, key=encode_json)
    if isinstance(value, dict):
        size = dict.__len__(value)
        if size > 10_000:
            return {TAG_UNSUPPORTED: "dict with more than 10,000 entries"}
        budget.take(size)
        body = {}
        for key, item in list(dict.items(value)):
            body[_dict_key(key)] = encode(item, budget, depth + 2)
        return {TAG_DICT: body}
    if callable(value):
        if type(value) in (_FunctionType, _BuiltinType, _MethodType):
            name = value.__name__
        else:
            name = type_name(value)
        return {TAG_FUNCTION: clean(name, NAME_CHARS)}
    return {TAG_UNSUPPORTED: type_name(value)}


def _dict_key(key) -> str:
    if isinstance(key, str):
        return clean(str.__str__(key), NAME_CHARS)
    if isinstance(key, int) and not isinstance(key, bool):
        return int.__repr__(int.__index__(key))[:NAME_CHARS]
    return f"<{type_name(key)}>"


def _encode_array(value, budget: Budget, depth: int):
    shape = _ndarray.shape.__get__(value)
    size = 1
    for dim in shape:
        size *= dim
    if size > 1_000_000:
        return {TAG_UNSUPPORTED: "array with more than a million entries"}
    if len(shape) == 0:  # a 0-d array is a number
        value = _np_array(value, copy=True, subok=False).reshape(())
        if value.dtype.kind == "O":  # np.array(Fraction(1, 3)): the object it holds
            return encode(value.item(), budget, depth)
        if value.dtype.kind not in "biuf":
            return {TAG_UNSUPPORTED: f"array of {value.dtype}"}
        return _float(float(value.astype(float)))
    if depth + 2 + len(shape) > MAX_JSON_DEPTH:
        return {TAG_UNSUPPORTED: f"array with {len(shape)} dimensions"}
    array = _np_array(value, copy=True, subok=False)
    if array.dtype.kind == "O":  # an array of Fractions (or other objects): nested lists of what it holds
        return encode(array.tolist(), budget, depth)
    if array.dtype.kind not in "biuf":
        return {TAG_UNSUPPORTED: f"array of {array.dtype}"}
    lists = sum(_prefix_products(shape))  # list nodes below the outermost one
    budget.take(1 + 2 * lists + 2 * size)  # each list counted as a value and by its length, each entry as a value
    return {TAG_ARRAY: _plain_list(array.astype(float).tolist())}


def _prefix_products(shape) -> list:
    products, running = [], 1
    for dim in shape[:-1]:
        running *= dim
        products.append(running)
    return products


def _plain_list(value):
    if type(value) is list:
        return [_plain_list(v) for v in value]
    if type(value) is float and not _isfinite(value):
        return _float(value)
    return value
