"""What one parse of an answer accepts (:class:`ParsePolicy`), shared by every reader of answer text.

The parser (:mod:`.parser`), the written-mathematics and LaTeX readers (:mod:`.latex`,
:mod:`.latex_tokens`), the rewrites (:mod:`.rewrite`) and the suggestions (:mod:`.suggestions`) all
consult one policy; it lives here, below all of them, so none of them imports another to reach it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection

from .functions import CONSTANTS, REWRITES, SPELLINGS, FunctionSpec, default_functions, spellings_of

#: the longest answer text any reader accepts (checked before anything else; see :mod:`.parser`)
MAX_LENGTH = 2000


@dataclass(frozen=True)
class ParsePolicy:
    """What a parse accepts: declared names, callable spellings, operators."""

    names: frozenset[str]
    functions: dict[str, FunctionSpec | None]  # spelling -> table spec (None: the caller's own function)
    canonicalize: bool
    matrix_ops: bool
    relation: bool

    @classmethod
    def make(cls, names: Collection[str], functions: Collection[str] | None, matrix_ops: bool, relation: bool) -> "ParsePolicy":
        if isinstance(names, str):
            raise TypeError("names must be a collection of names, not a string")
        canonicalize = functions is None
        spellings = default_functions(matrix_ops) if functions is None else frozenset(functions)
        return cls(frozenset(names), {s: SPELLINGS.get(s) for s in spellings}, canonicalize, matrix_ops, relation)

    def is_constant(self, name: str) -> bool:
        return name in CONSTANTS and name not in self.names

    def spelling_for(self, name: str) -> str | None:
        """A spelling of the table function ``name`` that this parse allows (``Heaviside``, ``heaviside``...)."""
        for candidate in (name, *spellings_of(name)):
            if candidate in self.functions:
                return candidate
        return None

    def is_function_word(self, word: str) -> bool:
        """``word`` names something callable here (a function, or a notation rewrite such as sech)."""
        if word in self.names:
            return False
        return word in self.functions or word in SPELLINGS or word in REWRITES

    def vocabulary(self) -> frozenset[str]:
        """What a run of letters may be split into: declared names and the constants pi, e."""
        return self.names | {c for c in CONSTANTS if self.is_constant(c)}
