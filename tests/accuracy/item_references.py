"""The expected answer of every corpus item, recomputed from the handouts (seeds 000-004).

Nothing here comes from ``reference/`` or ``grader``: each formula is the handout's, written out
again, with the derivation in a comment.  The rubric TOML is read only for what it makes visible to
students and TAs: parameters, variants, partial-credit shares, known mistakes' credit.
"""

from __future__ import annotations

import functools
import random
from typing import Any, Callable

import numpy as np
import sympy as sp

from label import (Backprop, Entry, Label, MatrixSetting, ScalarDomain, _natural_points, credit_table, label_backprop,
                   label_big_o, label_comparators, label_matrix_expression, label_network, label_numeric,
                   label_relation, label_scalar, label_steps, label_graph, label_set, named_factors, nyu_forward, other_variants,
                   rubric_item, spring_forward, spring_terms, variant_parameters)

P = {name: sp.Symbol(name, positive=True) for name in ("m", "n", "d", "V", "N", "K", "D", "sigma")}
m, n, d, V, N, K, D, sigma = (P[k] for k in ("m", "n", "d", "V", "N", "K", "D", "sigma"))

COL, TOR, NYU = "columbia-nndl-hw1", "toronto-csc413-a1", "nyu-dl-hw1"
ITEM_LABELLERS: dict[tuple[str, str], Callable[[Entry], Label]] = {}


def single(entry: Entry) -> Any:
    names = rubric_item(entry.assignment, entry.item)["answers"]
    return entry.answers.get(names[0])


def register(assignment: str, item: str):
    def wrap(function):
        ITEM_LABELLERS[(assignment, item)] = function
        return function
    return wrap


# ================================================================== Columbia 1.3 / 1.3.1 costs
# Reverse mode for Z = H y1 y2^T (v, y1 in R^n, y2 in R^m): Y = y1 y2^T (nm products, nm stored),
# r = v^T Y (nm products, m stored), Z = v r (nm products, nm stored).
# Forward mode: H = v v^T (n^2, n^2 stored), H y1 (n^2, n stored), (H y1) y2^T (nm, nm stored).

MN = ScalarDomain(("m", "n"), _natural_points(("m", "n")))
ONLY_N = ScalarDomain(("n",), _natural_points(("n",)))
COUNTS = {
    "reverse-mode-multiplications": 3 * m * n,
    "reverse-mode-memory": 2 * m * n + m,
    "forward-mode-multiplications": 2 * n ** 2 + m * n,
    "forward-mode-memory": n ** 2 + n + m * n,
}
for _item, _expected in COUNTS.items():
    def _count(entry, expected=_expected):
        item = rubric_item(entry.assignment, entry.item)
        return label_scalar(single(entry), expected, MN, credit_table(item), named_factors(item), count=True)
    register(COL, _item)(_count)

# Hessian of 1/2 (v^T x)^2 is v v^T: n^2 products, n^2 entries.
BIG_O = [("hessian-multiplications", ONLY_N, n ** 2), ("hessian-memory", ONLY_N, n ** 2),
         ("reverse-mode-order", MN, m * n), ("forward-mode-order", MN, 2 * n ** 2 + m * n)]
for _item, _domain, _expected in BIG_O:
    def _big_o(entry, expected=_expected, domain=_domain):
        return label_big_o(single(entry), expected, domain, credit_table(rubric_item(entry.assignment, entry.item)))
    register(COL, _item)(_big_o)


@register(COL, "forward-mode-better")
def _forward_better(entry):
    # 2n^2 + mn < 3mn  <=>  2n^2 < 2mn  <=>  n < m
    return label_relation(single(entry), lambda p: p["n"] < p["m"], MN, credit_table(rubric_item(COL, entry.item)))


# ------------------------------------------------------------------ Columbia numbers


def _numeric(entry: Entry, compute: Callable[[dict], Any], mistakes: dict[str, Callable[[dict], Any]] | None = None,
             exact: bool = False) -> Label:
    item = rubric_item(entry.assignment, entry.item)
    parameters = variant_parameters(entry.assignment, entry.variant)
    alternatives = []
    credits = {mistake["name"]: mistake.get("credit", 0.0) for mistake in item.get("mistakes", [])}
    for name, function in (mistakes or {}).items():
        alternatives.append((name, function(parameters), credits.get(name, 0.0)))
    for other in other_variants(entry.assignment, entry.variant):
        value = compute(variant_parameters(entry.assignment, other))
        if not np.array_equal(np.asarray(value), np.asarray(compute(parameters))):
            alternatives.append(("other_variant", value, credit_table(item).get("other_variant", 0.0)))
    return label_numeric(single(entry), np.asarray(compute(parameters)), credit_table(item), alternatives, exact=exact)


def _vec(values):
    return np.array(values, dtype=float)


register(COL, "vhp-reverse-scalar")(lambda e: _numeric(e, lambda p: float(_vec(p["vhp_v"]) @ _vec(p["vhp_y"]))))
register(COL, "vhp-forward-hessian")(lambda e: _numeric(e, lambda p: np.outer(_vec(p["vhp_v"]), _vec(p["vhp_v"]))))
# z = v v^T y = v (v^T y)
register(COL, "vhp-z")(lambda e: _numeric(e, lambda p: _vec(p["vhp_v"]) * (_vec(p["vhp_v"]) @ _vec(p["vhp_y"]))))
register(COL, "hessian")(lambda e: _numeric(
    e, lambda p: np.outer(_vec(p["hessian_v"]), _vec(p["hessian_v"])),
    {"hessian_times_x": lambda p: np.outer(_vec(p["hessian_v"]), _vec(p["hessian_v"])) @ _vec(p["hessian_x"])}))


# ------------------------------------------------------------------ Columbia GloVe

GLOVE = ScalarDomain(("V", "d"), _natural_points(("V", "d")))


@register(COL, "glove-parameter-count")
def _glove_count(entry):
    # two d-vectors and two biases per word
    item = rubric_item(COL, entry.item)
    credits = {mk["name"]: mk["credit"] for mk in item.get("mistakes", [])}
    return label_scalar(single(entry), V * (2 * d + 2), GLOVE, credit_table(item), named_factors(item),
                        mistakes=[("biases_not_counted", 2 * V * d, credits.get("biases_not_counted", 0.0))])


GLOVE_SETTING = MatrixSetting(
    shapes={"w_i": ("d", 1), "W_tilde": ("V", "d"), "b_i": ("s", "s"), "b_tilde": ("V", 1), "logX_i": ("V", 1)},
    dims=[{"d": 3, "V": 5, "s": 1}, {"d": 4, "V": 7, "s": 1}],
)


def _residual(env):
    return env["W_tilde"] @ env["w_i"] + env["b_i"] + env["b_tilde"] - env["logX_i"]


def _glove_grad(expected):
    def labeller(entry):
        item = rubric_item(COL, entry.item)
        return label_matrix_expression(single(entry), expected, GLOVE_SETTING, credit_table(item), named_factors(item))
    return labeller


# L = sum_j (w_i^T w~_j + b_i + b~_j - log X_ij)^2: dL/dw_i = 2 sum_j r_j w~_j = 2 W~^T r; dL/db_i = 2 sum_j r_j
register(COL, "glove-gradient-w")(_glove_grad(lambda env: 2 * env["W_tilde"].T @ _residual(env)))
register(COL, "glove-gradient-b")(lambda entry: _glove_grad(lambda env: np.array([[2 * _residual(env).sum()]]))(entry))


# ------------------------------------------------------------------ Columbia 1.2 backward pass (spring)

SPRING_NAMES = {"a1": "a1", "c1": "c1", "a2": "a2", "c2": "c2"}
TORONTO_NAMES = {"a1": "z1", "c1": "h1", "a2": "z2", "c2": "h2"}


def _spring_setting(names):
    shapes = {"x": ("D", 1), "t": ("K", 1), "W1": ("H", "D"), "b1": ("H", 1), "W2": ("H", "D"), "b2": ("H", 1),
              "W3": ("K", "H"), "W4": ("K", "D")}
    return MatrixSetting(shapes=shapes, dims=[{"D": 3, "H": 4, "K": 5}, {"D": 6, "H": 2, "K": 3}],
                         derived=lambda env: spring_forward(env, names), distributions={"t": "one_hot"})


def _spring_backprop(names, answer_order, item):
    options = item.get("options", {})
    return Backprop(setting=_spring_setting(names), order=answer_order,
                    forward_nodes=[names["a1"], names["c1"], names["a2"], names["c2"], "g", "y", "y_prime"],
                    terms=spring_terms(names), chain_target="x_bar", chain_weight=options.get("chain_weight", 1.0),
                    step_credit=options.get("step_credit", {}))


@register(COL, "backward-pass")
def _columbia_backward(entry):
    item = rubric_item(COL, entry.item)
    return label_backprop(entry.answers, _spring_backprop(SPRING_NAMES, item["answers"], item))


@register(TOR, "2.1.2-backward")
def _toronto_backward(entry):
    item = rubric_item(TOR, entry.item)
    return label_backprop(entry.answers, _spring_backprop(TORONTO_NAMES, item["answers"], item))


# ------------------------------------------------------------------ Columbia 1.1 networks

LAYERS_11 = [("W1", "b1", "phi1"), ("w2", "b2", "phi2")]


@register(COL, "hard-coded-network")
def _kth(entry):
    item = rubric_item(COL, entry.item)
    answers = dict(entry.answers)
    answers["w2"] = [answers["w2"]] if not isinstance(answers["w2"][0], list) else answers["w2"]
    answers["b2"] = [answers["b2"]] if not isinstance(answers["b2"], list) else answers["b2"]
    credits = {mk["name"]: mk["credit"] for mk in item.get("mistakes", [])}
    return label_network(answers, LAYERS_11, "kth_largest", item["options"]["hard_threshold"], credit_table(item),
                         mistakes=[("answers_superincreasing", "superincreasing", credits.get("answers_superincreasing", 0))],
                         wrong_k=["kth_largest_1", "kth_largest_3", "kth_largest_4"])


@register(COL, "hard-coded-network-superincreasing")
def _superincreasing(entry):
    item = rubric_item(COL, entry.item)
    answers = dict(entry.answers)
    answers["w2"] = [answers["w2"]] if not isinstance(answers["w2"][0], list) else answers["w2"]
    answers["b2"] = [answers["b2"]] if not isinstance(answers["b2"], list) else answers["b2"]
    credits = {mk["name"]: mk["credit"] for mk in item.get("mistakes", [])}
    return label_network(answers, LAYERS_11, "superincreasing", item["options"]["hard_threshold"], credit_table(item),
                         mistakes=[("answers_kth_largest", "kth_largest", credits.get("answers_kth_largest", 0))])


# ================================================================== Toronto

def _toronto_matrix(expected, dims, shapes=None):
    shapes = shapes or {"X": ("n", "d"), "w": ("d", 1), "t": ("n", 1)}

    def labeller(entry):
        item = rubric_item(TOR, entry.item)
        setting = MatrixSetting(shapes=shapes, dims=dims)
        return label_matrix_expression(single(entry), expected, setting, credit_table(item), named_factors(item))
    return labeller


# (1/n)||Xw - t||^2 -> (2/n) X^T (X w - t)
register(TOR, "1.1-gradient")(_toronto_matrix(lambda e: 2 / e["n"] * e["X"].T @ (e["X"] @ e["w"] - e["t"]),
                                              [{"n": 7, "d": 3}, {"n": 11, "d": 2}]))
# n > d: the normal equations X^T X w = X^T t
register(TOR, "1.2.1-solution")(_toronto_matrix(lambda e: np.linalg.solve(e["X"].T @ e["X"], e["X"].T @ e["t"]),
                                                [{"n": 6, "d": 3}, {"n": 8, "d": 2}]))
# d > n from w = 0: iterates stay X^T a, so w = X^T (X X^T)^-1 t
register(TOR, "1.3.2-solution")(_toronto_matrix(lambda e: e["X"].T @ np.linalg.solve(e["X"] @ e["X"].T, e["t"]),
                                                [{"n": 3, "d": 6}, {"n": 2, "d": 7}]))

UNDER = ScalarDomain(("sigma", "n", "d"), _natural_points(("n", "d"), lambda p: p["n"] > p["d"],
                                                          extra={"sigma": [sp.Rational(1, 2), 1, 2, 3, sp.Rational(7, 3)]}))
OVER = ScalarDomain(("sigma", "n", "d"), _natural_points(("n", "d"), lambda p: p["d"] > p["n"],
                                                         extra={"sigma": [sp.Rational(1, 2), 1, 2, 3, sp.Rational(7, 3)]}))


@register(TOR, "1.2.2-expected-loss")
def _under_loss(entry):
    # E||(I - H) eps||^2 / n = sigma^2 tr(I - H) / n = sigma^2 (n - d) / n
    item = rubric_item(TOR, entry.item)
    return label_scalar(single(entry), sigma ** 2 * (1 - d / n), UNDER, credit_table(item), named_factors(item))


@register(TOR, "1.3.3-expected-loss")
def _over_loss(entry):
    # d > n: the minimum-norm solution interpolates, the training loss is 0
    item = rubric_item(TOR, entry.item)
    return label_scalar(single(entry), sp.Integer(0), OVER, credit_table(item), named_factors(item))


@functools.lru_cache(maxsize=None)
def _line_points():
    rng = random.Random(3)
    points = []
    for _ in range(40):
        w1 = sp.Rational(rng.randint(-40, 40), rng.randint(1, 6))
        points.append({"w1": w1, "w2": 3 - w1})                     # on the line
        points.append({"w1": w1, "w2": sp.Rational(rng.randint(-40, 40), rng.randint(1, 6))})
    return points


LINE = ScalarDomain(("w1", "w2"), _line_points)


@register(TOR, "1.3.1-line")
def _line(entry):
    # minimisers of (w^T x1 - t1)^2 with x1 = [1, 1], t1 = 3: w1 + w2 = 3
    return label_relation(single(entry), lambda p: p["w1"] + p["w2"] == 3, LINE, credit_table(rubric_item(TOR, entry.item)))


def _gradient_norm_values(p):
    W1, W2, x, y_bar = (np.array(p[k], dtype=float) for k in ("gn_W1", "gn_W2", "gn_x", "gn_y_bar"))
    z = W1 @ x
    h = np.maximum(z, 0)
    z_bar = (W2.T @ y_bar) * (z > 0)
    return {"dW1": np.outer(z_bar, x), "dW2": np.outer(y_bar, h), "x": x, "z_bar": z_bar, "y_bar": y_bar, "h": h}


register(TOR, "2.2.1-jacobian-W1")(lambda e: _numeric(e, lambda p: _gradient_norm_values(p)["dW1"],
                                                       {"numerator_layout": lambda p: _gradient_norm_values(p)["dW1"].T}))
register(TOR, "2.2.1-jacobian-W2")(lambda e: _numeric(e, lambda p: _gradient_norm_values(p)["dW2"],
                                                       {"numerator_layout": lambda p: _gradient_norm_values(p)["dW2"].T}))
register(TOR, "2.2.1-norm-W1")(lambda e: _numeric(e, lambda p: float((_gradient_norm_values(p)["dW1"] ** 2).sum()), exact=True))
register(TOR, "2.2.1-norm-W2")(lambda e: _numeric(e, lambda p: float((_gradient_norm_values(p)["dW2"] ** 2).sum()), exact=True))
register(TOR, "2.2.2-factors-W1")(lambda e: _numeric(e, lambda p: [_gradient_norm_values(p)["x"] @ _gradient_norm_values(p)["x"],
                                                                    _gradient_norm_values(p)["z_bar"] @ _gradient_norm_values(p)["z_bar"]], exact=True))
register(TOR, "2.2.2-factors-W2")(lambda e: _numeric(e, lambda p: [_gradient_norm_values(p)["y_bar"] @ _gradient_norm_values(p)["y_bar"],
                                                                    _gradient_norm_values(p)["h"] @ _gradient_norm_values(p)["h"]], exact=True))

# 2.2.3, per layer (K layers of D x D) and example (N): a D x D matrix-vector product is D^2 products,
# an outer product D^2, a squared norm of a D-vector D.  Naive backward forms every per-example
# gradient (error D^2 + outer product D^2); the efficient norm is ||x||^2 ||z_bar||^2 per layer: 2D + 1.
NKD = ScalarDomain(("N", "K", "D"), _natural_points(("N", "K", "D")))
TABLE_T = {"2.2.3-forward-T-naive": N * K * D ** 2, "2.2.3-forward-T-efficient": N * K * D ** 2,
           "2.2.3-backward-T-naive": 2 * N * K * D ** 2, "2.2.3-backward-T-efficient": N * K * D ** 2,
           "2.2.3-norm-T-naive": N * K * D ** 2, "2.2.3-norm-T-efficient": (2 * D + 1) * N * K}
TABLE_M = {"2.2.3-forward-M-naive": K * D ** 2 + N * K * D, "2.2.3-backward-M-naive": N * K * D ** 2,
           "2.2.3-norm-M-efficient": N * K * D}
for _item, _expected in TABLE_T.items():
    def _table_t(entry, expected=_expected):
        item = rubric_item(TOR, entry.item)
        return label_scalar(single(entry), expected, NKD, credit_table(item), named_factors(item), count=True)
    register(TOR, _item)(_table_t)
for _item, _expected in TABLE_M.items():
    register(TOR, _item)(lambda entry, expected=_expected: label_big_o(single(entry), expected, NKD,
                                                                        credit_table(rubric_item(TOR, entry.item))))


def _layers(entry, names):
    return {k: v for k, v in entry.answers.items()}


@register(TOR, "3.1-sort2")
def _sort2(entry):
    item = rubric_item(TOR, entry.item)
    layers = [("sort2_W1", "sort2_b1", "sort2_phi1"), ("sort2_W2", "sort2_b2", "sort2_phi2")]
    return label_network(entry.answers, layers, "sort2", "I(z>0)", credit_table(item),
                         layouts=tuple(item["options"].get("layouts", ("unit_rows",))))


@register(TOR, "3.2-sorting-network")
def _comparators(entry):
    return label_comparators(single(entry), credit_table(rubric_item(TOR, entry.item)))


@register(TOR, "3.3-kth-smallest")
def _kth_of_sorted(entry):
    return label_network(entry.answers, [("W3", None, "identity")], "kth_of_sorted", "I(z>0)",
                         credit_table(rubric_item(TOR, entry.item)))


@register(TOR, "3.4-counting-network")
def _rank(entry):
    answers = dict(entry.answers)
    answers["count_w2"] = [answers["count_w2"]] if not isinstance(answers["count_w2"][0], list) else answers["count_w2"]
    answers["count_b2"] = [answers["count_b2"]] if not isinstance(answers["count_b2"], list) else answers["count_b2"]
    layers = [("count_W1", "count_b1", "count_phi1"), ("count_w2", "count_b2", "count_phi2")]
    return label_network(answers, layers, "rank_of_first", "I(z>0)", credit_table(rubric_item(TOR, entry.item)))


@register(TOR, "3.4-selector")
def _selector(entry):
    return label_network(entry.answers, [("select_W", "select_b", "select_phi")], "rank_selector", "I(z>0)",
                         credit_table(rubric_item(TOR, entry.item)))


# ================================================================== NYU

NYU_SHAPES = {"x": ("D", 1), "y": ("K", 1), "W1": ("H", "D"), "b1": ("H", 1), "W2": ("K", "H"), "b2": ("K", 1)}
NYU_DIMS = [{"D": 3, "H": 4, "K": 2}, {"D": 5, "H": 3, "K": 4}]


def _sig(v):
    return 1 / (1 + np.exp(-v))


def _relu_nodes(env):
    z1 = env["W1"] @ env["x"] + env["b1"]
    z2 = 5 * np.maximum(z1, 0)
    z3 = env["W2"] @ z2 + env["b2"]
    return {"z1": z1, "z2": z2, "z3": z3, "y_hat": z3}


def _tanh_nodes(env):
    z1 = env["W1"] @ env["x"] + env["b1"]
    z2 = np.tanh(z1)
    z3 = env["W2"] @ z2 + env["b2"]
    return {"z1": z1, "z2": z2, "z3": z3, "y_hat": _sig(z3)}


def _nyu(expected, nodes=None, binary=False, with_nodes=False):
    def labeller(entry):
        item = rubric_item(NYU, entry.item)
        derived = nodes if with_nodes else (lambda env: {})
        setting = MatrixSetting(shapes=NYU_SHAPES, dims=NYU_DIMS, derived=derived,
                                distributions={"y": "binary"} if binary else {})
        full = lambda env: expected({**env, **nodes(env)})
        return label_matrix_expression(single(entry), full, setting, credit_table(item), named_factors(item))
    return labeller


register(NYU, "1.2-z1")(_nyu(lambda e: e["z1"], _relu_nodes))
register(NYU, "1.2-z2")(_nyu(lambda e: e["z2"], _relu_nodes))
register(NYU, "1.2-z3")(_nyu(lambda e: e["z3"], _relu_nodes))
register(NYU, "1.2-y-hat")(_nyu(lambda e: e["y_hat"], _relu_nodes))
register(NYU, "1.2-loss")(_nyu(lambda e: np.array([[((e["y_hat"] - e["y"]) ** 2).sum()]]), _relu_nodes))
register(NYU, "1.4-dz2-dz1")(_nyu(lambda e: 5 * np.diagflat(e["z1"] > 0), _relu_nodes, with_nodes=True))
register(NYU, "1.4-dyhat-dz3")(_nyu(lambda e: np.eye(e["K"]), _relu_nodes, with_nodes=True))
register(NYU, "1.4-dl-dyhat")(_nyu(lambda e: 2 * (e["y_hat"] - e["y"]).T, _relu_nodes, with_nodes=True))
register(NYU, "2.1-z2")(_nyu(lambda e: e["z2"], _tanh_nodes))
register(NYU, "2.1-y-hat")(_nyu(lambda e: e["y_hat"], _tanh_nodes))
register(NYU, "2.1-dz2-dz1")(_nyu(lambda e: np.diagflat(1 - np.tanh(e["z1"]) ** 2), _tanh_nodes, with_nodes=True))
register(NYU, "2.1-dyhat-dz3")(_nyu(lambda e: np.diagflat(_sig(e["z3"]) * (1 - _sig(e["z3"]))), _tanh_nodes, with_nodes=True))
register(NYU, "2.1-dl-dyhat")(_nyu(lambda e: 2 * (e["y_hat"] - e["y"]).T, _tanh_nodes, with_nodes=True))
# l = (1/K) sum -[y log y_hat + (1 - y) log(1 - y_hat)]: dl/dy_hat_i = (1/K) ((1 - y_i)/(1 - y_hat_i) - y_i/y_hat_i)
register(NYU, "2.2-bce-gradient")(_nyu(lambda e: (((1 - e["y"]) / (1 - e["y_hat"]) - e["y"] / e["y_hat"]) / e["K"]).T,
                                       _tanh_nodes, binary=True, with_nodes=True))


@register(NYU, "1.3-gradients")
def _nyu_backward(entry):
    item = rubric_item(NYU, entry.item)
    options = item.get("options", {})
    setting = MatrixSetting(shapes=NYU_SHAPES, dims=NYU_DIMS, derived=nyu_forward)
    spec = Backprop(setting=setting, order=item["answers"], forward_nodes=["z1", "z2", "z3", "y_hat"], terms={},
                    chain_target=None, chain_weight=options.get("chain_weight", 1.0), step_credit=options.get("step_credit", {}),
                    given_adjoints=options.get("given_adjoints"))
    return label_backprop(entry.answers, spec)


@register(NYU, "1.1-steps")
def _steps(entry):
    aliases = rubric_item(NYU, entry.item)["options"]["aliases"]
    return label_steps(single(entry), {k.lower(): v for k, v in aliases.items()})


# ------------------------------------------------------------------ NYU 2.1 / 2.2, written out in the inputs
# z3 = W2 tanh(W1 x + b1) + b2, y_hat = sigmoid(z3); MSE sum (y_hat - y)^2; BCE -(1/K) sum [y log y_hat +
# (1 - y) log(1 - y_hat)]; dl/dz3 = dl/dy_hat diag(y_hat (1 - y_hat)) = (y_hat - y)^T / K (a row).
register(NYU, "2.1-z3")(_nyu(lambda e: e["z3"], _tanh_nodes))
register(NYU, "2.1-loss")(_nyu(lambda e: np.array([[((e["y_hat"] - e["y"]) ** 2).sum()]]), _tanh_nodes))
register(NYU, "2.2-bce-loss")(_nyu(lambda e: np.array([[-(e["y"] * np.log(e["y_hat"]) + (1 - e["y"]) * np.log(1 - e["y_hat"])).sum() / e["K"]]]),
                                   _tanh_nodes, binary=True))
register(NYU, "2.2-dl-dz3")(_nyu(lambda e: ((e["y_hat"] - e["y"]) / e["K"]).T, _tanh_nodes, binary=True, with_nodes=True))


# ------------------------------------------------------------------ computation graphs (weights and biases optional)

def _spring_graph(a1, c1, a2, c2):
    # a1 = W1 x + b1, c1 = ReLU(a1), a2 = W2 x + b2, c2 = sigmoid(a2), g = c1 * c2, y = W3 g + W4 x,
    # y' = softmax(y), S = sum_k I(t = k) log y'_k, J = -S
    return {("x", a1), (a1, c1), ("x", a2), (a2, c2), (c1, "g"), (c2, "g"), ("g", "y"), ("x", "y"),
            ("y", "y_prime"), ("y_prime", "S"), ("t", "S"), ("S", "J")}


def _graph_scoring(entry) -> tuple[str, float]:
    options = rubric_item(entry.assignment, entry.item).get("options", {})
    return options.get("scoring", "per_edge"), float(options.get("extra_penalty", 1.0))


PARAMETER_NODES = {"W1", "b1", "W2", "b2", "W3", "W4", "Wg", "bg"}


@register(COL, "computation-graph")
def _columbia_graph(entry):
    if entry.variant is not None:
        raise KeyError(f"{entry.id}: the graph labeller knows the spring network only")
    return label_graph(single(entry), _spring_graph("a1", "c1", "a2", "c2"), PARAMETER_NODES, *_graph_scoring(entry))


@register(TOR, "2.1.1-graph")
def _toronto_graph(entry):
    return label_graph(single(entry), _spring_graph("z1", "h1", "z2", "h2"), PARAMETER_NODES, *_graph_scoring(entry))


@register(NYU, "3.2-graph")
def _nyu_graph(entry):
    # a = x * y + z, b = (x + x) * a, w = a * b
    return label_graph(single(entry), {("x", "a"), ("y", "a"), ("z", "a"), ("x", "b"), ("a", "b"), ("a", "w"), ("b", "w")},
                       frozenset(), *_graph_scoring(entry))


@register(NYU, "3.4-linear-map-types")
def _linear_maps(entry):
    # seed 004: reflection, rotation, projection, dilation (scaling); shearing is linear too; translation is not
    item = rubric_item(NYU, entry.item)
    options = item["options"]
    aliases = {k.lower(): v for k, v in options.get("aliases", {}).items()}
    return label_set(single(entry), {"rotation", "reflection", "scaling", "shearing", "projection"}, aliases,
                     options.get("choose", 4), options.get("partial", False))
