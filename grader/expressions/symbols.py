"""Symbols of an answer expression: names with a domain, and how points are drawn from it.

A rubric declares symbols in an item's options, either as a list of tables
or as a table name -> domain::

    symbols = [{name = "sigma", domain = "positive"}, {name = "n", domain = "natural"}]
    symbols = {sigma = "positive", n = "natural", d = "natural"}

Symbols the reference's SymPy expression uses but the rubric does not
declare take their domain from the SymPy assumptions
(``Symbol("n", integer=True, positive=True)`` is ``natural``).

Sampling (documented because verdicts depend on it):

=======================  ==================================================
``real``                 +-10**U(-1, 1): magnitudes 0.1 .. 10, both signs
``positive``             10**U(-1, 1)
``nonnegative``          0 with probability 0.1, else as ``positive``
``negative``/``nonzero`` minus ``positive`` / ``positive`` with a random sign
``integer``              uniform in -10 .. 10
``natural``              uniform in 1 .. 30 (integers >= 1)
``nonnegative_integer``  uniform in 0 .. 30
=======================  ==================================================

``low``/``high`` replace the ranges (uniform between them; inclusive for
integers).  Real values are rounded to 4 significant digits and kept as exact
fractions, so an evaluation can be exact when the expression allows it.
"""

from __future__ import annotations

import keyword
import math
from fractions import Fraction
from typing import Annotated, Any, Iterable, Literal, Mapping, Sequence

import numpy as np
import sympy
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

Domain = Literal["real", "positive", "nonnegative", "negative", "nonzero", "integer", "natural", "nonnegative_integer"]
DOMAINS: tuple[str, ...] = Domain.__args__  # type: ignore[attr-defined]
_INTEGER_DOMAINS = {"integer", "natural", "nonnegative_integer"}


class SymbolSpec(BaseModel):
    """A declared symbol: its name and the set its values come from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="The name students write, a Python identifier such as sigma, n, W_1 or lam.")
    domain: Domain = Field(default="real", description="Set of values: " + ", ".join(DOMAINS) + ".")
    low: float | None = Field(default=None, description="Smallest sampled value (optional; inclusive for integers).")
    high: float | None = Field(default=None, description="Largest sampled value (optional; inclusive for integers).")

    @field_validator("name")
    @classmethod
    def _identifier(cls, name: str) -> str:
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("__") or not name.isascii():
            raise ValueError(f"{name!r} is not a usable symbol name (an ASCII identifier, not a keyword)")
        return name

    @model_validator(mode="after")
    def _bounds(self) -> "SymbolSpec":
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"symbol {self.name}: low must be smaller than high")
        if self.is_integer and self.low is not None and self.high is not None and math.floor(self.high) < math.ceil(self.low):
            raise ValueError(f"symbol {self.name}: no integer between low and high")
        return self

    @property
    def is_integer(self) -> bool:
        return self.domain in _INTEGER_DOMAINS

    def sympy_symbol(self) -> sympy.Symbol:
        """A SymPy symbol carrying this domain as assumptions."""
        assumptions = {
            "real": {"real": True}, "positive": {"positive": True}, "nonnegative": {"nonnegative": True},
            "negative": {"negative": True}, "nonzero": {"real": True, "nonzero": True},
            "integer": {"integer": True}, "natural": {"integer": True, "positive": True},
            "nonnegative_integer": {"integer": True, "nonnegative": True},
        }[self.domain]
        return sympy.Symbol(self.name, **assumptions)

    def sample(self, rng: np.random.Generator) -> Fraction:
        """One random value of the domain (see the module docstring)."""
        if self.is_integer:
            low, high = self._integer_range()
            return Fraction(int(rng.integers(low, high + 1)))
        if self.low is not None or self.high is not None:
            low = self.low if self.low is not None else (self.high - 10 if self.high is not None else -10)
            high = self.high if self.high is not None else low + 10
            value = _round(rng.uniform(low, high))
            return min(max(value, Fraction(low)), Fraction(high))
        magnitude = _round(10 ** rng.uniform(-1, 1))
        if self.domain == "positive":
            return magnitude
        if self.domain == "nonnegative":
            return Fraction(0) if rng.random() < 0.1 else magnitude
        if self.domain == "negative":
            return -magnitude
        return magnitude if rng.random() < 0.5 else -magnitude

    def grid(self, size: int) -> list[Fraction]:
        """About ``size`` small, simple values of the domain (integers, halves), for boundary checks."""
        size = max(size, 2)
        if self.is_integer:
            low, high = self._integer_range()
            if self.low is None and self.domain == "integer":
                low, high = -(size // 2), size // 2
            elif self.high is None:
                high = low + size - 1
            return [Fraction(v) for v in range(low, min(high, low + 4 * size) + 1)]
        if self.low is not None or self.high is not None:
            low = self.low if self.low is not None else self.high - size / 2
            high = self.high if self.high is not None else low + size / 2
            values = {_round(low + (high - low) * k / (size + 1)) for k in range(1, size + 1)}
            return sorted(values)
        halves = [Fraction(k, 2) for k in range(1, size + 1)]
        if self.domain == "positive":
            return halves
        if self.domain == "nonnegative":
            return [Fraction(0), *halves[:-1]]
        if self.domain == "negative":
            return [-h for h in halves]
        mirrored = [-h for h in reversed(halves[: size // 2])] + halves[: size // 2]
        return mirrored if self.domain == "nonzero" else sorted({Fraction(0), *mirrored})

    def _integer_range(self) -> tuple[int, int]:
        default_low, default_high = {"integer": (-10, 10), "natural": (1, 30), "nonnegative_integer": (0, 30)}[self.domain]
        low = math.ceil(self.low) if self.low is not None else default_low
        high = math.floor(self.high) if self.high is not None else max(default_high, low + 10)
        return low, high


def _round(value: float) -> Fraction:
    """Four significant digits, as an exact fraction (keeps evaluations exact and points readable)."""
    return Fraction(f"{value:.4g}")


def spec_from_sympy(symbol: sympy.Symbol) -> SymbolSpec:
    """The domain a SymPy symbol's assumptions describe."""
    if symbol.is_integer:
        domain = "natural" if symbol.is_positive else "nonnegative_integer" if symbol.is_nonnegative else "integer"
    elif symbol.is_positive:
        domain = "positive"
    elif symbol.is_nonnegative:
        domain = "nonnegative"
    elif symbol.is_negative:
        domain = "negative"
    elif symbol.is_nonzero and symbol.is_real:
        domain = "nonzero"
    else:
        domain = "real"
    return SymbolSpec(name=symbol.name, domain=domain)


def coerce_symbol_specs(value: Any) -> Any:
    """Accept the rubric's forms (list of tables, or table name -> domain / table) as a tuple of specs."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items = []
        for name, spec in value.items():
            if isinstance(spec, str):
                items.append({"name": name, "domain": spec})
            elif isinstance(spec, Mapping):
                items.append({"name": name, **spec})
            else:
                raise ValueError(f"symbol {name!r}: expected a domain name or a table")
        value = items
    if isinstance(value, (list, tuple)):
        names = [v.get("name") if isinstance(v, Mapping) else getattr(v, "name", None) for v in value]
        duplicates = sorted({n for n in names if n is not None and names.count(n) > 1})
        if duplicates:
            raise ValueError(f"symbols declared twice: {', '.join(duplicates)}")
        return tuple(value)
    return value


#: type of a checker option holding symbols
SymbolsOption = Annotated[tuple[SymbolSpec, ...], BeforeValidator(coerce_symbol_specs)]


def merge_specs(declared: Iterable[SymbolSpec], reference_symbols: Iterable[sympy.Symbol],
                default: Domain | None = None) -> dict[str, SymbolSpec]:
    """Declared specs win; other reference symbols get their domain from assumptions (or ``default``)."""
    specs = {spec.name: spec for spec in declared}
    for symbol in sorted(reference_symbols, key=lambda s: s.name):
        if symbol.name in specs:
            continue
        spec = spec_from_sympy(symbol)
        if default is not None and spec.domain == "real" and not symbol.is_real:
            spec = SymbolSpec(name=symbol.name, domain=default)
        specs[symbol.name] = spec
    return specs


def symbol_objects(specs: Mapping[str, SymbolSpec], reference_symbols: Iterable[sympy.Symbol]) -> dict[str, sympy.Symbol]:
    """Name -> SymPy symbol, reusing the reference's own objects so that differences cancel."""
    objects = {name: spec.sympy_symbol() for name, spec in specs.items()}
    for symbol in reference_symbols:
        objects[symbol.name] = symbol
    return objects


def draw_point(specs: Mapping[str, SymbolSpec] | Sequence[SymbolSpec], rng: np.random.Generator) -> dict[str, Fraction]:
    """One random point: a value for every symbol."""
    items = specs.values() if isinstance(specs, Mapping) else specs
    return {spec.name: spec.sample(rng) for spec in items}


def plain_number(value: Fraction) -> int | float:
    """A point coordinate as JSON-friendly data."""
    return int(value) if value.denominator == 1 else float(value)
