"""Calling reference functions: ``"module:function"`` in ``reference/`` with rubric parameters.

Expected answers are never typed into a rubric: each item names a function of
the parameters, and this module calls it.  Results are cached per reference
and argument values, so a batch computes each reference once per parameter set.
"""

from __future__ import annotations

import importlib
import inspect
import json
from os import PathLike
from typing import Any, Callable, Mapping

from .rubric import ReferenceCall

REFERENCE_PACKAGE = "reference"


class ReferenceFailure(RuntimeError):
    """A reference function could not be found or failed: a rubric or reference bug, reported per item."""


def add_reference_directory(directory: str | PathLike[str]) -> bool:
    """Let ``module:function`` also find modules in a course repository's own ``reference/``.

    A course keeps rubrics in ``<repo>/rubrics/`` and its reference functions in
    ``<repo>/reference/``; the directory is searched before the grader's own modules.
    """
    import reference
    from pathlib import Path

    path = str(Path(directory).resolve())
    if not Path(path).is_dir() or path in list(reference.__path__):
        return False
    reference.__path__.insert(0, path)
    return True


def resolve(reference: str) -> Callable[..., Any]:
    module_name, _, function_name = reference.partition(":")
    try:
        module = importlib.import_module(f"{REFERENCE_PACKAGE}.{module_name}")
    except ImportError as exc:
        raise ReferenceFailure(f"reference module {module_name!r} cannot be imported: {exc}") from None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ReferenceFailure(f"reference/{module_name.replace('.', '/')}.py has no function {function_name!r}")
    return function


def call_arguments(call: ReferenceCall, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``call``: mapped parameters, same-named parameters, then constants."""
    function = resolve(call.reference)
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(function).parameters.items():
        if name in call.constants:
            kwargs[name] = call.constants[name]
        elif name in call.args:
            source = call.args[name]
            if source not in parameters:
                raise ReferenceFailure(f"{call.reference}: argument {name!r} maps to unknown parameter {source!r}")
            kwargs[name] = parameters[source]
        elif name in parameters:
            kwargs[name] = parameters[name]
        elif param.default is inspect.Parameter.empty and param.kind not in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            raise ReferenceFailure(f"{call.reference}: no parameter or constant for argument {name!r}")
    unknown = (set(call.args) | set(call.constants)) - set(inspect.signature(function).parameters)
    if unknown:
        raise ReferenceFailure(f"{call.reference}: function has no argument(s) {sorted(unknown)}")
    return kwargs


_cache: dict[tuple[str, str], Any] = {}


def evaluate(call: ReferenceCall, parameters: Mapping[str, Any]) -> Any:
    """The reference value; cached on (reference, argument values)."""
    kwargs = call_arguments(call, parameters)
    try:
        key = (call.reference, json.dumps(kwargs, sort_keys=True, default=repr))
    except (TypeError, ValueError):
        key = None
    if key is not None and key in _cache:
        return _cache[key]
    try:
        value = resolve(call.reference)(**kwargs)
    except ReferenceFailure:
        raise
    except Exception as exc:  # a reference bug must not stop the other items
        raise ReferenceFailure(f"{call.reference} raised {type(exc).__name__}: {exc}") from exc
    if key is not None:
        _cache[key] = value
    return value
