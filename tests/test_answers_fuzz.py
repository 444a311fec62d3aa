"""Property-based tests of the answer channel's validator (grader/answers.py), the child's
encoder (grader/sandbox/child/encoding.py) and, the expression parser.

* ``parse_channel`` / ``decode_value`` on any bytes or JSON raise nothing but ChannelError,
  within a time bound;
* the coercions ``as_number`` / ``as_array`` / ``as_text`` raise nothing but AnswerFormatError;
* whatever Python value a submission binds, the child's snapshot is a document the parent
  accepts (one odd answer never costs the others);
* ``parse_expression`` raises nothing but ExpressionError, quickly.
"""

from __future__ import annotations

import json
import math
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.answers import ChannelError, as_array, as_number, as_text, decode_value, parse_channel
from grader.checkers.base import AnswerFormatError
from grader.sandbox.child import execution

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
TIME_BOUND = 2.0  # seconds for any one input



json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**450), max_value=10**450),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=50),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=6), st.dictionaries(st.text(max_size=10), children, max_size=6)),
    max_leaves=40,
)
tags = st.sampled_from(["$float", "$fraction", "$array", "$dict", "$function", "$unsupported", "$other"])
tagged_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(tags, children, min_size=1, max_size=2),
        st.builds(lambda body: {"$array": body}, st.lists(st.lists(children, max_size=3), max_size=3)),
        st.builds(lambda a, b: {"$fraction": [a, b]}, st.integers(-10**5, 10**5), st.integers(-3, 10**5)),
        st.sampled_from([{"$float": "nan"}, {"$float": "inf"}, {"$float": "-inf"}, {"$float": "NaN"}]),
    ),
    max_leaves=30,
)


def _timed(function, *args):
    began = time.monotonic()
    try:
        return function(*args)
    finally:
        assert time.monotonic() - began < TIME_BOUND


# ---------------------------------------------------------------- parse_channel / decode_value

@FUZZ
@given(st.binary(max_size=2000))
def test_parse_channel_on_any_bytes_raises_only_channel_error(raw):
    try:
        _timed(parse_channel, raw)
    except ChannelError:
        pass


@FUZZ
@given(json_values)
def test_parse_channel_on_any_json_raises_only_channel_error(document):
    try:
        _timed(parse_channel, json.dumps(document).encode())
    except ChannelError:
        pass


@FUZZ
@given(st.dictionaries(st.text(max_size=8), tagged_values, max_size=5), st.lists(st.text(max_size=5), max_size=3),
       st.lists(st.fixed_dictionaries({"line": st.integers(-5, 10**6), "kind": st.text(max_size=300),
                                        "message": st.text(max_size=2500), "targets": st.lists(st.text(max_size=5))}),
                max_size=3),
       st.one_of(st.none(), st.integers(-10**20, 10**20), st.booleans()))
def test_envelopes_with_any_values_raise_only_channel_error(answers, missing, errors, exit_code):
    document = {"protocol": 1, "answers": answers, "missing": missing, "calls": {}, "errors": errors, "exit_code": exit_code}
    try:
        child = _timed(parse_channel, json.dumps(document).encode())
    except ChannelError:
        return
    assert set(child.values) == set(answers)


@FUZZ
@given(tagged_values)
def test_decode_value_raises_only_channel_error(encoded):
    try:
        _timed(decode_value, encoded)
    except ChannelError:
        pass


@pytest.mark.parametrize("raw", [
    b"[" * 1_000_000,
    b'{"protocol":1,"answers":{"x":' + b"[" * 200_000 + b"]" * 200_000 + b"}}",
    b'{"protocol":1,"answers":{"x":' + b'{"$dict":{"k":' * 5000 + b"1" + b"}}" * 5000 + b"}}",
    b'{"protocol":1,"answers":{"x":[' + b"0," * 2_000_000 + b"0]}}",
    b'{"protocol":1,"answers":{"x":1' + b"0" * 5000 + b"}}",
    b'{"protocol":1,"answers":{"x":NaN}}',
    b'\xef\xbb\xbf{"protocol":1,"answers":{}}',
    b'{"protocol":1,"answers":{},"score":13}',
    b'{"protocol":1,"answers":{"x":"' + b"a" * 30_000 + b'"}}',
])
def test_hostile_documents_are_refused_quickly(raw):
    with pytest.raises(ChannelError):
        _timed(parse_channel, raw)


# ---------------------------------------------------------------- coercions

decoded_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**400), 10**400), st.floats(), st.text(max_size=20),
              st.builds(Fraction, st.integers(-(10**350), 10**350), st.integers(1, 10**350)),
              st.builds(lambda rows, cols, fill: np.full((rows, cols), fill), st.integers(0, 3), st.integers(0, 3), st.floats())),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=20,
)


@FUZZ
@given(decoded_values, st.booleans())
def test_coercions_raise_only_answer_format_error(value, allow_nonfinite):
    for coerce in (lambda v: as_number(v, allow_nonfinite=allow_nonfinite), lambda v: as_array(v, allow_nonfinite=allow_nonfinite), as_text):
        try:
            _timed(coerce, value)
        except AnswerFormatError:
            pass


@FUZZ
@given(tagged_values)
def test_coercions_of_decoded_channel_values(encoded):
    try:
        value = decode_value(encoded)
    except ChannelError:
        return
    for coerce in (as_number, as_array, as_text):
        try:
            coerce(value)
        except AnswerFormatError:
            pass


# ---------------------------------------------------------------- the child's snapshots are always accepted

class _Weird:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class _LyingFloat(float):
    def __float__(self):
        raise RuntimeError("no")


class _LyingList(list):
    def __iter__(self):
        raise RuntimeError("no")


python_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(10**1500), 10**1500), st.floats(),
        st.text(max_size=30), st.integers(20_001, 20_005).map(lambda n: "a" * n),
        st.sampled_from(["\ud800", "a\udfffb", _Weird(), _LyingFloat(3.5), print, len, Fraction(10**500, 7), Fraction(3, 4),
                         np.float32(1.5), np.int64(-3), np.bool_(True), np.array(2.0), np.array([1 + 2j]),
                         np.zeros((2, 0)), np.arange(6).reshape(2, 3), np.array(["a"]), b"bytes", {1, 2}, range(3)]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.tuples(children, children),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers(), st.just(("t",))), children, max_size=4),
        st.builds(_LyingList, st.lists(children, max_size=3)),
    ),
    max_leaves=25,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(["H", "z", "M", "H_vhp", "x"]), python_values, max_size=5),
       st.lists(st.integers(-3, 10**6), max_size=3))
def test_any_snapshot_the_child_writes_is_accepted(namespace, lines):
    snapshot = execution.Run(["H", "z", "M", "H_vhp", "x"], answer_fd=-1, answer_bytes=8 * 1024 * 1024)
    snapshot.namespace.update(namespace)
    for line in lines:
        execution.add_error(snapshot.errors, line, "K" * 300, "m\ud800" * 400, ["H"], None)
    snapshot.exit_code = execution._exit_code(True)
    text = _timed(snapshot.message)
    child = parse_channel(text.encode("ascii"))  # must not raise
    assert set(child.values) == set(namespace)
    assert set(child.missing) == {"H", "z", "M", "H_vhp", "x"} - set(namespace)


def test_the_child_bounds_match_the_parent_budget():
    """Two answers that each fit but together exceed the parent's element budget: the second
    becomes a marker instead of the whole document being refused."""
    snapshot = execution.Run(["a", "b", "c"], answer_fd=-1, answer_bytes=8 * 1024 * 1024)
    snapshot.namespace.update(a=[[0.5] * 1000] * 240, b=np.zeros((240, 1000)), c=1)
    child = parse_channel(snapshot.message().encode())
    assert len(child.values["a"]) == 240 and child.values["c"] == 1
    assert "too large" in child.values["b"].type_name


def test_nonfinite_values_survive_the_round_trip():
    snapshot = execution.Run(["a"], answer_fd=-1, answer_bytes=1 << 20)
    snapshot.namespace["a"] = [math.nan, math.inf, -math.inf, np.array([np.nan, 1.0])]
    value = parse_channel(snapshot.message().encode()).values["a"]
    assert math.isnan(value[0]) and value[1] == math.inf and value[2] == -math.inf
    assert math.isnan(value[3][0]) and value[3][1] == 1.0


# ---------------------------------------------------------------- the expression parser

from grader.expressions.parser import ExpressionError, parse_expression  # a broken import must fail, not skip

expression_text = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="xyn0123456789+-*/^()[]{}.,_ \\λσ²−=<>!'\"`@:;", max_size=200),
    st.builds("".join, st.lists(st.sampled_from(["x", "*", "**", "(", ")", "9", "__import__", "'os'", ".", "lambda", ":",
                                                 "[", "]", "factorial", "exp", "\\frac{", "}{", "}", "^", "sqrt", "1e308"]),
                                max_size=60)),
)


@FUZZ
@given(expression_text)
def test_expression_parser_raises_only_expression_error(text):
    try:
        _timed(parse_expression, text, ["x", "y", "n"])
    except ExpressionError:
        pass
