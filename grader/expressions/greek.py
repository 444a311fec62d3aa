"""Spellings of Greek letters: LaTeX macros and Unicode characters -> answer names.

Answer names are ASCII identifiers, so ``\\sigma`` and ``σ`` both mean the
name ``sigma``.  ``lambda`` is a Python keyword, so the letter λ is the name
``lam`` (``\\lambda``, ``λ`` and ``lam`` are the same name); variant forms
(``\\varepsilon``, ``\\varphi``...) map to the plain letter.
"""

from __future__ import annotations

_LOWER = ("alpha beta gamma delta epsilon zeta eta theta iota kappa mu nu xi pi rho sigma tau "
          "upsilon phi chi psi omega").split()
_UPPER = "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split()

#: LaTeX macro name (without backslash) -> answer name
GREEK_MACROS: dict[str, str] = {
    **{name: name for name in _LOWER},
    **{name: name for name in _UPPER},
    "lambda": "lam",
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varphi": "phi",
    "varsigma": "sigma",
    "varrho": "rho",
    "varpi": "pi",
    "ell": "ell",
}

#: Unicode character -> answer name
UNICODE_GREEK: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa", "λ": "lam",
    "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "ℓ": "ell",
}
