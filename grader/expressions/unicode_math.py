"""Unicode that students paste from notes and textbooks: super- and subscripts, accented letters.

Both readers use these tables (:mod:`.parser` for plain text, :mod:`.latex_tokens` for written
mathematics), so ``Xᵀ(XXᵀ)⁻¹t``, ``w₁ + w₂ = 3`` and ``2(ŷ − y)`` read as ``X^T (X X^T)^{-1} t``,
``w_1 + w_2 = 3`` and ``2(\\hat{y} - y)`` do.  A run of superscripts is one exponent (``n¹⁰`` is
n**10) and a run of subscripts one index; a lone ``⁺`` keeps its meaning of a positive part.
"""

from __future__ import annotations

import unicodedata

SUPERSCRIPTS = {"\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5",
                "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207b": "-", "\u207a": "+",
                "\u207d": "(", "\u207e": ")", "\u207f": "n", "\u2071": "i"}
SUBSCRIPTS = {"\u2080": "0", "\u2081": "1", "\u2082": "2", "\u2083": "3", "\u2084": "4", "\u2085": "5",
              "\u2086": "6", "\u2087": "7", "\u2088": "8", "\u2089": "9", "\u1d62": "i", "\u2c7c": "j",
              "\u2096": "k", "\u2098": "m", "\u2099": "n"}
#: combining marks over a letter, and the name the handouts give the decorated symbol (y_hat, y_bar)
ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0305": "bar", "\u0303": "tilde"}


def script_run(text: str, start: int, table: dict[str, str]) -> tuple[str, int]:
    """The ASCII of the run of ``table``'s characters at ``start``, and where the run ends."""
    end = start
    while end < len(text) and text[end] in table:
        end += 1
    return "".join(table[ch] for ch in text[start:end]), end


def accented(ch: str) -> tuple[str, str] | None:
    """(letter, accent) for a precomposed accented ASCII letter such as ``ŷ`` or ``ȳ``, else None."""
    if ch.isascii():
        return None
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() and parts[1] in ACCENTS:
        return parts[0], ACCENTS[parts[1]]
    return None


def has_decorated_names(text: str) -> bool:
    """Subscripts or accented letters: names that only the written-mathematics reader resolves."""
    return any(ch in SUBSCRIPTS or ch in ACCENTS or accented(ch) is not None for ch in text)
