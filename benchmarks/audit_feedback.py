"""Feedback audit: wrong answers designed to make feedback leak, and notations students write.

Rerun:  cd <worktree> && PYTHONPATH=$PWD python benchmarks/audit_feedback.py [leaks|template|notation|cross|all] [--out DIR]

Every probe is graded through the real pipeline (grader.api.grade on a submission file: the
assignment's submissions_example/<a>/correct.py with the probe's answers appended, so the later
assignment wins).  Probes on different answer names share one submission file.

* leaks: every item's feedback of every report is searched for the expected value in the normal
  forms of tests/test_feedback_rules.py, plus (for matrices/vectors/lists) any row written as a list
  and any entry |v| >= 3 of the key printed outside the student's own (backticked) text, plus the
  key's string for graph quantities.  Hits are printed as SUSPECT for a human to judge; every probed
  item's feedback is printed too (``--verbose``) so a reader can judge what automation cannot.
* notation: each notation is written as the answer of an item of the right kind; every refusal
  ("could not read" / invalid) is collected, its "a form that can be read: X" suggestion is graded
  again as the answer, and the second verdict is printed (passed / refused again / other verdict).

Nothing here changes grader/, nn_reference/ or rubrics/.  Output: JSON lines in --out (default
/tmp/audit_feedback) and a text summary on stdout.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import sympy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from grader.api import GradeOptions, expected_values, grade  # noqa: E402
from grader.rubric import load_rubric  # noqa: E402
from test_feedback_rules import _leaks, normal_forms  # noqa: E402

ASSIGNMENTS = {"columbia": "columbia_nndl_hw1", "toronto": "toronto_csc413_a1", "nyu": "nyu_dl_hw1"}


def s(text: str) -> str:
    """An answer written as a Python string literal."""
    return repr(text)


# ---------------------------------------------------------------------------------------------
# Leak probes: (assignment, label, {answer name: Python source of its value})
LEAK_PROBES: list[tuple[str, str, dict[str, str]]] = []


def leak(assignment: str, label: str, **answers: str) -> None:
    LEAK_PROBES.append((assignment, label, answers))


# -- Columbia
C = "columbia"
leak(C, "net: phi2 identity", phi2=s("identity"))
leak(C, "net: b2 = 0", b2="0")
leak(C, "net: W1 all zero", W1="[[0]*4]*3")
leak(C, "net: W1 signs flipped (2nd smallest)", W1="[[1,-1,0,0],[1,0,-1,0],[1,0,0,-1]]")
leak(C, "net: W1 3x3 shape", W1="[[-1,1,0],[-1,0,1],[-1,0,0]]")
leak(C, "net: w2 ones, b2 -1", w2="[1,1,1]", b2="-1")
leak(C, "net: phi1 relu", phi1=s("relu"))
leak(C, "graph: missing x -> y", computation_graph=s(["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> a2 -> c2 -> g", "t -> S"]))
leak(C, "graph: missing t -> S", computation_graph=s(["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> a2 -> c2 -> g", "x -> y"]))
leak(C, "graph: missing whole 2nd path", computation_graph=s(["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> y", "t -> S"]))
leak(C, "graph: reversed edge", computation_graph=s(["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "g -> c2 -> a2 -> x", "x -> y", "t -> S"]))
leak(C, "graph: extra edge", computation_graph=s(["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> a2 -> c2 -> g", "x -> y", "t -> S", "a1 -> a2"]))
leak(C, "graph: empty", computation_graph="[]")
leak(C, "bp: c1_bar missing factor c2", c1_bar=s("g_bar"))
leak(C, "bp: a2_bar missing sigmoid'", a2_bar=s("c2_bar"))
leak(C, "bp: a1_bar missing step", a1_bar=s("c1_bar"))
leak(C, "bp: x_bar missing W4 path", x_bar=s("W1.T @ a1_bar + W2.T @ a2_bar"))
leak(C, "bp: y_bar missing jacobian", y_bar=s("y_prime_bar"))
leak(C, "bp: y_prime_bar sign", y_prime_bar=s("t / y_prime"))
leak(C, "bp: g_bar untransposed", g_bar=s("W3 @ y_bar"))
leak(C, "bp: c2_bar = 0", c2_bar=s("0"))
leak(C, "H: zeros", H="[[0]*3]*3")
leak(C, "H: 2x key", H="(2*np.outer(v, v)).tolist()")
leak(C, "H: one wrong entry", H="[[16, 8, 20], [8, 4, 10], [20, 10, 24]]")
leak(C, "H: v as column (shape)", H="[[4], [2], [5]]")
leak(C, "H: ones", H="[[1]*3]*3")
leak(C, "H: key + I", H="(np.outer(v, v) + np.eye(3)).tolist()")
leak(C, "H: 2x2", H="[[16, 8], [8, 4]]")
leak(C, "hess mult: n^3", hessian_multiplications=s("n^3"))
leak(C, "hess mult: 2n^2", hessian_multiplications=s("2n^2"))
leak(C, "hess mult: 0", hessian_multiplications=s("0"))
leak(C, "hess mult: 1", hessian_multiplications=s("1"))
leak(C, "hess mult: n(n+1)/2", hessian_multiplications=s("n(n+1)/2"))
leak(C, "hess mult: n", hessian_multiplications=s("n"))
leak(C, "hess mem: O(n)", hessian_memory=s("O(n)"))
leak(C, "hess mem: O(n^3)", hessian_memory=s("O(n^3)"))
leak(C, "hess mem: O(1)", hessian_memory=s("O(1)"))
leak(C, "hess mem: n^2 no O", hessian_memory=s("n^2"))
leak(C, "M: 0", M="0")
leak(C, "M: 2x", M="24")
leak(C, "M: 1", M="1")
leak(C, "M: -12", M="-12")
leak(C, "M: 11", M="11")
leak(C, "M: 12.5", M="12.5")
leak(C, "M: 6", M="6")
leak(C, "M: 13", M="13")
leak(C, "H_vhp: zeros", H_vhp="[[0]*3]*3")
leak(C, "H_vhp: 2x", H_vhp="(2*np.outer(v2, v2)).tolist()")
leak(C, "H_vhp: one entry", H_vhp="[[16, 4, 8], [4, 1, 2], [8, 2, 5]]")
leak(C, "H_vhp: vector", H_vhp="[4, 1, 2]")
leak(C, "H_vhp: outer(y,y)", H_vhp="np.outer(y, y).tolist()")
leak(C, "z: zeros", z="[0, 0, 0]")
leak(C, "z: v2 (missing factor M)", z="[4, 1, 2]")
leak(C, "z: 2x", z="[96, 24, 48]")
leak(C, "z: -z", z="[-48, -12, -24]")
leak(C, "z: one entry", z="[48, 12, 25]")
leak(C, "z: ones", z="[1, 1, 1]")
leak(C, "z: y*M", z="[24, 24, 12]")
leak(C, "z: length 2", z="[48, 12]")
leak(C, "z: row matrix", z="[[48, 12, 24]]")
leak(C, "rev mult: 0", reverse_multiplications=s("0"))
leak(C, "rev mult: 6mn", reverse_multiplications=s("6mn"))
leak(C, "rev mult: 1", reverse_multiplications=s("1"))
leak(C, "rev mult: mn", reverse_multiplications=s("mn"))
leak(C, "rev mult: 3", reverse_multiplications=s("3"))
leak(C, "rev mult: 3m", reverse_multiplications=s("3m"))
leak(C, "rev mult: -3mn", reverse_multiplications=s("-3mn"))
leak(C, "rev mult: 3mn+1", reverse_multiplications=s("3mn+1"))
leak(C, "rev mult: 3m^2n", reverse_multiplications=s("3m^2 n"))
leak(C, "rev mult: O(mn)", reverse_multiplications=s("O(mn)"))
leak(C, "rev mult: m", reverse_multiplications=s("m"))
leak(C, "rev mem: 0", reverse_memory=s("0"))
leak(C, "rev mem: 2x", reverse_memory=s("4mn + 2m"))
leak(C, "rev mem: 2mn", reverse_memory=s("2mn"))
leak(C, "rev mem: m", reverse_memory=s("m"))
leak(C, "rev mem: negated", reverse_memory=s("-2mn - m"))
leak(C, "rev mem: 1", reverse_memory=s("1"))
leak(C, "rev mem: 2mn+n", reverse_memory=s("2mn + n"))
leak(C, "fwd mult: 0", forward_multiplications=s("0"))
leak(C, "fwd mult: 2n^2", forward_multiplications=s("2n^2"))
leak(C, "fwd mult: n^2+mn", forward_multiplications=s("n^2 + mn"))
leak(C, "fwd mult: 2x", forward_multiplications=s("4n^2 + 2mn"))
leak(C, "fwd mult: mn", forward_multiplications=s("mn"))
leak(C, "fwd mult: 2n^2 - mn", forward_multiplications=s("2n^2 - mn"))
leak(C, "fwd mem: 0", forward_memory=s("0"))
leak(C, "fwd mem: n^2+mn", forward_memory=s("n^2 + mn"))
leak(C, "fwd mem: n^2+n+mn+1", forward_memory=s("n^2 + n + mn + 1"))
leak(C, "fwd mem: 1", forward_memory=s("1"))
leak(C, "rev order: O(n^2)", reverse_order=s("O(n^2)"))
leak(C, "rev order: O(m)", reverse_order=s("O(m)"))
leak(C, "rev order: O(1)", reverse_order=s("O(1)"))
leak(C, "rev order: O(mn^2)", reverse_order=s("O(mn^2)"))
leak(C, "rev order: 3mn no O", reverse_order=s("3mn"))
leak(C, "fwd order: O(mn)", forward_order=s("O(mn)"))
leak(C, "fwd order: O(n^2)", forward_order=s("O(n^2)"))
leak(C, "fwd order: O(n^3)", forward_order=s("O(n^3)"))
leak(C, "fwd order: O(n^2 m)", forward_order=s("O(n^2 m)"))
leak(C, "better: m < n", forward_better_when=s("m < n"))
leak(C, "better: m >= n", forward_better_when=s("m >= n"))
leak(C, "better: m > 2n", forward_better_when=s("m > 2n"))
leak(C, "better: m > 0", forward_better_when=s("m > 0"))
leak(C, "better: m = n", forward_better_when=s("m = n"))
leak(C, "better: never", forward_better_when=s("never"))
leak(C, "better: m > n + 1", forward_better_when=s("m > n + 1"))
leak(C, "better: 2n^2 + mn < 3mn (unsimplified, correct)", forward_better_when=s("2n^2 + mn < 3mn"))
leak(C, "glove: 0", glove_parameters=s("0"))
leak(C, "glove: 2x", glove_parameters=s("V(4d+4)"))
leak(C, "glove: 2Vd", glove_parameters=s("2Vd"))
leak(C, "glove: V(2d+1)", glove_parameters=s("V(2d+1)"))
leak(C, "glove: 1", glove_parameters=s("1"))
leak(C, "glove: 2", glove_parameters=s("2"))
leak(C, "glove: V", glove_parameters=s("V"))
leak(C, "glove: d+1", glove_parameters=s("d+1"))
leak(C, "glove w: missing 2", glove_grad_w_i=s("W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"))
leak(C, "glove w: sign", glove_grad_w_i=s("2 * W_tilde.T @ (logX_i - W_tilde @ w_i - b_i - b_tilde)"))
leak(C, "glove w: untransposed", glove_grad_w_i=s("2 * W_tilde @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"))
leak(C, "glove w: 0", glove_grad_w_i=s("0"))
leak(C, "glove b: missing sum", glove_grad_b_i=s("2 * (W_tilde @ w_i + b_i + b_tilde - logX_i)"))
leak(C, "glove b: missing 2", glove_grad_b_i=s("sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"))
leak(C, "glove b: 1", glove_grad_b_i=s("1"))

# -- Toronto
T = "toronto"
leak(T, "grad_w: missing 2/n", grad_w=s("X.T @ (X @ w - t)"))
leak(T, "grad_w: sign", grad_w=s("2/n * X.T @ (t - X @ w)"))
leak(T, "grad_w: shape", grad_w=s("2/n * (X @ w - t).T @ X"))
leak(T, "grad_w: 0", grad_w=s("0"))
leak(T, "w_under: XX^T", w_under=s("inv(X @ X.T) @ X.T @ t"))
leak(T, "w_under: X^T t", w_under=s("X.T @ t"))
leak(T, "w_under: missing X^T", w_under=s("inv(X.T @ X) @ t"))
leak(T, "loss under: 0", expected_loss_under=s("0"))
leak(T, "loss under: 2x", expected_loss_under=s("2 sigma^2 (1 - d/n)"))
leak(T, "loss under: sigma^2", expected_loss_under=s("sigma^2"))
leak(T, "loss under: sigma^2 d/n", expected_loss_under=s("sigma^2 d/n"))
leak(T, "loss under: missing 1/n", expected_loss_under=s("sigma^2 (n - d)"))
leak(T, "loss under: 1+d/n", expected_loss_under=s("sigma^2 (1 + d/n)"))
leak(T, "loss under: 1", expected_loss_under=s("1"))
leak(T, "loss under: 1 - d/n (missing sigma^2)", expected_loss_under=s("1 - d/n"))
leak(T, "loss under: n - d", expected_loss_under=s("n - d"))
leak(T, "loss under: squared", expected_loss_under=s("sigma^2 (1 - d/n)^2"))
leak(T, "line: = 6", solution_line=s("w1 + w2 = 6"))
leak(T, "line: w1 - w2 = 3", solution_line=s("w1 - w2 = 3"))
leak(T, "line: > 3", solution_line=s("w1 + w2 > 3"))
leak(T, "line: w1 = 3", solution_line=s("w1 = 3"))
leak(T, "line: = 0", solution_line=s("w1 + w2 = 0"))
leak(T, "line: 2w1 + 2w2 = 6 (equivalent)", solution_line=s("2w1 + 2w2 = 6"))
leak(T, "min norm: under formula", w_min_norm=s("inv(X.T @ X) @ X.T @ t"))
leak(T, "min norm: missing X^T", w_min_norm=s("inv(X @ X.T) @ t"))
leak(T, "loss over: sigma^2", expected_loss_over=s("sigma^2"))
leak(T, "loss over: sigma^2(1-d/n)", expected_loss_over=s("sigma^2 (1 - d/n)"))
leak(T, "claim: swapped", more_data_hurts="{'n1': 11, 'n2': 5, 'd': 10}")
leak(T, "claim: equal", more_data_hurts="{'n1': 11, 'n2': 11, 'd': 10}")
leak(T, "graph: missing x -> y", computation_graph=s(["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "t -> S"]))
leak(T, "graph: missing t -> S and x -> z2", computation_graph=s(["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "z2 -> h2 -> g", "x -> y"]))
leak(T, "bp: h1_bar missing h2", h1_bar=s("g_bar"))
leak(T, "bp: z2_bar missing sigmoid'", z2_bar=s("h2_bar"))
leak(T, "bp: z1_bar missing step", z1_bar=s("h1_bar"))
leak(T, "bp: x_bar missing W4", x_bar=s("W1.T @ z1_bar + W2.T @ z2_bar"))
leak(T, "bp: y_prime_bar sign", y_prime_bar=s("t / y_prime"))
leak(T, "bp: y_bar = 0", y_bar=s("0"))
leak(T, "J W1: zeros", dJ_dW1="[[0]*3]*3")
leak(T, "J W1: 2x", dJ_dW1="(2*dJ_dW1).tolist()")
leak(T, "J W1: transposed", dJ_dW1="dJ_dW1.T.tolist()")
leak(T, "J W1: one entry", dJ_dW1="[[-4, -12, -4], [6, 18, 6], [0, 0, 1]]")
leak(T, "J W1: 3x2", dJ_dW1="[[-4, -12], [6, 18], [0, 0]]")
leak(T, "J W1: negated", dJ_dW1="(-dJ_dW1).tolist()")
leak(T, "J W1: no relu mask", dJ_dW1="np.outer(W2.T @ error_y, x).tolist()")
leak(T, "J W2: zeros", dJ_dW2="[[0]*3]*3")
leak(T, "J W2: outer(h, e)", dJ_dW2="np.outer(h, error_y).tolist()")
leak(T, "J W2: no relu (z instead of h)", dJ_dW2="np.outer(error_y, z).tolist()")
leak(T, "norm W1: 0", norm2_W1="0")
leak(T, "norm W1: 2x", norm2_W1="1144")
leak(T, "norm W1: 571", norm2_W1="571")
leak(T, "norm W1: -572", norm2_W1="-572")
leak(T, "norm W1: half", norm2_W1="286")
leak(T, "norm W1: sqrt", norm2_W1="23.916521486202797")
leak(T, "norm W1: 1", norm2_W1="1")
leak(T, "norm W2: 0", norm2_W2="0")
leak(T, "norm W2: 194", norm2_W2="194")
leak(T, "trick W1: swapped", trick_W1="[52, 11]")
leak(T, "trick W1: 0 second", trick_W1="[11, 0]")
leak(T, "trick W1: 0 first", trick_W1="[0, 52]")
leak(T, "trick W1: 2x first", trick_W1="[22, 52]")
leak(T, "trick W1: short", trick_W1="[11]")
leak(T, "trick W1: product", trick_W1="[572, 1]")
leak(T, "trick W2: ones", trick_W2="[1, 1]")
leak(T, "T fwd naive: 0", T_forward_naive=s("0"))
leak(T, "T fwd naive: 2x", T_forward_naive=s("2NKD^2"))
leak(T, "T fwd naive: NKD", T_forward_naive=s("NKD"))
leak(T, "T fwd naive: NKD^3", T_forward_naive=s("NKD^3"))
leak(T, "T fwd naive: half", T_forward_naive=s("NKD^2/2"))
leak(T, "T fwd naive: negated", T_forward_naive=s("-NKD^2"))
leak(T, "T fwd naive: 1", T_forward_naive=s("1"))
leak(T, "T fwd naive: NK (missing D^2)", T_forward_naive=s("NK"))
leak(T, "T fwd eff: D^2", T_forward_efficient=s("D^2"))
leak(T, "M fwd naive: O(ND)", M_forward_naive=s("O(ND)"))
leak(T, "M fwd naive: O(KD^2)", M_forward_naive=s("O(KD^2)"))
leak(T, "M fwd naive: O(NKD^2)", M_forward_naive=s("O(NKD^2)"))
leak(T, "M fwd eff: O(NKD)", M_forward_efficient=s("O(NKD)"))
leak(T, "T bwd naive: NKD^2 (half)", T_backward_naive=s("NKD^2"))
leak(T, "T bwd naive: 0", T_backward_naive=s("0"))
leak(T, "T bwd eff: 2x", T_backward_efficient=s("2NKD^2"))
leak(T, "M bwd naive: O(KD^2)", M_backward_naive=s("O(KD^2)"))
leak(T, "M bwd eff: O(NKD^2)", M_backward_efficient=s("O(NKD^2)"))
leak(T, "T norm naive: NKD", T_norm_naive=s("NKD"))
leak(T, "T norm eff: NKD", T_norm_efficient=s("NKD"))
leak(T, "T norm eff: 2NKD", T_norm_efficient=s("2NKD"))
leak(T, "T norm eff: +1", T_norm_efficient=s("(2D+1)NK + 1"))
leak(T, "T norm eff: 0", T_norm_efficient=s("0"))
leak(T, "T norm eff: NK", T_norm_efficient=s("NK"))
leak(T, "M norm naive: O(NKD)", M_norm_naive=s("O(NKD)"))
leak(T, "M norm eff: O(NKD^2)", M_norm_efficient=s("O(NKD^2)"))
leak(T, "M norm eff: O(1)", M_norm_efficient=s("O(1)"))
leak(T, "sort2: phi1 relu", sort2_phi1=s(["relu", "identity"]))
leak(T, "sort2: W2 signs (descending)", sort2_W2="[[1, 1], [-1, 1]]")
leak(T, "sort2: b2 off", sort2_b2="[1, 0]")
leak(T, "sort2: W1 zero", sort2_W1="[[0, 0], [0, 0]]")
leak(T, "sort4: missing comparator", sort4_blocks="[[1, 2], [3, 4], [1, 3], [2, 4]]")
leak(T, "sort4: 0-indexed", sort4_blocks="[[0, 1], [2, 3], [0, 2], [1, 3], [1, 2]]")
leak(T, "sort4: one comparator", sort4_blocks="[[1, 2]]")
leak(T, "sort4: wrong order", sort4_blocks="[[2, 3], [1, 2], [3, 4], [1, 3], [2, 4]]")
leak(T, "kth: 2nd smallest", W3="[[0, 1, 0, 0]]")
leak(T, "kth: largest", W3="[[0, 0, 0, 1]]")
leak(T, "kth: zeros", W3="[[0, 0, 0, 0]]")
leak(T, "count: b2 = 0", count_b2="0")
leak(T, "count: phi1 relu", count_phi1=s("relu"))
leak(T, "count: w2 halves", count_w2="[0.5, 0.5, 0.5]")
leak(T, "select: b off", select_b="[-4, -4, -4, -4]")
leak(T, "select: phi identity", select_phi=s("identity"))

# -- NYU
N = "nyu"
leak(N, "steps: backward before zero_grad", training_steps=s(["forward", "loss", "backward", "zero_grad", "step"]))
leak(N, "steps: missing zero_grad", training_steps=s(["forward", "loss", "backward", "step"]))
leak(N, "steps: step first", training_steps=s(["step", "forward", "loss", "zero_grad", "backward"]))
leak(N, "z1: missing b1", forward_z1=s("W1 @ x"))
leak(N, "z2: missing 5", forward_z2=s("relu(W1 @ x + b1)"))
leak(N, "z2: 0", forward_z2=s("0"))
leak(N, "z3: missing b2", forward_z3=s("W2 @ (5 * relu(W1 @ x + b1))"))
leak(N, "y_hat: z3 only", forward_y_hat=s("W2 @ relu(W1 @ x + b1) + b2"))
leak(N, "loss: not squared", forward_loss=s("sum(W2 @ (5 * relu(W1 @ x + b1)) + b2 - y)"))
leak(N, "bp: W1_bar missing dz2_dz1", W1_bar=s("W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"))
leak(N, "bp: b1_bar missing W2.T", b1_bar=s("dz2_dz1.T @ dyhat_dz3.T @ y_hat_bar"))
leak(N, "bp: W2_bar x instead of z2", W2_bar=s("dyhat_dz3.T @ y_hat_bar @ x.T"))
leak(N, "bp: b2_bar = 0", b2_bar=s("0"))
leak(N, "dz2dz1: missing 5", dz2_dz1=s("diag(step(z1))"))
leak(N, "dz2dz1: vector", dz2_dz1=s("5 * step(z1)"))
leak(N, "dz2dz1: 0", dz2_dz1=s("0"))
leak(N, "dz2dz1: 1", dz2_dz1=s("1"))
leak(N, "dyhatdz3: 1", dyhat_dz3=s("1"))
leak(N, "dyhatdz3: 0", dyhat_dz3=s("0"))
leak(N, "dyhatdz3: 2I", dyhat_dz3=s("2*eye(K)"))
leak(N, "dl_dyhat: missing 2", dl_dyhat=s("(y_hat - y).T"))
leak(N, "dl_dyhat: untransposed", dl_dyhat=s("2 * (y_hat - y)"))
leak(N, "dl_dyhat: sign", dl_dyhat=s("2 * (y - y_hat).T"))
leak(N, "dl_dyhat: 0", dl_dyhat=s("0"))
leak(N, "tanh z2: sigmoid", tanh_forward_z2=s("sigmoid(W1 @ x + b1)"))
leak(N, "tanh dz2: missing square", tanh_dz2_dz1=s("diag(1 - tanh(z1))"))
leak(N, "tanh dz2: tanh^2", tanh_dz2_dz1=s("diag(tanh(z1) ** 2)"))
leak(N, "tanh dz2: 1", tanh_dz2_dz1=s("1"))
leak(N, "sigm dyhat: missing (1-s)", sigmoid_dyhat_dz3=s("diag(sigmoid(z3))"))
leak(N, "sigm mse: missing 2", sigmoid_mse_dl_dyhat=s("(y_hat - y).T"))
leak(N, "tanh bp: W1_bar missing (1 - z2^2)", tanh_W1_bar=s("(W2.T @ (y_hat_bar * y_hat * (1 - y_hat))) @ x.T"))
leak(N, "tanh bp: b2_bar missing y_hat(1-y_hat)", tanh_b2_bar=s("y_hat_bar"))
leak(N, "bce loss: sign", bce_loss=s("mean(y * log(sigmoid(W2 @ tanh(W1 @ x + b1) + b2)) + (1 - y) * log(1 - sigmoid(W2 @ tanh(W1 @ x + b1) + b2)))"))
leak(N, "bce grad: missing 1/K", bce_dl_dyhat=s("((1 - y) / (1 - y_hat) - y / y_hat).T"))
leak(N, "bce grad: 0", bce_dl_dyhat=s("0"))
leak(N, "bce dz3: missing 1/K", bce_dl_dz3=s("(y_hat - y).T"))
leak(N, "bce dz3: sign", bce_dl_dz3=s("(y - y_hat).T / K"))
leak(N, "bce dz3: 1", bce_dl_dz3=s("1"))
leak(N, "bce dz3: 2x", bce_dl_dz3=s("2 * (y_hat - y).T / K"))
leak(N, "bce bp: W2 missing /K", bce_W2_bar=s("(y_hat - y) @ z2.T"))
leak(N, "bce bp: b1 missing W2.T", bce_b1_bar=s("dz2_dz1.T @ (y_hat - y) / K"))
leak(N, "graph3.2: missing x -> b", graph_3_2=s(["x -> a", "y -> a", "z -> a", "a -> b", "a -> w", "b -> w"]))
leak(N, "graph3.2: missing z -> a, a -> w", graph_3_2=s(["x -> a", "y -> a", "x -> b", "a -> b", "b -> w"]))
leak(N, "graph3.2: reversed a->b", graph_3_2=s(["x -> a", "y -> a", "z -> a", "x -> b", "b -> a", "a -> w", "b -> w"]))
leak(N, "maps: missing two", linear_map_types=s(["rotation", "scaling"]))
leak(N, "maps: one wrong", linear_map_types=s(["rotation", "reflection", "scaling", "translation"]))
leak(N, "maps: all 5 + wrong", linear_map_types=s(["rotation", "reflection", "scaling", "shearing", "projection", "translation"]))
leak(N, "objective: missing /N", training_objective=s("sum((F - Y) * (F - Y))"))
leak(N, "objective: mean", training_objective=s("mean((F - Y) ** 2)"))
leak(N, "objective: 0", training_objective=s("0"))

# single-slip networks (each alone in its submission: label prefix "net1:")
leak(C, "net1: b2 = -1", b2="-1")
leak(C, "net1: b2 = -3", b2="-3")
leak(C, "net1: w2 one entry", w2="[2, 2, 1]")
leak(C, "net1: phi2 relu", phi2=s("relu"))
leak(C, "net1: W1 one entry", W1="[[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 2]]")
leak(C, "net1: b1 shifted", b1="[1, 1, 1]")
leak(T, "net1: sort2 b2 = [0, 1]", sort2_b2="[0, 1]")
leak(T, "net1: sort2 W2 entry", sort2_W2="[[-1, 1], [1, 2]]")
leak(T, "net1: sort2 phi1 identity", sort2_phi1=s(["identity", "identity"]))
leak(T, "net1: count b2 = 2", count_b2="2")
leak(T, "net1: count w2 entry", count_w2="[1, 1, 2]")
leak(T, "net1: select b = -5", select_b="[-5, -5, -5, -5]")
leak(T, "net1: select W scaled", select_W="[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]")
leak(T, "net1: W3 scaled", W3="[[0, 0, 2, 0]]")

# numeric answers off by a named constant factor (label prefix "fac:"): naming the factor of a
# NUMBER gives the number away (the scalar checker says only "a constant factor")
leak(T, "fac: norm W1 x4", norm2_W1="2288")
leak(T, "fac: norm W1 /4", norm2_W1="143")
leak(T, "fac: norm W1 x10", norm2_W1="5720")
leak(T, "fac: trick W1 2x", trick_W1="[22, 104]")
leak(T, "fac: J W2 x3", dJ_dW2="(3*dJ_dW2).tolist()")
leak(C, "fac: H /2", H="(np.outer(v, v) / 2).tolist()")
leak(C, "fac: z x3", z="[144, 36, 72]")
leak(C, "fac: z /2", z="[24, 6, 12]")
leak(C, "fac: M x3", M="36")
leak(C, "fac: M /2", M="6")

# Function answers: (assignment, label, source text replacing the def)
FUNCTION_PROBES: list[tuple[str, str, str]] = [
    (N, "relu_derivative 1 at 0 and below by 0.5", "def relu_derivative(z):\n    return 1.0 if z >= 0 else 0.5\n"),
    (N, "leaky_relu slope 0.1", "def leaky_relu(z):\n    return z if z > 0 else 0.1 * z\n"),
    (N, "softplus_derivative = softplus", "def softplus_derivative(z):\n    return math.log1p(math.exp(z))\n"),
    (N, "relu returns 0", "def relu(z):\n    return 0.0\n"),
    (N, "gelu tanh approx", "def gelu(z):\n    return 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)))\n"),
    (N, "gelu_derivative = 2x", "def gelu_derivative(z):\n    return 2 * (0.5 * (1 + math.erf(z / math.sqrt(2))) + z * math.exp(-z * z / 2) / math.sqrt(2 * math.pi))\n"),
    (T, "fit_poly normal equations only", "def fit_poly(X, d, t):\n    A = poly_expand(X, d=d, poly_type=poly_type)\n    return np.linalg.lstsq(A.T @ A, A.T @ t, rcond=None)[0]\n"),
    (T, "fit_poly zeros", "def fit_poly(X, d, t):\n    return np.zeros(d + 1)\n"),
]

# ---------------------------------------------------------------------------------------------
# Notation probes: (assignment, answer name, written text, what the student means (for the reader))
NOTATION: list[tuple[str, str, str, str]] = [
    # counts (Columbia, m, n)
    (C, "reverse_multiplications", "3mn", "3*m*n"),
    (C, "reverse_multiplications", "3·m·n", "3*m*n"),
    (C, "reverse_multiplications", "3 m n", "3*m*n"),
    (C, "reverse_multiplications", "3m×n", "3*m*n"),
    (C, "reverse_multiplications", "3 \\cdot m \\cdot n", "3*m*n"),
    (C, "reverse_multiplications", "$3mn$", "3*m*n"),
    (C, "reverse_multiplications", "= 3mn", "3*m*n"),
    (C, "reverse_multiplications", "3mn.", "3*m*n"),
    (C, "reverse_multiplications", "3mn;", "3*m*n"),
    (C, "reverse_multiplications", "3mn multiplications", "3*m*n"),
    (C, "reverse_multiplications", "3*m*n multiplications", "3*m*n"),
    (C, "reverse_multiplications", "3nm", "3*m*n"),
    (C, "reverse_multiplications", "mn + mn + mn", "3*m*n"),
    (C, "reverse_multiplications", "3(mn)", "3*m*n"),
    (C, "reverse_multiplications", "3 × m × n", "3*m*n"),
    (C, "reverse_multiplications", "3*m*n,", "3*m*n"),
    (C, "reverse_multiplications", "3mn ", "3*m*n"),
    (C, "reverse_multiplications", "\\(3mn\\)", "3*m*n"),
    (C, "reverse_multiplications", "$$3mn$$", "3*m*n"),
    (C, "reverse_multiplications", "3 * m * n = 3mn", "3*m*n"),
    (C, "reverse_multiplications", "~3mn", "3*m*n"),
    (C, "reverse_multiplications", "3mn mults", "3*m*n"),
    (C, "reverse_memory", "2mn+m;", "2mn+m"),
    (C, "reverse_memory", "2mn + m floats", "2mn+m"),
    (C, "reverse_memory", "m(2n+1)", "2mn+m"),
    (C, "reverse_memory", "2nm+m", "2mn+m"),
    (C, "reverse_memory", "2·m·n + m", "2mn+m"),
    (C, "reverse_memory", "2mn+m (numbers)", "2mn+m"),
    (C, "forward_multiplications", "2n²+mn", "2n^2+mn"),
    (C, "forward_multiplications", "2n² + nm", "2n^2+mn"),
    (C, "forward_multiplications", "2n^{2} + mn", "2n^2+mn"),
    (C, "forward_multiplications", "2 n^2 + m n", "2n^2+mn"),
    (C, "forward_multiplications", "2n**2+mn", "2n^2+mn"),
    (C, "forward_multiplications", "2n^2+mn.", "2n^2+mn"),
    (C, "forward_multiplications", "n^2 + n^2 + mn", "2n^2+mn"),
    (C, "forward_multiplications", "n(2n+m)", "2n^2+mn"),
    (C, "forward_multiplications", "2n\u00b2 + m\u22c5n", "2n^2+mn"),
    (C, "forward_memory", "n² + n + mn", "n^2+n+mn"),
    (C, "forward_memory", "n^2+n+n*m", "n^2+n+mn"),
    (C, "hessian_multiplications", "n²", "n^2"),
    (C, "hessian_multiplications", "n*n", "n^2"),
    (C, "hessian_multiplications", "n x n", "n^2"),
    (C, "hessian_multiplications", "n×n", "n^2"),
    (C, "hessian_multiplications", "n^2 mults", "n^2"),
    # big-O
    (C, "hessian_memory", "O(n²)", "O(n^2)"),
    (C, "hessian_memory", "\\mathcal{O}(n^2)", "O(n^2)"),
    (C, "hessian_memory", "\\Theta(n^2)", "O(n^2)"),
    (C, "hessian_memory", "Θ(n^2)", "O(n^2)"),
    (C, "hessian_memory", "O(n^2).", "O(n^2)"),
    (C, "hessian_memory", "O(n*n)", "O(n^2)"),
    (C, "hessian_memory", "O(n x n)", "O(n^2)"),
    (C, "hessian_memory", "o(n^2)", "O(n^2)"),
    (C, "hessian_memory", "𝒪(n²)", "O(n^2)"),
    (C, "hessian_memory", "O(N^2)", "O(n^2)"),
    (C, "hessian_memory", "n^2", "O(n^2)"),
    (C, "hessian_memory", "O(n^2) memory", "O(n^2)"),
    (C, "hessian_memory", "= O(n^2)", "O(n^2)"),
    (C, "reverse_order", "O(mn)", "O(mn)"),
    (C, "reverse_order", "O(m·n)", "O(mn)"),
    (C, "reverse_order", "O(nm)", "O(mn)"),
    (C, "reverse_order", "O(m n)", "O(mn)"),
    (C, "reverse_order", "O(3mn)", "O(mn)"),
    (C, "forward_order", "O(n^2 + mn)", "O(n^2+mn)"),
    (C, "forward_order", "O(n^2+nm)", "O(n^2+mn)"),
    (C, "forward_order", "O(n(n+m))", "O(n^2+mn)"),
    (C, "forward_order", "O(n² + mn)", "O(n^2+mn)"),
    (C, "forward_order", "O(max(n^2, mn))", "O(n^2+mn)"),
    (C, "forward_order", "O(n^2) + O(mn)", "O(n^2+mn)"),
    (T, "M_norm_efficient", "O(NKD)", "O(NKD)"),
    (T, "M_norm_efficient", "O(N K D)", "O(NKD)"),
    (T, "M_norm_efficient", "O(N·K·D)", "O(NKD)"),
    (T, "M_forward_naive", "O(KD^2 + NKD)", "O(KD^2+NKD)"),
    (T, "M_forward_naive", "O(KD² + NKD)", "O(KD^2+NKD)"),
    (T, "T_forward_naive", "NKD²", "NKD^2"),
    (T, "T_forward_naive", "N·K·D^2", "NKD^2"),
    (T, "T_forward_naive", "N K D^2", "NKD^2"),
    (T, "T_forward_naive", "NKD^2 flops", "NKD^2"),
    (T, "T_norm_efficient", "(2D+1)NK", "(2D+1)NK"),
    (T, "T_norm_efficient", "NK(2D+1)", "(2D+1)NK"),
    (T, "T_norm_efficient", "2NKD + NK", "(2D+1)NK"),
    # relations
    (C, "forward_better_when", "m > n", "m > n"),
    (C, "forward_better_when", "n < m", "m > n"),
    (C, "forward_better_when", "m \\gt n", "m > n"),
    (C, "forward_better_when", "when m > n", "m > n"),
    (C, "forward_better_when", "if m > n", "m > n"),
    (C, "forward_better_when", "iff n < m", "m > n"),
    (C, "forward_better_when", "m>n.", "m > n"),
    (C, "forward_better_when", "m > n (more outputs than inputs)", "m > n"),
    (C, "forward_better_when", "m ≫ n", "m > n"),
    (C, "forward_better_when", "m>n", "m > n"),
    (C, "forward_better_when", "m - n > 0", "m > n"),
    (C, "forward_better_when", "n/m < 1", "m > n"),
    (C, "forward_better_when", "2n^2 + mn < 3mn", "m > n"),
    (C, "forward_better_when", "2n² + mn < 3mn", "m > n"),
    (C, "forward_better_when", "m ≥ n+1", "m > n"),
    (T, "solution_line", "w_1 + w_2 = 3", "w1+w2=3"),
    (T, "solution_line", "w₁ + w₂ = 3", "w1+w2=3"),
    (T, "solution_line", "w1+w2=3.", "w1+w2=3"),
    (T, "solution_line", "\\{w : w_1 + w_2 = 3\\}", "w1+w2=3"),
    (T, "solution_line", "w_2 = 3 - w_1", "w1+w2=3"),
    (T, "solution_line", "w1 + w2 == 3", "w1+w2=3"),
    (T, "solution_line", "[1, 1] w = 3", "w1+w2=3"),
    (T, "solution_line", "1^T w = 3", "w1+w2=3"),
    # expressions
    (T, "expected_loss_under", "σ²(1 - d/n)", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "σ^2 (1 − d/n)", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "\\sigma^2 (n-d)/n", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "\\sigma^2\\frac{n-d}{n}", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "sigma^2 * (n - d) / n", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "(n-d)σ²/n", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "E[L] = σ²(1-d/n)", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "sigma**2*(1-d/n).", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "s^2(1-d/n)", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "σ^2 - σ^2 d/n", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "\\sigma^2 \\left(1 - \\frac{d}{n}\\right)", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "sigma^2(1-d/n) ", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "(1-d/n)sigma^2", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "(σ^2)(n−d)/n", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "\\sigma^{2}(1-\\frac{d}{n})", "sigma^2(1-d/n)"),
    (T, "expected_loss_under", "σ2(1-d/n)", "sigma^2(1-d/n)"),
    (T, "expected_loss_over", "0.", "0"),
    (T, "expected_loss_over", "zero", "0"),
    (T, "expected_loss_over", "= 0", "0"),
    (C, "glove_parameters", "2V(d+1)", "V(2d+2)"),
    (C, "glove_parameters", "V(2d+2)", "V(2d+2)"),
    (C, "glove_parameters", "2Vd + 2V", "V(2d+2)"),
    (C, "glove_parameters", "2|V|(d+1)", "V(2d+2)"),
    (C, "glove_parameters", "2 V (d + 1)", "V(2d+2)"),
    (C, "glove_parameters", "2·V·(d+1)", "V(2d+2)"),
    (C, "glove_parameters", "V*(2d+2)", "V(2d+2)"),
    # matrix expressions
    (T, "grad_w", "2/n X^T (Xw - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "\\frac{2}{n} X^\\top (X w - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "(2/n) Xᵀ(Xw − t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n * X.T @ (X @ w - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n X'(Xw - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "(2/n) * np.dot(X.T, X @ w - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n * X.T.dot(X.dot(w) - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2X^T(Xw-t)/n", "2/n X^T(Xw-t)"),
    (T, "grad_w", "(2/n)X^T(Xw-t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n·Xᵀ(Xw−t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "\\nabla_w L = \\frac{2}{n}X^T(Xw-t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n (X^T X w - X^T t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n X^T(X w - t)", "2/n X^T(Xw-t)"),
    (T, "grad_w", "2/n x^T(xw - t)", "2/n X^T(Xw-t)"),
    (T, "w_under", "(X^T X)^{-1} X^T t", "(X^TX)^-1X^Tt"),
    (T, "w_under", "(XᵀX)⁻¹Xᵀt", "(X^TX)^-1X^Tt"),
    (T, "w_under", "(X^TX)^-1 X^Tt", "(X^TX)^-1X^Tt"),
    (T, "w_under", "np.linalg.inv(X.T @ X) @ X.T @ t", "(X^TX)^-1X^Tt"),
    (T, "w_under", "np.linalg.solve(X.T @ X, X.T @ t)", "(X^TX)^-1X^Tt"),
    (T, "w_under", "inv(X^T X) X^T t", "(X^TX)^-1X^Tt"),
    (T, "w_under", "pinv(X) @ t", "(X^TX)^-1X^Tt"),
    (T, "w_under", "X^+ t", "(X^TX)^-1X^Tt"),
    (T, "w_under", "(X^T X)^(-1) X^T t", "(X^TX)^-1X^Tt"),
    (T, "w_min_norm", "X^T (X X^T)^{-1} t", "X^T(XX^T)^-1 t"),
    (T, "w_min_norm", "Xᵀ(XXᵀ)⁻¹t", "X^T(XX^T)^-1 t"),
    (T, "w_min_norm", "X.T @ np.linalg.inv(X @ X.T) @ t", "X^T(XX^T)^-1 t"),
    # backprop steps (Toronto 2.1.2)
    (T, "z1_bar", "h1_bar ⊙ 1{z1 > 0}", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * (z1 > 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "\\bar{h}_1 \\odot \\mathbb{1}[z_1 > 0]", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar ∘ ReLU'(z1)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * ReLU′(z1)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * relu'(z1)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * np.heaviside(z1, 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * (z1 > 0).float()", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * (z1 > 0).astype(float)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * np.where(z1 > 0, 1, 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * 1(z1 > 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * I(z1 > 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar * 𝟙(z1 > 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "\\overline{h_1} \\circ 1_{z_1>0}", "h1_bar * step(z1)"),
    (T, "z1_bar", "δ_h1 * step(z1)", "h1_bar * step(z1)"),
    (T, "z1_bar", "dL/dh1 * step(z1)", "h1_bar * step(z1)"),
    (T, "z2_bar", "h2_bar ⊙ σ'(z2)", "h2_bar * h2(1-h2)"),
    (T, "z2_bar", "h2_bar * σ(z2)(1 - σ(z2))", "h2_bar * h2(1-h2)"),
    (T, "z2_bar", "h2_bar ⊙ h2 ⊙ (1 − h2)", "h2_bar * h2(1-h2)"),
    (T, "z2_bar", "h2_bar * sigmoid'(z2)", "h2_bar * h2(1-h2)"),
    (T, "z2_bar", "h2_bar * torch.sigmoid(z2) * (1 - torch.sigmoid(z2))", "h2_bar * h2(1-h2)"),
    (T, "z2_bar", "h2_bar ⊙ σ(z2) ⊙ (1 − σ(z2))", "h2_bar * h2(1-h2)"),
    (T, "z2_bar", "\\bar{h}_2 \\odot h_2 \\odot (1 - h_2)", "h2_bar * h2(1-h2)"),
    (T, "x_bar", "W1^T z1_bar + W2^T z2_bar + W4^T y_bar", "sum of three paths"),
    (T, "x_bar", "W_1^\\top \\bar{z}_1 + W_2^\\top \\bar{z}_2 + W_4^\\top \\bar{y}", "sum of three paths"),
    (T, "x_bar", "W^{(1)T} z1_bar + W^{(2)T} z2_bar + W^{(4)T} y_bar", "sum of three paths"),
    (T, "x_bar", "W1ᵀ z1_bar + W2ᵀ z2_bar + W4ᵀ y_bar", "sum of three paths"),
    (T, "x_bar", "W1.T z1_bar + W2.T z2_bar + W4.T y_bar", "sum of three paths"),
    (T, "g_bar", "W3^T y_bar", "W3^T y_bar"),
    (T, "g_bar", "W_3^T \\bar{y}", "W3^T y_bar"),
    (T, "g_bar", "y_bar^T W3", "W3^T y_bar (as a row: transposed)"),
    (T, "g_bar", "W3.transpose() @ y_bar", "W3^T y_bar"),
    (T, "h1_bar", "g_bar ⊙ h2", "g_bar * h2"),
    (T, "h1_bar", "g_bar · h2", "g_bar * h2 (elementwise meant)"),
    (T, "h1_bar", "\\bar g \\odot h_2", "g_bar * h2"),
    (T, "y_prime_bar", "-t/y'", "-t / y_prime"),
    (T, "y_prime_bar", "−t ⊘ y_prime", "-t / y_prime"),
    (T, "y_prime_bar", "-t / y_prime", "-t / y_prime"),
    # NYU matrix expressions
    (N, "forward_z2", "5 ReLU(W1 x + b1)", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5 * np.maximum(0, W1 @ x + b1)", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5 * torch.relu(W1 @ x + b1)", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5 * F.relu(W1 @ x + b1)", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5(W1 x + b1)^+", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5 max(0, W^{(1)} x + b^{(1)})", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5 \\max(0, W_1 x + b_1)", "5 relu(W1 x + b1)"),
    (N, "forward_z2", "5 * (W1 @ x + b1).clamp(min=0)", "5 relu(W1 x + b1)"),
    (N, "forward_z1", "W^{(1)} x + b^{(1)}", "W1 x + b1"),
    (N, "forward_z1", "W_1x + b_1", "W1 x + b1"),
    (N, "forward_z1", "W1·x + b1", "W1 x + b1"),
    (N, "forward_z1", "x^T W1^T + b1^T", "(W1 x + b1) as a row: transposed"),
    (N, "forward_z1", "torch.matmul(W1, x) + b1", "W1 x + b1"),
    (N, "forward_z1", "np.dot(W1, x) + b1", "W1 x + b1"),
    (N, "forward_z1", "W1 @ x + b1;", "W1 x + b1"),
    (N, "forward_loss", "||y_hat - y||^2", "squared norm"),
    (N, "forward_loss", "||ŷ - y||²", "squared norm"),
    (N, "forward_loss", "\\|\\hat{y} - y\\|_2^2", "squared norm"),
    (N, "forward_loss", "||W2 (5 ReLU(W1 x + b1)) + b2 - y||_2^2", "squared norm"),
    (N, "forward_loss", "∑(W2 @ (5 * relu(W1 @ x + b1)) + b2 - y)²", "squared norm"),
    (N, "forward_loss", "(W2 @ (5*relu(W1 @ x + b1)) + b2 - y).T @ (W2 @ (5*relu(W1 @ x + b1)) + b2 - y)", "squared norm"),
    (N, "forward_loss", "np.sum((W2 @ (5*relu(W1 @ x + b1)) + b2 - y)**2)", "squared norm"),
    (N, "dz2_dz1", "5 diag(1{z1 > 0})", "5 diag(step(z1))"),
    (N, "dz2_dz1", "5 \\operatorname{diag}(\\mathbb{1}[z_1 > 0])", "5 diag(step(z1))"),
    (N, "dz2_dz1", "5 * np.diag(z1 > 0)", "5 diag(step(z1))"),
    (N, "dz2_dz1", "5 diag(ReLU'(z1))", "5 diag(step(z1))"),
    (N, "dz2_dz1", "diag(5 * (z1 > 0))", "5 diag(step(z1))"),
    (N, "dz2_dz1", "5 * torch.diag((z1 > 0).float())", "5 diag(step(z1))"),
    (N, "dyhat_dz3", "I", "eye(K)"),
    (N, "dyhat_dz3", "I_K", "eye(K)"),
    (N, "dyhat_dz3", "\\mathbb{I}", "eye(K)"),
    (N, "dyhat_dz3", "np.eye(K)", "eye(K)"),
    (N, "dyhat_dz3", "torch.eye(K)", "eye(K)"),
    (N, "dyhat_dz3", "𝕀", "eye(K)"),
    (N, "dyhat_dz3", "identity matrix", "eye(K)"),
    (N, "dl_dyhat", "2(ŷ − y)^T", "2(y_hat - y)^T"),
    (N, "dl_dyhat", "2 (\\hat{y} - y)^\\top", "2(y_hat - y)^T"),
    (N, "dl_dyhat", "2(y_hat - y)'", "2(y_hat - y)^T"),
    (N, "dl_dyhat", "2 * (y_hat - y).transpose()", "2(y_hat - y)^T"),
    (N, "tanh_dz2_dz1", "diag(1 - tanh²(z1))", "diag(1-tanh^2)"),
    (N, "tanh_dz2_dz1", "diag(sech^2(z1))", "diag(1-tanh^2)"),
    (N, "tanh_dz2_dz1", "diag(1 - z2^2)", "diag(1-tanh^2)"),
    (N, "tanh_dz2_dz1", "diag(1 - z2 ⊙ z2)", "diag(1-tanh^2)"),
    (N, "tanh_dz2_dz1", "diag(tanh'(z1))", "diag(1-tanh^2)"),
    (N, "tanh_dz2_dz1", "\\text{diag}(1 - \\tanh^2(z_1))", "diag(1-tanh^2)"),
    (N, "sigmoid_dyhat_dz3", "diag(σ(z3)(1 − σ(z3)))", "diag(s(1-s))"),
    (N, "sigmoid_dyhat_dz3", "diag(σ'(z3))", "diag(s(1-s))"),
    (N, "sigmoid_dyhat_dz3", "diag(y_hat(1 - y_hat))", "diag(s(1-s))"),
    (N, "sigmoid_dyhat_dz3", "diag(ŷ ⊙ (1 − ŷ))", "diag(s(1-s))"),
    (N, "bce_dl_dz3", "(ŷ - y)^T / K", "(y_hat - y)^T / K"),
    (N, "bce_dl_dz3", "\\frac{1}{K}(\\hat{y} - y)^\\top", "(y_hat - y)^T / K"),
    (N, "bce_dl_dz3", "1/K (y_hat - y)^T", "(y_hat - y)^T / K"),
    (N, "bce_dl_dz3", "(y_hat - y).T / K", "(y_hat - y)^T / K"),
    (N, "bce_dl_dz3", "(1/K)(y_hat - y)ᵀ", "(y_hat - y)^T / K"),
    (N, "training_objective", "1/N ||F - Y||^2", "||F - Y||_F^2 / N"),
    (N, "training_objective", "\\frac{1}{N} \\|F - Y\\|_F^2", "||F - Y||_F^2 / N"),
    (N, "training_objective", "||F - Y||_F² / N", "||F - Y||_F^2 / N"),
    (N, "training_objective", "tr((F - Y)^T (F - Y)) / N", "||F - Y||_F^2 / N"),
    (N, "training_objective", "np.sum((F - Y)**2) / N", "||F - Y||_F^2 / N"),
    # activations (network items)
    (C, "phi1", "1{z>0}", "indicator"),
    (C, "phi1", "𝟙(z > 0)", "indicator"),
    (C, "phi1", "step", "indicator"),
    (C, "phi1", "Heaviside", "indicator"),
    (C, "phi1", "z > 0", "indicator"),
    (C, "phi1", "unit step", "indicator"),
    (C, "phi1", "threshold", "indicator"),
    (C, "phi1", "sign", "(sign: wrong function, should be read)"),
    (C, "phi1", "np.heaviside(z, 0)", "indicator"),
    (C, "phi1", "(z > 0).astype(int)", "indicator"),
    (C, "phi1", "lambda z: z > 0", "indicator"),
    (C, "phi2", "1{-1 <= z <= 1}", "the rubric's indicator"),
    (C, "phi2", "I(|z| <= 1)", "the rubric's indicator"),
    (T, "sort2_phi1", "['|z|', 'z']", "abs, identity"),
    (T, "sort2_phi1", "['abs', 'linear']", "abs, identity"),
    (T, "sort2_phi1", "['absolute value', 'identity']", "abs, identity"),
    (T, "sort2_phi1", "['np.abs', 'identity']", "abs, identity"),
    (T, "sort2_phi2", "'linear'", "identity"),
    (T, "sort2_phi2", "'none'", "identity"),
    (T, "sort2_phi2", "'id'", "identity"),
    (T, "sort2_phi2", "'z'", "identity"),
    (T, "count_phi1", "'1[z > 0]'", "indicator"),
    (T, "count_phi1", "'step'", "indicator"),
    (T, "count_phi1", "'heaviside'", "indicator"),
    # added after the first run: misreads and refusals worth isolating
    (T, "expected_loss_under", "sigma^2 (1 - d/n)^2", "(wrong answer) sigma^2 * (1-d/n)^2: must be READ as that"),
    (T, "expected_loss_under", "\\sigma^2 (1 - d/n)", "sigma^2(1-d/n)"),
    (C, "forward_multiplications", "n^2 (2) + mn", "2n^2+mn"),
    (N, "bce_dl_dz3", "1/K (y_hat - y).T", "(y_hat - y)^T / K"),
    (N, "training_objective", "sum((F - Y) ** 2) / N", "||F - Y||_F^2 / N"),
    (N, "training_objective", "np.mean((F - Y)**2) * K", "||F - Y||_F^2 / N (K outputs)"),
    (T, "sort2_phi2", "'z'", "identity"),
    (T, "sort2_phi1", "['np.abs', 'identity']", "abs, identity"),
    (T, "sort2_phi1", "['torch.abs', 'identity']", "abs, identity"),
    (N, "dyhat_dz3", "eye(K)", "eye(K)"),
    (N, "dyhat_dz3", "1", "(wrong: scalar)"),
    (T, "w_under", "pinv(X) t", "(X^TX)^-1X^Tt"),
    (T, "w_under", "X^\\dagger t", "(X^TX)^-1X^Tt"),
    (C, "hessian_memory", "O(n^{2})", "O(n^2)"),
    (C, "reverse_multiplications", "3 m n.", "3*m*n"),
    (C, "reverse_multiplications", "3mn,", "3*m*n"),
    (C, "reverse_multiplications", ": 3mn", "3*m*n"),
    (C, "reverse_multiplications", "3m*n", "3*m*n"),
    (C, "reverse_multiplications", "3⋅m⋅n", "3*m*n"),
    (C, "forward_better_when", "m > n;", "m > n"),
    (C, "forward_better_when", "n < m (forward)", "m > n"),
    (C, "forward_better_when", "m>n, i.e. more outputs", "m > n"),
    (T, "z1_bar", "h1_bar * (z1 > 0)", "h1_bar * step(z1)"),
    (T, "z1_bar", "h1_bar.*(z1>0)", "h1_bar * step(z1) (MATLAB .*)"),
    (T, "x_bar", "W1' z1_bar + W2' z2_bar + W4' y_bar", "sum of three paths"),
    (N, "tanh_dz2_dz1", "diag(\\frac{d}{dz}\\tanh(z_1))", "diag(1-tanh^2)"),
    (N, "tanh_dz2_dz1", "diag(d/dz tanh(z1))", "diag(1-tanh^2)"),
    (N, "forward_loss", "\\sum_i (W2 @ (5*relu(W1 @ x + b1)) + b2 - y)_i^2", "squared norm"),
    (N, "forward_loss", "sum(((W2 @ (5*relu(W1 @ x + b1)) + b2 - y))**2)", "squared norm"),
    (N, "forward_loss", "||W2 @ (5*relu(W1 @ x + b1)) + b2 - y||_2^2", "squared norm"),
    (N, "forward_z2", "5σ_ReLU(W1 x + b1)", "5 relu(W1 x + b1)"),
    (N, "dz2_dz1", "5 diag(H(z1))", "5 diag(step(z1))"),
    (T, "expected_loss_under", "σ^2(1 - d/n)^2", "(wrong answer) sigma^2 * (1-d/n)^2: must be READ as that"),
    (C, "forward_multiplications", "n^2 (m + 2) - mn + mn", "n^2(m+2): wrong answer, must be READ as that"),
    (C, "forward_multiplications", "2 n^2 + n m", "2n^2+mn"),
    (C, "forward_order", "O(n^2 m)", "(wrong) O(n^2 m)"),
    (T, "x_bar", "W1^T z1_bar + W2^T z2_bar + W4^T y_bar", "sum of three paths"),
    (T, "z2_bar", "h2_bar ⊙ σ'(z2)", "h2_bar * h2(1-h2)"),
]


# ---------------------------------------------------------------------------------------------
def _assign_lines(answers: dict[str, str]) -> str:
    return "\n".join(f"{name} = {value}" for name, value in answers.items())


def submission_text(assignment: str, answers: dict[str, str], extra: str = "") -> str:
    base = (ROOT / "submissions_example" / ASSIGNMENTS[assignment] / "correct.py").read_text()
    return base + "\n\n# ---- audit probe\n" + _assign_lines(answers) + "\n" + extra


def grade_text(text: str, workdir: Path, name: str):
    path = workdir / f"{name}.py"
    path.write_text(text)
    return grade(path, options=GradeOptions())


def _items_of(assignment: str, names) -> set[str]:
    rubric = expected_for(assignment)[0]
    return {item.id for item in rubric.items if set(item.answers) & set(names)}


def pack(probes, by_item: bool = False):
    """Rounds of probes with disjoint answer names (one submission per round and assignment).

    ``by_item``: probes touching the same rubric item never share a submission (a refusal in one
    step of a backprop item or one activation of a network item would otherwise colour the others)."""
    rounds: list[list] = []
    for probe in probes:
        names = set(probe[2])
        keys = _items_of(probe[0], names) if by_item else names
        for r in rounds:
            taken = set().union(*((_items_of(p[0], p[2]) if by_item else set(p[2])) for p in r))
            if r[0][0] == probe[0] and not (keys & taken):
                r.append(probe)
                break
        else:
            rounds.append([probe])
    return rounds


_EXPECTED_CACHE: dict[str, dict] = {}


def expected_for(assignment: str):
    if assignment not in _EXPECTED_CACHE:
        rubric = load_rubric(ROOT / "rubrics" / f"{ASSIGNMENTS[assignment]}.toml")
        correct = dict(re.findall(r'^(\w+)\s*=\s*"([^"\n]+)"\s*$',
                                  (ROOT / "submissions_example" / ASSIGNMENTS[assignment] / "correct.py").read_text(),
                                  re.MULTILINE))
        _EXPECTED_CACHE[assignment] = (rubric, expected_values(rubric), correct)
    return _EXPECTED_CACHE[assignment]


def _entry_forms(value) -> set[str]:
    """Rows as lists and entries |v| >= 3 of a matrix / vector / list key (searched as whole numbers)."""
    forms: set[str] = set()
    rows = None
    if isinstance(value, sympy.MatrixBase):
        rows = value.tolist()
    elif isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
        rows = [value]
    if rows is None:
        return forms
    for row in rows:
        if len(row) > 1:
            forms.add("[" + ", ".join(str(v) for v in row) + "]")
        for v in row:
            try:
                if abs(float(v)) >= 3:
                    forms.add(str(int(v)) if float(v) == int(v) else str(v))
            except (TypeError, ValueError):
                pass
    return forms


def suspects(assignment: str, item_id: str, feedback: str) -> list[str]:
    rubric, expected, correct = expected_for(assignment)
    value = expected.get(item_id)
    if value is None or value.problem is not None:
        return []
    forms = normal_forms(value.value)
    if type(value.value).__name__ == "GraphQuantity":
        forms |= {correct[n] for n in rubric.item(item_id).answers if n in correct}
    found = _leaks(feedback, forms)
    outside = re.sub(r"`[^`]*`", "``", feedback)
    for form in _entry_forms(value.value):
        if form.startswith("["):
            if form.replace(" ", "") in outside.replace(" ", ""):
                found.append(form)
        elif re.search(rf"(?<![\w.]){re.escape(form)}(?![\w.])", outside):
            found.append(f"entry {form}")
    return found


def run_leaks(workdir: Path, out, verbose: bool) -> dict:
    counts: dict[str, int] = {}
    n_suspect = 0
    only = [a for a in sys.argv if a.startswith("--only=")]
    probes = [p for p in LEAK_PROBES if not only or p[1].startswith(only[0][7:])]
    for index, round_ in enumerate(pack(probes, by_item=True) if only else pack(probes)):
        assignment = round_[0][0]
        answers: dict[str, str] = {}
        for _, _, a in round_:
            answers.update(a)
        report = grade_text(submission_text(assignment, answers), workdir, f"leak{index:03d}_{assignment}")
        probed = {}
        for _, label, a in round_:
            for item in report.items:
                if set(item.answers) & set(a):
                    probed.setdefault(item.id, []).append(label)
        for _, label, _ in round_:
            counts[assignment] = counts.get(assignment, 0) + 1
        for item in report.items:
            hits = suspects(assignment, item.id, item.feedback)
            labels = probed.get(item.id)
            record = {"kind": "leak", "assignment": assignment, "item": item.id, "probes": labels,
                      "status": item.status, "score": item.score, "max": item.max_score,
                      "diagnosis": item.diagnosis, "feedback": item.feedback, "suspect": hits}
            if labels or hits:
                out.write(json.dumps(record) + "\n")
            if hits:
                n_suspect += 1
                print(f"SUSPECT {assignment} {item.id} {labels} {hits}\n    {item.feedback}")
            elif labels and verbose:
                print(f"  {assignment} {item.id} {labels} [{item.status} {item.score}/{item.max_score}]\n    {item.feedback}")
    for index, (assignment, label, source) in enumerate([] if only else FUNCTION_PROBES):
        report = grade_text(submission_text(assignment, {}, source), workdir, f"func{index:03d}_{assignment}")
        counts[assignment + " functions"] = counts.get(assignment + " functions", 0) + 1
        name = re.match(r"def (\w+)", source).group(1)
        for item in report.items:
            if name in item.answers:
                hits = suspects(assignment, item.id, item.feedback)
                out.write(json.dumps({"kind": "function", "assignment": assignment, "item": item.id, "probes": [label],
                                      "status": item.status, "feedback": item.feedback, "suspect": hits}) + "\n")
                print(f"  {'SUSPECT ' if hits else ''}{assignment} {item.id} [{label}] [{item.status}]\n    {item.feedback}")
    return {"leak probes": counts, "suspect feedbacks": n_suspect}


REFUSAL = re.compile(r"could not read|can(?:no|')t read|not readable|invalid|a form that can be read", re.I)
SUGGESTION = re.compile(r"a form that can be read: (.+?)(?:\s*$|\.\s*$|\)$)", re.S)


def _notation_value(assignment: str, name: str, text: str) -> str:
    """Activation lists / strings for network answers are written as Python (given already quoted)."""
    if text.startswith(("[", "'")):
        return text
    return repr(text)


def _own_line(feedback: str, name: str) -> str:
    """The line of a multi-answer item's feedback about ``name`` (the whole text for one-answer items)."""
    for line in feedback.splitlines():
        if line.startswith(f"- `{name}`") or line.startswith(f"{name}:"):
            return line
    return feedback.strip().splitlines()[0] if feedback.strip() else ""


def _find_item(report, name):
    return [item for item in report.items if name in item.answers]


def run_notation(workdir: Path, out, verbose: bool) -> dict:
    probes = [(a, text, {name: _notation_value(a, name, text)}, meaning) for a, name, text, meaning in NOTATION]
    results = {"tried": len(probes), "accepted": 0, "refused": 0, "other verdict": 0,
               "suggestion parses and passes": 0, "suggestion refused again": 0, "suggestion graded wrong": 0,
               "refusal without suggestion": 0}
    followups = []
    for index, round_ in enumerate(pack(probes, by_item=True)):
        assignment = round_[0][0]
        answers = {}
        for p in round_:
            answers.update(p[2])
        report = grade_text(submission_text(assignment, answers), workdir, f"nota{index:03d}_{assignment}")
        for _, text, a, meaning in round_:
            (name,) = a
            for item in _find_item(report, name):
                refused = item.status == "invalid" or bool(REFUSAL.search(_own_line(item.feedback, name)))
                kind = "accepted" if item.status == "passed" else ("refused" if refused else "other verdict")
                results[kind] += 1
                record = {"kind": "notation", "assignment": assignment, "item": item.id, "answer": name,
                          "written": text, "meaning": meaning, "status": item.status, "feedback": item.feedback}
                suggestion = None
                if refused:
                    m = re.search(r"a form that can be read: (.+)$", _own_line(item.feedback, name))
                    if m:
                        suggestion = m.group(1).strip()
                        record["suggestion"] = suggestion
                        followups.append((assignment, name, suggestion, text, meaning, item.id))
                    else:
                        results["refusal without suggestion"] += 1
                out.write(json.dumps(record) + "\n")
                if kind != "accepted" or verbose:
                    print(f"  [{kind}:{item.status}] {assignment} {name} {text!r} (means {meaning})\n    {item.feedback}")
                break
    # each suggestion fed back as the answer
    sugg_probes = [(a, sug, {name: _notation_value(a, name, sug)}, (orig, meaning, item_id))
                   for a, name, sug, orig, meaning, item_id in followups]
    for index, round_ in enumerate(pack(sugg_probes, by_item=True)):
        assignment = round_[0][0]
        answers = {}
        for p in round_:
            answers.update(p[2])
        report = grade_text(submission_text(assignment, answers), workdir, f"sugg{index:03d}_{assignment}")
        for _, sug, a, (orig, meaning, item_id) in round_:
            (name,) = a
            for item in _find_item(report, name):
                refused = item.status == "invalid" or bool(REFUSAL.search(_own_line(item.feedback, name)))
                key = ("suggestion parses and passes" if item.status == "passed"
                       else "suggestion refused again" if refused else "suggestion graded wrong")
                results[key] += 1
                out.write(json.dumps({"kind": "suggestion", "assignment": assignment, "item": item.id, "written": orig,
                                      "meaning": meaning, "suggestion": sug, "status": item.status,
                                      "feedback": item.feedback}) + "\n")
                print(f"  SUGGESTION [{key}] {assignment} {name}: {orig!r} -> {sug!r}: [{item.status}] {item.feedback}")
                break
    return results


def run_template(out) -> dict:
    """The student template (grader template) searched for each item's expected value in normal form."""
    from grader.template import render_template

    found = 0
    checked = 0
    for assignment in ASSIGNMENTS:
        rubric, expected, correct = expected_for(assignment)
        text = render_template(rubric)
        lines = text.splitlines()
        for item in rubric.items:
            value = expected.get(item.id)
            if value is None or value.problem is not None:
                continue
            checked += 1
            forms = set(normal_forms(value.value))
            if isinstance(value.value, list) and all(isinstance(v, str) for v in value.value):
                forms.add(repr(value.value[:4])[1:-1])  # the start of an ordered list of options
            if type(value.value).__name__ == "GraphQuantity":
                forms |= {correct[n] for n in item.answers if n in correct}
            for number, line in enumerate(lines, 1):
                hits = [f for f in forms if f and _leaks(line.replace('"', " ").replace("'", " "), {f})
                        or (len(f) > 6 and f in line)]
                if hits:
                    found += 1
                    out.write(json.dumps({"kind": "template", "assignment": assignment, "item": item.id,
                                          "line": number, "text": line, "forms": hits}) + "\n")
                    print(f"TEMPLATE {assignment} {item.id}: line {number}: {line.strip()}  <- {hits}")
    return {"items checked": checked, "template lines giving a key away": found}


SINGLE_KINDS = {"count", "expression", "big_o", "relation", "scalar", "ordered_choice", "matrix_expression",
                "comparator_network", "graph", "set", "vector", "matrix", "exact", "choice"}


def template_examples(text: str) -> list[str]:
    """Python literals shown as examples in the template's comments: quoted strings, lists after
    "e.g." / "such as", and bare numbers after "e.g."."""
    found: list[str] = []
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            continue
        for m in re.finditer(r'"([^"]+)"', line):
            found.append(repr(m.group(1)))
        for m in re.finditer(r"(?:e\.g\.|such as)\s+(\[[^#]*?\]\]?)(?=\s|$|\))", line):
            found.append(m.group(1))
        for m in re.finditer(r"e\.g\.\s+(-?\d+(?:\.\d+)?)\b", line):
            found.append(m.group(1))
    return list(dict.fromkeys(found))


def run_template_examples(workdir: Path, out) -> dict:
    """Every example the template shows is graded as the answer of every single-answer item: an
    example that PASSES an item is that item's answer printed in the student's own template."""
    from grader.template import render_template

    passes = 0
    tried = 0
    for assignment in ASSIGNMENTS:
        rubric = expected_for(assignment)[0]
        examples = template_examples(render_template(rubric))
        items = [item for item in rubric.items if item.kind in SINGLE_KINDS and len(item.answers) == 1]
        for index, example in enumerate(examples):
            answers = {item.answers[0]: example for item in items}
            report = grade_text(submission_text(assignment, answers), workdir, f"tmpl{index:03d}_{assignment}")
            tried += 1
            for item in report.items:
                if item.id in {i.id for i in items} and item.status == "passed":
                    passes += 1
                    out.write(json.dumps({"kind": "template-example", "assignment": assignment, "item": item.id,
                                          "example": example, "feedback": item.feedback}) + "\n")
                    print(f"TEMPLATE EXAMPLE PASSES {assignment} {item.id}: {example}  [{item.feedback[:80]}]")
    return {"template examples graded": tried, "examples that pass an item": passes}


def cross_scan(path: Path) -> int:
    """Feedback of one item searched for the keys of the OTHER items of its assignment (a backprop
    hint may print a forward formula that another item asks for).  Keys shorter than 6 characters
    once squashed are skipped (single names such as `x` are everywhere)."""
    hits = 0
    seen = set()
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if record.get("kind") not in ("leak", "function") or not record.get("feedback"):
            continue
        rubric, expected, correct = expected_for(record["assignment"])
        for item in rubric.items:
            if item.id == record["item"]:
                continue
            value = expected.get(item.id)
            if value is None or value.problem is not None:
                continue
            forms = {f for f in normal_forms(value.value) if len(re.sub(r"\s", "", f)) >= 6}
            if type(value.value).__name__ == "GraphQuantity":
                forms |= {correct[n] for n in item.answers if n in correct}
            # backticks kept as text: tests/test_feedback_rules.py drops everything in backticks as
            # "the student's own words", but the grader also backticks its own formulas
            found = _leaks(record["feedback"].replace("`", " "), forms)
            key = (record["assignment"], record["item"], item.id, tuple(sorted(found)))
            if found and key not in seen:
                seen.add(key)
                hits += 1
                print(f"CROSS {record['assignment']} feedback of {record['item']} {record['probes']} contains the key of "
                      f"{item.id}: {found}\n    {record['feedback'][:300]}")
    return hits


def main(argv: list[str]) -> None:
    which = argv[0] if argv and not argv[0].startswith("--") else "all"
    verbose = "--verbose" in argv
    outdir = Path(argv[argv.index("--out") + 1]) if "--out" in argv else Path(tempfile.gettempdir()) / "audit_feedback"
    outdir.mkdir(parents=True, exist_ok=True)
    summary = {}
    with tempfile.TemporaryDirectory(prefix="audit_feedback_") as tmp, \
            open(outdir / f"{which}.jsonl", "a" if which == "cross" else "w") as out:
        work = Path(tmp)
        if which in ("leaks", "all"):
            summary["leaks"] = run_leaks(work, out, verbose)
            out.flush()
            summary["cross-item"] = cross_scan(outdir / f"{which}.jsonl")
        if which == "cross":
            summary["cross-item"] = cross_scan(outdir / "leaks.jsonl")
        if which in ("template", "all"):
            summary["template"] = run_template(out)
            summary["template examples"] = run_template_examples(work, out)
        if which in ("notation", "all"):
            summary["notation"] = run_notation(work, out, verbose)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
