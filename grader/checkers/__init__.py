"""Registry of checker kinds.  See :mod:`grader.checkers.base` for the contract.

Every module in this package is imported the first time a kind is looked up,
so adding a kind means adding a module: its ``@register`` runs on import.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Mapping

from .base import (
    AnswerFormatError,
    CannotDecide,
    CheckContext,
    Checker,
    CheckerOptions,
    ReferenceProblem,
    Verdict,
)

_REGISTRY: dict[str, type[Checker]] = {}
_BROKEN: dict[str, str] = {}  # module name -> import error, so one broken kind cannot hide the others
_loaded = False


def register(cls: type[Checker]) -> type[Checker]:
    """Class decorator: make ``cls`` available under ``cls.kind``."""
    kind = getattr(cls, "kind", None)
    if not kind:
        raise TypeError(f"{cls.__name__} has no 'kind'")
    if kind in _REGISTRY and _REGISTRY[kind] is not cls:
        raise TypeError(f"checker kind {kind!r} registered twice ({_REGISTRY[kind].__name__}, {cls.__name__})")
    _REGISTRY[kind] = cls
    return cls


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            try:
                importlib.import_module(f"{__name__}.{module.name}")
            except Exception as exc:  # noqa: BLE001 -- reported when a kind is missing
                _BROKEN[module.name] = f"{type(exc).__name__}: {exc}"
    _loaded = True


def checker_class(kind: str) -> type[Checker]:
    """The class registered as ``kind`` (its class-level facts: ``answer_form``, ``automatic``...);
    KeyError names the known kinds.

    The module named like the kind is tried first, so a run imports only the kinds its
    rubric uses; other modules are imported only when that fails.
    """
    if kind not in _REGISTRY and kind.isidentifier() and not kind.startswith("_"):
        try:
            importlib.import_module(f"{__name__}.{kind}")
        except ImportError:
            pass
        except Exception as exc:  # noqa: BLE001 -- reported below if the kind stays unknown
            _BROKEN[kind] = f"{type(exc).__name__}: {exc}"
    if kind not in _REGISTRY:
        _load_all()
    try:
        return _REGISTRY[kind]
    except KeyError:
        broken = "".join(f"; module {name} failed to load ({error})" for name, error in sorted(_BROKEN.items()))
        raise KeyError(f"unknown checker kind {kind!r}; known kinds: {', '.join(known_kinds())}{broken}") from None


def get_checker(kind: str, options: CheckerOptions | Mapping[str, Any] | None = None) -> Checker:
    """A checker of ``kind`` configured with ``options`` (validated; default: the kind's default
    options).  A rubric item builds its own once: ``Item.checker``."""
    return checker_class(kind)(options)


def known_kinds() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


__all__ = [
    "AnswerFormatError",
    "CannotDecide",
    "CheckContext",
    "Checker",
    "CheckerOptions",
    "ReferenceProblem",
    "Verdict",
    "checker_class",
    "get_checker",
    "known_kinds",
    "register",
]
