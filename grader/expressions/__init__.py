"""Safe reading and comparison of answer expressions (derivations, counts, complexity classes, conditions).

Public API:

* :func:`parse_expression`, :func:`parse_relation`, :class:`ExpressionError` -- text (Python syntax or
  LaTeX) to a validated ``ast.Expression`` (:mod:`.parser`, :mod:`.latex`);
* :func:`to_sympy` -- validated tree to SymPy (:mod:`.sympy_builder`);
* :class:`SymbolSpec` -- a declared symbol and its domain (:mod:`.symbols`);
* :func:`equivalent` -- are two scalar expressions the same function (:mod:`.equivalence`);
* :func:`diagnose` -- sign error, constant factor, constant offset... (:mod:`.diagnose`);
* :func:`compare_counts`, :func:`compare_growth` -- exact counts and big-O classes (:mod:`.complexity`);
* :func:`compare_relations` -- conditions as sets (:mod:`.relations`).

Reading students' notation: :mod:`.rewrite` (juxtaposition, indicators, NumPy calls...),
:mod:`.splitting` (``mn`` into declared names), :mod:`.suggestions` (every refusal offers a
readable form), :mod:`.notation` (docs/notation.md from these tables, ``grader notation``).

Importing this package is cheap: submodules load on first use (the matrix
evaluator imports only :mod:`.parser`).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "parse_expression": "parser", "parse_relation": "parser", "ExpressionError": "parser",
    "to_sympy": "sympy_builder", "SymbolSpec": "symbols", "equivalent": "equivalence",
    "EquivalenceResult": "equivalence", "diagnose": "diagnose", "compare_counts": "complexity",
    "compare_growth": "complexity", "compare_relations": "relations",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
