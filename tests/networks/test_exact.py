"""Region analysis: exact verdicts, cross-checked against an independent brute force."""

import itertools
import random
from fractions import Fraction as Q

import pytest

from grader.networks.activations import CATALOGUE
from grader.networks.exact import RegionAnalysis
from grader.networks.model import Layer, LayerSpec, Network, build_network
from grader.networks.polyhedra import Cell, Form
from grader.networks.search import best_counterexample, simplest_between
from grader.networks import tasks
from nn_reference import networks as R

# semantics written independently of the piecewise-linear machinery
SEMANTICS = {
    "I(z>0)": lambda z: Q(int(z > 0)),
    "I(z>=0)": lambda z: Q(int(z >= 0)),
    "I(z<0)": lambda z: Q(int(z < 0)),
    "I(z<=0)": lambda z: Q(int(z <= 0)),
    "indicator": lambda z: Q(int(-1 <= z <= 1)),
    "identity": lambda z: z,
    "relu": lambda z: max(z, Q(0)),
    "abs": lambda z: abs(z),
}


def forward(layers, x):
    """Independent forward pass: layers = [(W, b, activation name)]."""
    values = [Q(v) for v in x]
    for w, b, name in layers:
        values = [SEMANTICS[name](sum(Q(wij) * v for wij, v in zip(row, values)) + Q(bi)) for row, bi in zip(w, b)]
    return tuple(values)


def as_network(layers, n):
    return Network(tuple(Layer(tuple(tuple(Q(v) for v in row) for row in w), tuple(Q(v) for v in b),
                               (CATALOGUE[name],) * len(w)) for w, b, name in layers), n)


def grid(n, domain):
    values = [Q(v, 2) for v in range(-6, 7)]
    for x in itertools.product(values, repeat=n):
        if domain.contains(x):
            yield x


TARGETS = {
    "kth": lambda n, k: (lambda x: (Q(int(sorted(x, reverse=True)[k - 1] == x[0])),)),
    "rank": lambda n, k: (lambda x: (Q(1 + sum(v < x[0] for v in x[1:])),)),
    "superincreasing": lambda n, k: (lambda x: (Q(int(all(x[i] > sum(x[:i]) for i in range(1, n)))),)),
}
MIRROR = {"I(z>0)": "I(z<0)", "I(z>=0)": "I(z<=0)"}


def random_case(rng):
    """A correct design, then random mutations: about half stay correct, the rest break in realistic ways."""
    n = rng.choice([2, 3, 3])
    k = rng.randint(1, n)
    which = rng.choice(["kth", "rank", "superincreasing"])
    if which == "kth":
        d = R.design_kth_largest(n, k)
        task = tasks.kth_largest(n, k, positive=rng.random() < 0.3)
    elif which == "rank":
        d = R.design_rank_of_first(n)
        task = tasks.rank_of_first(n, positive=rng.random() < 0.5)
    else:
        d = R.design_superincreasing(n)
        task = tasks.superincreasing(n)
    w1 = [[Q(v) for v in row] for row in d["W1"]]
    b1 = [Q(v) for v in d["b1"]]
    a1 = [d["phi1"]] * len(w1)
    w2 = [Q(v) for v in d["w2"]]
    b2 = Q(d["b2"])
    a2 = d["phi2"]
    for _ in range(rng.randint(0, 2)):
        move = rng.choice(["scale", "convention", "mirror", "bias1", "bias2", "weight2", "scale_out"])
        u = rng.randrange(len(w1))
        if move == "scale":
            factor = rng.choice([Q(2), Q(1, 2), Q(3)])
            w1[u] = [v * factor for v in w1[u]]
            b1[u] *= factor
        elif move == "convention" and a1[u] in ("I(z>0)", "I(z>=0)"):
            a1[u] = "I(z>=0)" if a1[u] == "I(z>0)" else "I(z>0)"
        elif move == "mirror" and a1[u] in MIRROR:
            w1[u] = [-v for v in w1[u]]
            b1[u] = -b1[u]
            a1[u] = MIRROR[a1[u]]
        elif move == "bias1":
            b1[u] += rng.choice([Q(1, 2), Q(-1, 2), Q(1), Q(-1)])
        elif move == "bias2":
            b2 += rng.choice([Q(1, 2), Q(-1, 2), Q(1), Q(-1)])
        elif move == "weight2":
            w2[u] += rng.choice([Q(1), Q(-1)])
        elif move == "scale_out" and a2 == "identity":
            w2 = [2 * v for v in w2]
    hidden = [([row], [b], a) for row, b, a in zip(w1, b1, a1)]
    return hidden, (w2, b2, a2), task, TARGETS[which](n, k)


def build_case(hidden, output, n):
    units = [Layer(tuple(tuple(r) for r in w), tuple(b), (CATALOGUE[a],)) for w, b, a in hidden]
    first = Layer(tuple(u.weights[0] for u in units), tuple(u.bias[0] for u in units),
                  tuple(u.activations[0] for u in units))
    w2, b2, a2 = output
    second = Layer((tuple(w2),), (b2,), (CATALOGUE[a2],))
    return Network((first, second), n)


def forward_case(hidden, output, x):
    h = [forward([(w, b, a)], x)[0] for w, b, a in hidden]
    w2, b2, a2 = output
    return forward([([w2], [b2], a2)], h)


@pytest.mark.parametrize("seed", range(120))
def test_random_networks_agree_with_brute_force(seed):
    rng = random.Random(seed)
    hidden, output, task, target = random_case(rng)
    network = build_case(hidden, output, task.n_inputs)
    analysis = RegionAnalysis(network, task).run()
    brute = next((x for x in grid(task.n_inputs, task.domain) if forward_case(hidden, output, x) != target(x)), None)
    if analysis.correct:
        assert brute is None, f"exact analysis says correct, but {brute} fails"
    else:
        example = best_counterexample(network, task, analysis.failing)
        assert example is not None
        # re-checked independently: in the domain, and really different
        assert task.domain.contains(example.x)
        assert forward_case(hidden, output, example.x) == example.output != target(example.x) == example.expected


def test_correct_designs_found_correct_for_other_n_and_k():
    for n, k in [(3, 1), (4, 2), (4, 4), (5, 3)]:
        design = R.design_kth_largest(n, k)
        layers = [(design["W1"], design["b1"], "I(z>0)"), ([design["w2"]], [design["b2"]], "indicator")]
        assert RegionAnalysis(as_network(layers, n), tasks.kth_largest(n, k)).run().correct
        other = tasks.kth_largest(n, k % n + 1)
        assert not RegionAnalysis(as_network(layers, n), other).run().correct


def test_boundary_cells_are_examined():
    # h = I(x2 - x1 >= 0) differs from the target 'x2 > x1' only on the hyperplane x1 == x2
    layers = [([[-1, 1]], [0], "I(z>=0)")]
    net = as_network(layers, 2)
    ties = tasks.Domain(2)
    task = tasks.NetworkTask("gt", "x2 > x1", 2, 1, ties, lambda x: (Q(int(x[1] > x[0])),),
                             splits=(Form((Q(-1), Q(1)), Q(0)),), piecewise_constant=True, boolean=True)
    analysis = RegionAnalysis(net, task).run()
    assert not analysis.correct
    (leaf,) = analysis.failing
    assert leaf.cell.dimension == 1  # the failure lives on the line x1 == x2 only
    distinct = tasks.NetworkTask("gt", "x2 > x1", 2, 1, tasks.Domain(2, distinct=True), task.target,
                                 splits=task.splits, piecewise_constant=True, boolean=True)
    assert RegionAnalysis(net, distinct).run().correct


def test_simplex_ranges():
    x = [Form.coordinate(3, j) for j in range(3)]
    cell = Cell(3, {}, [x[0], x[1].plus(x[0].times(Q(-1))), x[2].plus(x[1].times(Q(-1))),
                        Form((Q(0), Q(0), Q(-1)), Q(10))], (Q(1), Q(2), Q(3)))
    rng = cell.range_of(x[0].plus(x[1]).plus(x[2].times(Q(-1))))
    assert (rng.low, rng.high) == (-10, 10)
    unbounded = Cell(3, {}, cell.ineqs[:3], cell.point).range_of(x[2])
    assert unbounded.low == 0 and unbounded.high is None


@pytest.mark.parametrize("lo, hi, expected", [
    (Q(999, 1000), Q(1), Q(1000, 1001)), (Q(1, 3), Q(1, 2), Q(2, 5)), (Q(2), Q(3), Q(5, 2)),
    (Q(-1, 2), Q(1, 2), Q(0)), (Q(7, 2), None, Q(4)), (None, Q(-3), Q(-4)),
])
def test_simplest_fraction_between(lo, hi, expected):
    assert simplest_between(lo, hi) == expected


def test_build_network_leniency_and_strictness():
    specs = [LayerSpec("W1", "b1", "phi1", units=3), LayerSpec("w2", "b2", "phi2", units=1)]
    design = R.design_superincreasing()
    for w2 in ([1, 1, 1], [[1, 1, 1]], [[1], [1], [1]]):
        for b2 in (-3.5, [-3.5], [[-3.5]]):
            net = build_network({**design, "w2": w2, "b2": b2}, specs, 4).network
            assert net.layers[1].weights == ((1, 1, 1),) and net.layers[1].bias == (Q(-7, 2),)
    built = build_network({**design, "W1": [list(c) for c in zip(*design["W1"])]}, specs, 4)
    assert built.network.transposed == ("W1",)
    assert build_network({**design, "b1": [0.001, 0, 0]}, specs, 4).network.layers[0].bias[0] == Q(1, 1000)


def test_integer_domain_ignores_failures_between_integers():
    from grader.networks.decide import clear_cache, decide

    clear_cache()
    specs = [LayerSpec("W1", "b1", "phi1", units=3), LayerSpec("w2", "b2", "phi2", units=1)]
    answers = {**R.design_superincreasing(), "b1": [Q(1, 1000), 0, 0]}  # accepts x1 - 1/1000 < x2 < x1
    net = build_network(answers, specs, 4).network
    assert not decide(net, tasks.superincreasing(4)).correct
    assert decide(net, tasks.superincreasing(4, integers=True)).correct
    assert decide(build_network({**answers, "b1": [1, 0, 0]}, specs, 4).network,
                  tasks.superincreasing(4, integers=True)).correct  # x2 > x1 - 1 means x2 >= x1 for integers
    wrong = build_network({**answers, "b1": [2, 0, 0]}, specs, 4).network  # accepts x2 == x1 - 1
    decision = decide(wrong, tasks.superincreasing(4, integers=True))
    assert not decision.correct and all(v.denominator == 1 for v in decision.counterexample.x)
