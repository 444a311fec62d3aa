"""Calling reference functions: ``"module:function"`` with rubric parameters.

Expected answers are never typed into a rubric: each item names a function of the parameters,
and this module calls it.  Results are cached per reference and argument values, so a batch
computes each reference once per parameter set.

Where ``module`` is looked up:

* the grader ships its references as the package :mod:`nn_reference` (``autodiff``, ``backprop``...);
* a course repository keeps its own in ``<course>/reference/`` next to ``<course>/rubrics/``.
  That folder is imported as a package of its own, named after the folder's absolute path
  (``grader_course_<name>_<hash>``), so two courses' ``reference/helpers.py`` -- or a course's
  ``autodiff.py`` and the shipped one -- never meet in ``sys.modules``.  A rubric loaded from
  ``<course>/rubrics/`` looks in its course's package first, then in :mod:`nn_reference`; a
  rubric of another course never sees it.
* ``nn_reference.autodiff:f`` names a shipped module explicitly, even when the course has a
  module of the same name; ``reference.autodiff:f`` (the package's old name) means the same.

Course modules import each other relatively (``from . import helpers``) and read data files
next to themselves (``Path(__file__).parent / "data.csv"``): ``grader gradescope`` bundles the
whole folder.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import json
import re
import sys
import threading
import types
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Mapping

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SHIPPED_PACKAGE = "nn_reference"
REFERENCE_PACKAGE = SHIPPED_PACKAGE  # the name older code imported
COURSE_FOLDER = "reference"  # <course>/reference/ next to <course>/rubrics/
#: ``module:function``, as a rubric names a reference
REFERENCE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*$"
_EXPLICIT_PREFIXES = (f"{SHIPPED_PACKAGE}.", "reference.")  # "reference." was the shipped package's old name


from .errors import ReferenceFailure  # noqa: F401 -- defined in grader.errors, importable here as before


_course_packages: dict[str, str] = {}  # resolved folder -> package name
_course_folders: set[str] = set()  # every course folder a rubric named, imported or not yet
_lock = threading.Lock()


def course_package_name(directory: str | PathLike[str]) -> str:
    """The import name of a course's reference folder: unique to its absolute path."""
    path = Path(directory).resolve()
    stem = re.sub(r"[^0-9A-Za-z_]", "_", path.parent.name)[:40] or "course"
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    return f"grader_course_{stem}_{digest}"


def course_package(directory: str | PathLike[str]) -> str:
    """Import ``directory`` as a package of its own (once) and return its name."""
    path = Path(directory).resolve()
    key = str(path)
    with _lock:
        if key in _course_packages:
            return _course_packages[key]
        name = course_package_name(path)
        init = path / "__init__.py"
        if init.is_file():
            spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[key])
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
        else:  # a plain folder of modules: a package with no code of its own
            module = types.ModuleType(name, f"course references in {path}")
            module.__path__ = [key]  # type: ignore[attr-defined]
            module.__file__ = None
            sys.modules[name] = module
        _course_packages[key] = name
        return name


def find_course_references(rubric_path: str | PathLike[str]) -> Path | None:
    """``<course>/reference/`` for a rubric at ``<course>/rubrics/NAME.toml`` (or, for a course that
    keeps its rubrics at the top, ``<course>/NAME.toml``), if that folder exists.  Changes nothing."""
    rubric = Path(rubric_path).resolve()
    candidates = [rubric.parent.parent / COURSE_FOLDER, rubric.parent / COURSE_FOLDER]
    return next((c for c in candidates if c.is_dir()), None)


def register_course_references(rubric_path: str | PathLike[str]) -> Path | None:
    """The course reference folder of the rubric at ``rubric_path`` (:func:`find_course_references`),
    registered as reference code: from now on it is hidden from every submission this process runs
    (:func:`reference_locations`).  Called by :func:`grader.rubric.load_rubric`, so the folder is hidden
    before any of its references runs.  Nothing is imported and no package path is set here: the folder
    becomes a package the first time one of its references is resolved (:func:`course_package`)."""
    candidate = find_course_references(rubric_path)
    if candidate is not None:
        with _lock:
            _course_folders.add(str(candidate))
    return candidate


#: the name older callers (``grader gradescope``) use
course_reference_dir = register_course_references


def add_reference_directory(directory: str | PathLike[str]) -> bool:
    """Register a course's reference folder (kept for older callers); rubrics find it through
    :func:`course_reference_dir` when they are loaded.  True if the folder exists."""
    if not Path(directory).is_dir():
        return False
    course_package(directory)
    return True


class ReferenceCall(BaseModel):
    """A call of a reference function with rubric parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: str = Field(pattern=REFERENCE_PATTERN, description="Reference function as 'module:function': a module of the course's reference/ folder, else of the shipped nn_reference package, e.g. 'autodiff:quadratic_form_hessian'.")
    args: dict[str, str] = Field(default_factory=dict, description="Function argument -> parameter name. Arguments not listed are looked up in the parameters by their own name.")
    constants: dict[str, Any] = Field(default_factory=dict, description="Function argument -> literal value (numbers, lists, strings).")
    # The course's own reference folder, searched before the shipped references (set by load_rubric,
    # never by the rubric's text): see this module's docstring.
    _course_references: str | None = PrivateAttr(default=None)

    @property
    def course_references(self) -> str | None:
        return self._course_references


def reference_locations() -> list[str]:
    """Folders holding reference code (shipped and every course's seen so far): never the submission's to read."""
    locations = [str(Path(__file__).resolve().parent.parent / SHIPPED_PACKAGE)]
    try:
        shipped = importlib.import_module(SHIPPED_PACKAGE)
        locations += [str(Path(p).resolve()) for p in getattr(shipped, "__path__", [])]
    except ImportError:
        pass
    with _lock:
        locations += list(_course_packages) + list(_course_folders)
    return sorted({location for location in locations if Path(location).exists()})


def _module_candidates(call: ReferenceCall, module_name: str) -> list[str]:
    for prefix in _EXPLICIT_PREFIXES:
        if module_name.startswith(prefix):
            return [f"{SHIPPED_PACKAGE}.{module_name[len(prefix):]}"]
    candidates = []
    course = getattr(call, "course_references", None)
    if course:
        candidates.append(f"{course_package(course)}.{module_name}")
    candidates.append(f"{SHIPPED_PACKAGE}.{module_name}")
    return candidates


def _import(candidates: list[str]) -> types.ModuleType:
    problems = []
    for qualified in candidates:
        try:
            return importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            # Only "this module is not here" moves on to the next place; a module that exists but
            # fails to import is reported as it is.
            if exc.name is None or not (qualified == exc.name or qualified.startswith(exc.name + ".")):
                raise
            problems.append(qualified)
    raise ModuleNotFoundError(f"no module {problems[-1].split('.', 1)[1]!r} in "
                              + " or ".join(p.rsplit(".", 1)[0] if "." in p else p for p in problems))


def _where(call: ReferenceCall) -> str:
    course = getattr(call, "course_references", None)
    return f"{course}/ or the shipped {SHIPPED_PACKAGE}/" if course else f"{SHIPPED_PACKAGE}/"


def resolve(reference: str | ReferenceCall) -> Callable[..., Any]:
    call = reference if isinstance(reference, ReferenceCall) else ReferenceCall(reference=reference)
    module_name, _, function_name = call.reference.partition(":")
    try:
        module = _import(_module_candidates(call, module_name))
    except ImportError as exc:
        raise ReferenceFailure(f"reference module {module_name!r} cannot be imported (looked in {_where(call)}): {exc}") from None
    except Exception as exc:  # noqa: BLE001 -- a course module that fails at import time
        raise ReferenceFailure(f"reference module {module_name!r} failed to import: {type(exc).__name__}: {exc}") from None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ReferenceFailure(f"reference module {module_name!r} ({getattr(module, '__file__', '?')}) has no function {function_name!r}")
    return function


def call_arguments(call: ReferenceCall, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``call``: mapped parameters, same-named parameters, then constants."""
    function = resolve(call)
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


_cache: dict[tuple[str, str, str], Any] = {}


def evaluate(call: ReferenceCall, parameters: Mapping[str, Any]) -> Any:
    """The reference value; cached on (course, reference, argument values)."""
    kwargs = call_arguments(call, parameters)
    course = getattr(call, "course_references", None) or ""
    try:
        key = (course, call.reference, json.dumps(kwargs, sort_keys=True, default=repr))
    except (TypeError, ValueError):
        key = None
    if key is not None and key in _cache:
        return _cache[key]
    try:
        value = resolve(call)(**kwargs)
    except ReferenceFailure:
        raise
    except Exception as exc:  # a reference bug must not stop the other items
        raise ReferenceFailure(f"{call.reference} raised {type(exc).__name__}: {exc}") from exc
    if key is not None:
        _cache[key] = value
    return value
