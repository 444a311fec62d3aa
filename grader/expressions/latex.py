r"""LaTeX answers -> the same ``ast`` form as Python-syntax answers.

pylatexenc's ``LatexWalker`` does the LaTeX lexing (macros, braces, math
mode, comments); :mod:`.latex_tokens` flattens its node tree into tokens and
a small recursive-descent parser builds ``ast`` nodes, which then go through the same
whitelist validator as plain answers (:mod:`.parser`).  Nothing is evaluated.

This module is the entry point (:func:`latex_to_ast`); the parser is :class:`_Parser`, put together from
one part per idea, each a mixin over the token stream of :mod:`.latex_stream` (which says why mixins):
:mod:`.latex_relations`, :mod:`.latex_arithmetic`, :mod:`.latex_atoms`, :mod:`.latex_delimiters` and
:mod:`.latex_functions`; they build nodes with :mod:`.latex_nodes` and know commands from
:mod:`.latex_vocabulary`.

Reading rules
-------------
* ``\frac{a}{b}`` (also ``\dfrac``, ``\tfrac``, ``\cfrac``, ``\frac12``) is a/b;
  ``\sqrt{x}`` is sqrt(x), ``\sqrt[n]{x}`` is x**(1/n).
* ``\left( \right)``, ``( )``, ``[ ]`` and ``{ }`` group; ``|x|``,
  ``\lvert x \rvert`` and ``\left| x \right|`` are abs(x); ``\lfloor \rfloor``
  and ``\lceil \rceil`` are floor and ceil.
* ``\cdot``, ``\times``, ``\ast``, ``*`` multiply, ``/`` and ``\div`` divide.
  **Implicit multiplication**: adjacent factors multiply (``2n``, ``n m``,
  ``\sigma^2\left(...\right)``) with the same precedence as ``*`` and ``/``,
  left to right, so ``a/bc`` is (a/b)*c -- write ``\frac{a}{bc}``.
* Letters: a run of letters that is a declared name, a function or a
  constant is that word (with a name ``lr``, ``lr`` is that name);
  otherwise it is split into declared names and functions when exactly
  one split exists (names d, n: ``dn`` is d*n; ``nlogn`` is n*log(n)) and
  refused, naming the readings, when several exist.  ``e`` is Euler's
  number unless a symbol ``e`` is declared; ``\pi`` is pi.
* Notation of derivations: ``(z > 0)``, ``1[z>0]``, ``\mathbb{1}_{z>0}``,
  ``\mathbb{I}(z\geq 0)`` are indicators (a comparison inside a
  calculation); ``\|v\|``, ``||v||``, ``\lVert v\rVert_2`` are norms;
  ``(z)^+`` is relu(z); ``relu'(z)``, ``\text{ReLU}'(z)``, ``\sigma'(z)``
  are derivatives (``<f>_prime``); in matrix answers ``X'`` is a
  transpose, ``I`` the identity and ``I_K`` eye(K).
* Plain text (``plain``: Python's parser refused it) may also use ``**``,
  ``@``, ``.T`` and ``1e-3``.
* Greek letters are their names (``\sigma`` -> ``sigma``, ``\lambda`` ->
  ``lam``, see :mod:`.greek`).  ``\sigma(z)`` is the sigmoid when no symbol
  ``sigma`` is declared; otherwise it is sigma*(z).
* Names with subscripts, accents and primes: ``W_1``, ``W_{1}`` and
  ``W^{(1)}`` are the first declared name among ``W_1``, ``W1``;
  ``\bar{y}`` / ``\overline{y}`` among ``y_bar``, ``ybar``; ``\hat{y}`` ->
  ``y_hat``; ``\tilde{w}`` -> ``w_tilde``; ``y'`` -> ``y_prime``;
  ``\bar{c}_1`` among ``c1_bar``, ``c_1_bar``, ``c_bar_1``...
  Font wrappers (``\mathbf``, ``\boldsymbol``, ``\mathrm``, ``\text``,
  ``\operatorname``...) are transparent: ``\mathbf{W}`` is ``W``,
  ``\operatorname{ReLU}(a)`` is relu(a), ``\mathcal{O}(n^2)`` is O(n**2).
  A subscript without braces is one character, as in TeX (``x_12`` is x_1*2).
* Functions: ``\exp \log \ln \sqrt \tanh \sinh \cosh \sin \cos \max \min``
  and table names written as letters (``relu(x)``, ``sigmoid(x)``).  The
  argument is a bracketed group, or else the juxtaposed factors that follow
  (``\log 2n`` is log(2*n), ``\log n \cdot m`` is log(n)*m).  ``\log^2 n``
  is (log n)**2.  ``\log_2`` (a base) is refused.
* ``^`` takes a braced group or one token (``x^23`` is x**2*3, as in TeX);
  ``x^-1`` is accepted as x**(-1).  ``n!`` is factorial(n).
* Transpose: ``^T``, ``^{T}``, ``^\top``, ``^\intercal``, ``^{\mathsf{T}}``
  become ``.T`` (allowed only with ``matrix_ops``; with a declared scalar
  ``T``, ``x^T`` is a power).
* Matrix answers (``matrix_ops``): juxtaposition, ``\cdot`` and ``\times``
  are the matrix product ``@`` unless a side is a plain number (then ``*``);
  ``\odot``, ``\circ`` and ``*`` are the elementwise product ``*``.
* Relations (:func:`~.parser.parse_relation`): ``< > = \lt \gt \le \leq
  \ge \geq \ne \neq <= >= !=``, joined by ``and``/``or``, ``\land``/``\lor``,
  ``\wedge``/``\vee`` or ``\text{and}``/``\text{or}``.
* Spacing commands are ignored; ``%`` comments, ``&``, ``\\``,
  environments, sums, integrals and unknown commands are errors.
"""

from __future__ import annotations

import ast

from .latex_arithmetic import Arithmetic
from .latex_atoms import Atoms
from .latex_delimiters import Delimiters
from .latex_functions import Functions
from .latex_relations import Relations
from .latex_tokens import Tokenizer
from .policy import ParsePolicy


def latex_to_ast(text: str, policy: ParsePolicy, plain: bool = False) -> ast.Expression:
    """Read a LaTeX (or plain written-mathematics) answer into an unvalidated ``ast.Expression``."""
    tokens = Tokenizer(policy, plain).tokenize(text)
    parser = _Parser(tokens, policy, len(text), text)
    body = parser.parse_relation() if policy.relation else parser.parse_expression()
    parser.expect_end()
    return ast.Expression(body=body)


class _Parser(Relations, Arithmetic, Atoms, Delimiters, Functions):
    """The whole grammar: each part is a mixin over one :class:`~.latex_stream.TokenStream` (no two parts
    define the same method, so their order here does not matter)."""
