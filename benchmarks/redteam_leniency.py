"""Red-team of today's leniencies: answers a careful TA marks WRONG (or reads differently) written
in the lenient notations, graded through the real pipeline.

Rerun:  cd <worktree> && PYTHONPATH=$PWD python benchmarks/redteam_leniency.py [-v] [--no-determinism]

Every probe is a submission file: the assignment's submissions_example/<a>/correct.py with the
probe's lines appended (later assignments win; ``del NAME`` removes a template answer).  Probes
touching different items share one file.  Each probe states what a careful TA would give:

* ``accept``  full marks (a control: the leniency must still read the right answer)
* ``reject``  not full marks
* ``zero``    no marks at all
* ``not:D``   not full marks and not diagnosed as D (e.g. a large bias move is not ``bias_off``)
* ``max:F``   at most the fraction F of the points (two slips never earn more than one)

Optional ``note``: a regular expression the item feedback or the run notes must match (e.g. the
adopted name must be named).  Output: one line per probe, ``PASS``/``FAIL`` against the
expectation, the verdict (score, status, diagnosis) and, with -v, the feedback.  Then a
determinism check: one probe file graded twice by ``python -m grader.cli run --format json`` in two
processes; the JSON must be byte-identical once timing fields are removed.

Nothing here changes grader/, nn_reference/ or rubrics/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.api import GradeOptions, grade  # noqa: E402
from grader.rubric import load_rubric  # noqa: E402

ASSIGNMENTS = {"C": "columbia_nndl_hw1", "T": "toronto_csc413_a1", "N": "nyu_dl_hw1"}


@dataclass
class Probe:
    area: str
    assignment: str
    label: str
    code: str  # Python lines appended to correct.py
    names: list[str]  # answer names whose items are judged
    expect: str
    why: str = ""
    note: str | None = None
    result: dict = field(default_factory=dict)


PROBES: list[Probe] = []


def probe(area, a, label, expect, why="", note=None, code=None, **answers):
    if code is None:
        code = "\n".join(f"{k} = {v}" for k, v in answers.items())
        names = list(answers)
    else:
        names = list(answers) or re.findall(r"^del (\w+)", code, re.M)
    PROBES.append(Probe(area, a, label, code, names, expect, why, note))


def s(text):
    return repr(text)


# =============================================================================================
# 1. Unicode: superscript runs, subscripts, accents, elementwise division
U = "1 unicode"
probe(U, "T", "control (XᵀX)⁻¹Xᵀt", "accept", w_under=s("(XᵀX)⁻¹Xᵀt"))
probe(U, "T", "Xᵀ(XXᵀ)⁻¹t for the n > d solution", "zero", "min-norm formula: XX^T singular when n > d",
      w_under=s("Xᵀ(XXᵀ)⁻¹t"))
probe(U, "T", "superscript minus on a vector (Xᵀt)⁻¹", "zero", "inverse of a vector is undefined",
      w_under=s("(XᵀX)⁻¹(Xᵀt)⁻¹"))
probe(U, "T", "Xᵀ⁻¹ : run ᵀ⁻¹ as one exponent", "zero", "(X^T)^-1 of a non-square matrix is undefined",
      w_min_norm=s("Xᵀ⁻¹t"))
probe(U, "T", "σ²ⁿ (run: sigma^(2n))", "zero", "sigma^(2n) is not sigma^2 n",
      expected_loss_under=s("σ²ⁿ(1 - d/n)/n"))
probe(U, "T", "σ²(1 − d/n) with unicode minus", "accept", expected_loss_under=s("σ²(1 − d/n)"))
probe(U, "C", "subscript glue c₁₂ (undeclared c_12, not c_1*2)", "reject", "c_12 is not a symbol; must not become 2 c1",
      note=r"unknown name 'c_12'",
      c2_bar=s("g_bar * c₁₂ / 2"))
probe(U, "C", "subscript c₂ control", "accept", c1_bar=s("g_bar * c₂"))
probe(U, "C", "x₁₀ in a count (no x declared)", "zero", hessian_multiplications=s("n₂"))
probe(U, "N", "ŷ control in dl_dyhat", "accept", dl_dyhat=s("2(ŷ − y)ᵀ"))
probe(U, "N", "ȳ (bar) where ŷ meant", "zero", "y_bar is not y_hat", sigmoid_mse_dl_dyhat=s("2(ȳ − y)ᵀ"))
probe(U, "N", "ỹ (tilde) where ŷ meant", "zero", bce_dl_dz3=s("(ỹ − y)ᵀ/K"))
probe(U, "N", "⊘ control", "accept", bce_dl_dyhat=s("((1 − y) ⊘ (1 − ŷ) − y ⊘ ŷ)ᵀ/K"))
probe(U, "N", "tanh(z1)⁻¹ after a bracket is a reciprocal (tanh/(1/tanh) = tanh²)", "accept",
      tanh_dz2_dz1=s("diag(1 - tanh(z1) ⊘ tanh(z1)⁻¹)"))
probe(U, "N", "⊘ reversed operands", "zero", "(1-y_hat)/(1-y) - y_hat/y is not the BCE gradient",
      code="bce_dl_dyhat = " + s("((1 − ŷ) ⊘ (1 − y) − ŷ ⊘ y)ᵀ/K"), bce_dl_dyhat="")
probe(U, "N", "⊘ vs ⊙ confusion: (ŷ − y)ᵀ ⊙ ... ", "zero",
      code="bce_dl_dz3 = " + s("(ŷ − y)ᵀ ⊘ (ŷ ⊙ (1 − ŷ))ᵀ / K"), bce_dl_dz3="")
probe(U, "N", "z₁ in tanh_dz2_dz1 squared inside tanh", "zero", "tanh(z1^2) is not tanh(z1)^2",
      sigmoid_dyhat_dz3=s("diag(σ(z₃²)(1 − σ(z₃)))"))

# =============================================================================================
# 2. Matrix answers: sums, axis, ** elementwise, bare I, log X_i
M = "2 matrix"
probe(M, "C", "control 2∑(W̃w_i + b_i + b̃ − log X_i)", "accept",
      glove_grad_b_i=s("2 ∑(W̃ w_i + b_i + b̃ − log X_i)"))
probe(M, "C", r"\sum summand must stop at +: 2\sum_j (W̃ w_i)_j + b_i + b̃_j − logX_ij", "zero",
      "sum binds its first term only; the rest is a vector so the shape is wrong",
      glove_grad_b_i=s(r"2 \sum_{j} W_tilde w_i + b_i + b_tilde - logX_i"))
probe(M, "C", "∑ over a product: 2 ∑(W̃ w_i) (b_i + b̃ − logX_i)", "zero",
      "sum of the first factor times a vector; not the sum of the product",
      glove_grad_w_i=s("2 W̃ᵀ ∑(W̃ w_i) (b_i + b̃ − logX_i)"))
probe(M, "C", r"\sum_{j \neq i} limits read past", "reject",
      "sum excluding j = i is not the full sum; reading past the limits changes the answer",
      code="glove_grad_b_i = " + s(r"2 \sum_{j \neq i} (W_tilde w_i + b_i + b_tilde - logX_i)") + "\n",
      glove_grad_b_i="")
probe(M, "C", "∑_{j≠i} (unicode) limits read past", "reject",
      code="glove_grad_b_i = " + s("2 ∑_{j≠i} (W̃ w_i + b_i + b̃ − log X_i)") + "\n", glove_grad_b_i="")
probe(M, "C", r"\sum_{j=1}^{V-1} drops the last term", "reject",
      code="glove_grad_b_i = " + s(r"2 \sum_{j=1}^{V-1} (W_tilde w_i + b_i + b_tilde - logX_i)") + "\n", glove_grad_b_i="")
probe(M, "C", r"\sum_{j=1}^{V} control", "accept",
      code="glove_grad_b_i = " + s(r"2 \sum_{j=1}^{V} (W_tilde w_i + b_i + b_tilde - logX_i)") + "\n", glove_grad_b_i="")
probe(M, "C", "sum(..., axis=0) of a column control", "accept",
      code="glove_grad_b_i = " + s("2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i, axis=0)"), glove_grad_b_i="")
probe(M, "C", "sum(..., axis=1) of a column is the column itself", "zero", "row sums of a V x 1 column: a vector",
      code="glove_grad_b_i = " + s("2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i, axis=1)"), glove_grad_b_i="")
probe(M, "N", "mean(mean(.., axis=0)) = sum/(NK): positive multiple", "accept",
      code="training_objective = " + s("mean(mean((F - Y)**2, axis=0))"), training_objective="")
probe(M, "N", "axis control mean(sum((F−Y)**2, axis=1))", "accept",
      training_objective=s("mean(sum((F - Y)**2, axis=1))"))
probe(M, "N", "sum(...,axis=0) leaves a K-vector", "zero", "not a scalar objective",
      code="training_objective = " + s("sum((F - Y)**2, axis=0)"), training_objective="")
probe(M, "N", "square after an axis sum: sum(sum(F−Y, axis=1)**2)", "zero",
      "squares row sums: different objective (errors cancel)",
      code="training_objective = " + s("sum(sum(F - Y, axis=1)**2)"), training_objective="")
probe(M, "T", "grad_w via column sums: 2/n sum(X * (Xw − t), axis=0) (valid numpy)", "accept",
      "sum over rows of x_i r_i is X^T r (numpy broadcast)", grad_w=s("2/n * sum(X * (X @ w - t), axis=0)"))
probe(M, "T", "axis swapped: 2/n sum(X * (Xw − t), axis=1)", "zero", "row sums: an n-vector",
      code="grad_w = " + s("2/n * sum(X * (X @ w - t), axis=1)"), grad_w="")
probe(M, "N", "1 − diag(...) (scalar 1 is not I)", "zero", "1 - diag(v) has ones off the diagonal",
      code="tanh_dz2_dz1 = " + s("1 - diag(tanh(z1) ** 2)"), tanh_dz2_dz1="")
probe(M, "N", "I − diag(...) control", "accept", code="tanh_dz2_dz1 = " + s("I - diag(tanh(z1) ** 2)"),
      tanh_dz2_dz1="")
probe(M, "N", "bare I for dz2_dz1 (5 diag(step) expected)", "zero", "I ignores the ReLU mask and the 5",
      dz2_dz1=s("5 I"))
probe(M, "N", "diag(...)**2 of a square matrix: ambiguous, not accepted silently", "reject",
      "on a square matrix ** is a matrix power or elementwise: must not be guessed",
      code="sigmoid_dyhat_dz3 = " + s("diag(sigmoid(z3)) - diag(sigmoid(z3)) ** 2"), sigmoid_dyhat_dz3="")
probe(M, "C", "log X_i control", "accept",
      glove_grad_w_i=s("2 W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - log X_i)"))
probe(M, "C", "log(2 X_i) must not be log X_i times 2 nor logX_i", "zero",
      code="glove_grad_w_i = " + s("2 W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - log(2 X_i))"),
      glove_grad_w_i="")
probe(M, "C", "log X_i squared: log X_i^2 ", "zero", "log(X_i^2) = 2 logX_i (or (logX_i)^2); both wrong",
      code="glove_grad_b_i = " + s("2 * sum(W_tilde @ w_i + b_i + b_tilde - log X_i^2)"), glove_grad_b_i="")

# =============================================================================================
# 3. Answers: near names, quoted numbers
A = "3 answers"
probe(A, "C", "H_VHP control (right value)", "accept", note=r"H_VHP",
      code="del H_vhp\nH_VHP = np.outer(v2, v2).tolist()", H_vhp="")
probe(A, "C", "adopted helper with a wrong value: hvp = H y", "zero", "helper holds another quantity",
      note=r"Hvhp", code="del H_vhp\nHvhp = np.outer(v2, v2) @ np.outer(y, y)", H_vhp="")
probe(A, "C", "M missing, helper m = 3 (a dimension)", "zero", "m is the dimension, not M",
      note=r"\bm\b", code="del M\nm = 3", M="")
probe(A, "C", "z missing, Z = v r matrix from reverse mode", "zero", note=r"\bZ\b",
      code="del z\nZ = np.outer(v2, v2 @ np.outer(y, y))", z="")
probe(A, "C", "w2 missing, W2 = the spring graph's W2 matrix", "zero", "another matrix of another question",
      note=r"W2", code="del w2\nW2 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]", w2="")
probe(A, "C", "H missing, two candidates h and _H? (h, H_) listed not guessed", "zero",
      code="del H\nh = np.outer(v, v)\nH_ = np.outer(v, v)", H="")
probe(A, "C", "M missing, 'import math as m': a module is not adopted as a number", "zero",
      code="del M\nimport math as m", M="")
probe(A, "T", "W3 missing, helper w3 = 1-hot of the wrong k", "zero", note=r"w3",
      code="del W3\nw3 = [[0, 1, 0, 0]]", W3="")
probe(A, "N", "relu missing, helper ReLU = leaky", "zero", note=r"ReLU",
      code="del relu\ndef ReLU(z):\n    return z if z > 0 else 0.1 * z\n", relu="")
probe(A, "N", "softplus missing, helper Softplus = the right function (control)", "accept", note=r"Softplus",
      code="del softplus\ndef Softplus(z):\n    return math.log1p(math.exp(z))\n", softplus="")
probe(A, "C", "M missing, M_ = 3*4 (another quantity equal by chance: accepted, named)", "accept", note=r"M_",
      code="del M\nM_ = 12", M="")
probe(A, "C", "quoted number control M = '12'", "accept", M=s("12"))
probe(A, "C", "'12 or 13' is not a number", "zero", M=s("12 or 13"))
probe(A, "C", "'12/1' ok, '24/2' ok: '1e1+2' not", "zero", M=s("1e1+2"))
probe(A, "C", "'٢١' (Arabic-Indic 21) read as 21? (wrong anyway)", "zero", M=s("٢١"))
probe(A, "C", "'12' with trailing text '12 mults'", "reject", "scalar: a word after the number", M=s("12 (approx)"))
probe(A, "T", "quoted exact list ['11', '14'] written as a column", "accept",
      trick_W1='[[str(int(x @ x))], [str(int(error_z @ error_z))]]')
probe(A, "T", "exact 2x2 is not a row or column", "zero", trick_W1="[[int(x @ x), 0], [0, int(error_z @ error_z)]]")
probe(A, "T", "exact swapped order as column", "zero",
      trick_W2="[[int(h @ h)], [int(error_y @ error_y)]]")
probe(A, "T", "exact nested [[11, 14], []]", "zero", code="trick_W1 = [[int(x @ x), int(error_z @ error_z)], []]",
      trick_W1="")
probe(A, "C", "network weight '−1' with unicode minus", "accept", "a clear -1; either way not a crash",
      code="W1 = [['−1', 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]", W1="")

# =============================================================================================
# 4. Parser: trailing ; leading = :, unit words, juxtaposition exponents, / left to right, · ×
P = "4 parser"
probe(P, "C", "'3mn flops' control", "accept", reverse_multiplications=s("3mn flops"))
probe(P, "C", "'3 m n;' control", "accept", reverse_memory=s("= 2mn + m;"))
probe(P, "C", "'3*m*n; 2*n^2' two answers: not the first", "reject", "two answers given",
      forward_multiplications=s("3*m*n; 2*n^2 + m*n"))
probe(P, "C", "'n^2 + n + mn units + m' unit word mid-expression", "zero",
      forward_memory=s("n^2 + n units + m*n"))
probe(P, "C", "'n² m' exponent ends at juxtaposition -> n^2 m (wrong for n^2)", "zero",
      hessian_multiplications=s("n²m"))
probe(P, "T", "1/nd read as (1/n)d: TA reads 1/(nd)", "zero",
      "handwritten 1/nd is 1/(nd); left-to-right reading turns it into the right d/n",
      expected_loss_under=s("σ²(1 − 1/nd)"))
probe(P, "T", "2/nXᵀ(Xw − t): refused, suggestion must keep (Xw − t) whole", "reject",
      "ambiguous glued divisor; the suggested bracketing must be one of the two readings",
      note=r"2/\(nXᵀ\(Xw − t\)\)|\(2/n\)Xᵀ\(Xw − t\)|2/\(nXᵀ\)\(Xw − t\)",
      code="grad_w = " + s("2/nXᵀ(Xw − t)"), grad_w="")
probe(P, "T", "2/nX^T(Xw - t) ASCII: same refusal, suggestion keeps (Xw - t) whole", "reject",
      note=r"2/\(nX\^T\(Xw - t\)\)|\(2/n\)X\^T\(Xw - t\)|2/\(nX\^T\)\(Xw - t\)",
      code="grad_w = " + s("2/nX^T(Xw - t)"), grad_w="")
probe(P, "N", "(ŷ − y)ᵀ/2K is not /K", "zero", bce_dl_dz3=s("(ŷ − y)ᵀ/2K"))
probe(P, "C", "'·' between scalars control 2·n² + m·n", "accept", code="forward_multiplications = " + s("2·n² + m·n"),
      forward_multiplications="")
probe(P, "C", "c1_bar = g_bar · c2 (vectors: · as matrix product)", "reject",
      "g = c1 * c2 elementwise; a dot product is a different answer",
      code="c1_bar = " + s("g_bar · c2"), c1_bar="")
probe(P, "N", "'2 · (ŷ − y)ᵀ' number side: scalar product", "accept",
      code="sigmoid_mse_dl_dyhat = " + s("2 · (ŷ − y)ᵀ"), sigmoid_mse_dl_dyhat="")
probe(P, "N", "'(ŷ − y) · 2' then no transpose: a transpose slip only", "max:0.5",
      code="dl_dyhat = " + s("(ŷ − y) · 2"), dl_dyhat="")
probe(P, "C", "'2 · ∑(...)' scalar control", "accept",
      code="glove_grad_b_i = " + s("2 · ∑(W̃ w_i + b_i + b̃ − log X_i)"), glove_grad_b_i="")
probe(P, "C", "'m·n' read as m*n, not a name 'm·n'; '3·mn' control", "accept",
      code="reverse_multiplications = " + s("3·mn multiplications"), reverse_multiplications="")
probe(P, "T", "× as matrix product: W3ᵀ × y_bar control", "accept", g_bar=s("W3ᵀ × y_bar"))
probe(P, "T", "× where elementwise is needed: h1_bar = g_bar × h2", "reject",
      "g = h1 * h2 elementwise; × is read as a matrix product", h1_bar=s("g_bar × h2"))
probe(P, "C", "leading ': ' and trailing ';' on a wrong answer", "zero", hessian_memory=s(": O(n);"))
probe(P, "T", "trailing unit word on a big-O: 'O(N K D) memory' (expected O(KD^2+NKD))", "zero",
      M_forward_naive=s("O(N K D) memory"))
probe(P, "T", "'N K D^2 ops'", "accept", T_forward_naive=s("N K D^2 ops"))
probe(P, "T", "'2 NKD² multiplications' for T_forward_efficient (factor-2 slip)", "max:0.5", T_forward_efficient=s("2 NKD² multiplications"))

# =============================================================================================
# 5. Grading: relation boundary, two slips, exact/vector rows, positive factor, bias_off
G = "5 grading"
probe(G, "C", "relation m < n (flipped direction)", "zero", forward_better_when=s("m < n"))
probe(G, "C", "relation n > m (flipped, written the other way)", "zero",
      code="forward_better_when = " + s("n > m"), forward_better_when="")
probe(G, "C", "relation m >= n: boundary credit only", "max:0.99",
      code="forward_better_when = " + s("m >= n"), forward_better_when="")
probe(G, "C", "relation m <= n: flipping strictness does not repair", "zero",
      code="forward_better_when = " + s("m <= n"), forward_better_when="")
probe(G, "C", "relation m != n", "zero", code="forward_better_when = " + s("m != n"), forward_better_when="")
probe(G, "C", "network W1 transposed + b2 wrong: two slips <= one", "max:0.5",
      code="W1 = [[-1, -1, -1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]\nb2 = 5", W1="")
probe(G, "C", "network output bias a large move away (b2 = -20)", "not:bias_off",
      "network outputs a constant: not a small threshold slip", code="b2 = -20", b2="")
probe(G, "C", "network output bias b2 = +2", "not:bias_off", code="b2 = 2", b2="")
probe(G, "T", "count network bias huge (count_b2 = 100)", "not:bias_off", count_b2="100")
probe(G, "N", "3.5 positive multiple control 2 sum((F−Y)²)", "accept",
      code="training_objective = " + s("2 * sum((F - Y)**2)"), training_objective="")
probe(G, "N", "3.5 negative multiple", "zero", "maximising the error",
      code="training_objective = " + s("-sum((F - Y)**2) / N"), training_objective="")
probe(G, "N", "3.5 factor (N − K) (sign depends on data)", "zero",
      code="training_objective = " + s("(N - K) * sum((F - Y)**2)"), training_objective="")
probe(G, "N", "3.5 factor 0", "zero", code="training_objective = " + s("0 * sum((F - Y)**2)"), training_objective="")
probe(G, "N", "3.5 factor depending on F: sum((F−Y)²)/sum(F²)", "zero",
      code="training_objective = " + s("sum((F - Y)**2) / sum(F**2)"), training_objective="")
probe(G, "N", "3.5 factor depending on Y: sum((F−Y)²) * sum(Y²)", "zero",
      "data-dependent factor: not a constant times the objective (brief: must be wrong)",
      code="training_objective = " + s("sum((F - Y)**2) * sum(Y**2)"), training_objective="")
probe(G, "N", "3.5 square of the objective", "zero",
      code="training_objective = " + s("sum((F - Y)**2)**2"), training_objective="")
probe(G, "N", "3.5 (N−1)/N factor (zero at N=1)", "reject", "factor vanishes at N = 1: not positive everywhere",
      code="training_objective = " + s("(N - 1) * sum((F - Y)**2) / N"), training_objective="")


# =============================================================================================
# 6. The reader alone (grader.expressions.parse_expression on fixed probe strings, never a student's):
#    name sets no rubric declares today.  (text, declared names, what a careful TA reads; None: refuse)
PARSER_PROBES = [
    ("x₁₂", {"x_1"}, None, "x_12 undeclared: refused, never x_1*2"),
    ("x₁₂", {"x_1", "x_12"}, "x_12", ""),
    ("w₁0", {"w_1", "w_10"}, None, "digit glued after a subscript: w_1*0 silently zeroes the term"),
    ("n₁0", {"n_1"}, None, "same: n_1*0"),
    ("n¹ ⁰", {"n"}, None, "two superscript runs split by a space: n**1**0 = n (a tower) is a guess"),
    ("ŷ", {"y_hat", "yhat"}, None, "both spellings declared as distinct symbols: picking y_hat is a guess"),
    ("2 n units", {"n", "units"}, "2 * n * units", "a declared unit word is a symbol"),
    ("3 n memory", {"m", "e", "o", "r", "y", "n"}, "3 * n * m * e * m * o * r * y", "a unit word spelling a product"),
    ("3mn flops", {"m", "n"}, "3 * m * n", ""),
    ("n^2m", {"n", "m"}, "n ** 2 * m", "TeX reading: the exponent is one token"),
    ("1/2n", {"n"}, None, "glued divisor: refused with both readings"),
    ("a · b", {"a", "b"}, "a * b", ""),
    ("nⁿ⁻¹", {"n"}, "n ** (n - 1)", ""),
    ("x²₁", {"x_1"}, "x_1 ** 2", "TeX x^2_1 is x_1 squared (refusal is strict, message names a '_' not typed)"),
]


def run_parser_probes() -> int:
    import ast
    from grader.expressions.parser import parse_expression
    failures = 0
    print("\n== 6 reader alone (parse_expression)")
    for text, names, want, why in PARSER_PROBES:
        try:
            got = ast.unparse(parse_expression(text, names))
        except Exception as exc:  # noqa: BLE001 -- a refusal is an outcome here
            got = None
            message = str(exc)
        ok = got == want
        failures += not ok
        shown = got if got is not None else "refused: " + message[:110]
        print(f"{'PASS' if ok else 'FAIL'}  {text!r} with {sorted(names)}  expect={want or 'refused'}  got={shown}")
        if not ok and why:
            print(f"      why: {why}")
    return failures


# =============================================================================================
def items_by_name(assignment: str) -> dict[str, set[str]]:
    rubric = load_rubric(ROOT / "rubrics" / f"{ASSIGNMENTS[assignment]}.toml")
    out: dict[str, set[str]] = {}
    for item in rubric.items:
        for name in item.answers:
            out.setdefault(name, set()).add(item.id)
    return out


def rounds(probes: list[Probe]) -> list[list[Probe]]:
    """Files of probes on disjoint items (one assignment per file)."""
    maps = {a: items_by_name(a) for a in ASSIGNMENTS}
    out: list[tuple[str, set, list]] = []
    for p in probes:
        items = set().union(*(maps[p.assignment].get(n, set()) for n in p.names))
        for a, taken, members in out:
            if a == p.assignment and not (items & taken):
                taken |= items
                members.append(p)
                break
        else:
            out.append((p.assignment, set(items), [p]))
    return [members for _, _, members in out]


def submission_text(members: list[Probe]) -> str:
    base = (ROOT / "submissions_example" / ASSIGNMENTS[members[0].assignment] / "correct.py").read_text()
    return base + "\n\n# ---- red-team probes\n" + "\n".join(p.code for p in members) + "\n"


def judge(p: Probe, report: dict) -> None:
    items = [i for i in report["items"] if set(i["answers"]) & set(p.names) and i["status"] != "skipped"
             and not i["status"].startswith("not_")]
    graded = [i for i in items if i["max_score"] > 0] or items
    if not graded:
        p.result = {"ok": False, "verdict": "no item graded", "feedback": ""}
        return
    score = sum(i["score"] for i in graded)
    top = sum(i["max_score"] for i in graded)
    if top == 0:  # an item worth no points in the graded term: judged by its status
        top = float(len(graded))
        score = sum({"passed": 1.0, "partial": 0.5}.get(i["status"], 0.0) for i in graded)
    diags = ",".join(sorted({i["diagnosis"] for i in graded if i["diagnosis"]}))
    status = ",".join(sorted({i["status"] for i in graded}))
    feedback = "\n".join(f"[{i['id']}] {i['feedback']}" for i in graded)
    notes = "\n".join(str(n) for n in report["run"].get("notes") or []
                      if any(f"`{name}`" in str(n) for name in p.names))
    e = p.expect
    if e == "accept":
        ok = score == top
    elif e == "reject":
        ok = score < top
    elif e == "zero":
        ok = score == 0
    elif e.startswith("not:"):
        ok = score < top and e[4:] not in diags.split(",")
    elif e.startswith("max:"):
        ok = score <= float(e[4:]) * top + 1e-9 and score < top
    else:
        raise ValueError(e)
    if p.note and ok and not re.search(p.note, feedback + "\n" + notes):
        ok = False
        diags += " (note missing)"
    p.result = {"ok": ok, "verdict": f"{score:g}/{top:g} {status}{' ' + diags if diags else ''}",
                "feedback": feedback, "notes": notes, "items": [i["id"] for i in graded]}


TIMING = {"execution_time", "duration"}


def _strip_timing(value):
    if isinstance(value, dict):
        return {k: _strip_timing(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [_strip_timing(v) for v in value]
    return value


def determinism(path: Path) -> bool:
    outs = []
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "grader.cli", "run", str(path), "--format", "json"],
                             cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        text = run.stdout
        start = text.find("{")
        outs.append(json.dumps(_strip_timing(json.loads(text[start:])), sort_keys=False))
    return outs[0] == outs[1]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    workdir = Path(tempfile.mkdtemp(prefix="redteam_"))
    files = []
    for n, members in enumerate(rounds(PROBES)):
        path = workdir / f"probe_{n:02d}_{members[0].assignment}.py"
        path.write_text(submission_text(members))
        files.append(path)
        report = json.loads(grade(path, options=GradeOptions()).model_dump_json())
        for p in members:
            judge(p, report)
    failures = 0
    area = None
    for p in sorted(PROBES, key=lambda q: q.area):
        if p.area != area:
            area = p.area
            print(f"\n== {area}")
        r = p.result
        failures += not r["ok"]
        print(f"{'PASS' if r['ok'] else 'FAIL'}  [{p.assignment}] {p.label}  expect={p.expect}  got={r['verdict']}")
        if verbose or not r["ok"]:
            if p.why:
                print(f"      why: {p.why}")
            for line in (r.get("feedback") or "").splitlines():
                print(f"      | {line}")
            if r.get("notes"):
                for line in r["notes"].splitlines():
                    print(f"      note: {line}")
    parser_failures = run_parser_probes()
    print(f"\n{len(PROBES) - failures}/{len(PROBES)} submission probes as a careful TA expects; {failures} FAIL")
    print(f"{len(PARSER_PROBES) - parser_failures}/{len(PARSER_PROBES)} reader probes; {parser_failures} FAIL")
    if "--no-determinism" not in argv:
        same = all(determinism(f) for f in files)
        print(f"determinism ({len(files)} probe files, 2 processes each, timing fields removed): "
              f"{'byte-identical' if same else 'DIFFERENT'}")
    print(f"probe files: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
