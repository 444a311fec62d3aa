"""Named diagnoses for a wrong network: what kind of slip explains the failure.

Every check is run and every verified diagnosis kept; the rubric's credit picks the best one.

Each diagnosis is *verified*, not guessed: the suspected slip is repaired in a
copy of the student's network and the copy is decided exactly again.  Only if
the repaired network is correct on the whole domain is the code reported.

Codes (the rubric's ``partial_credit`` maps them to a share of the points):

``wrong_threshold_convention``  I(z>0) where I(z>=0) is needed or vice versa (ties
                                decided on the wrong side); swapping fixes it.
``indicator_closed_interval``   a pre-activation lands exactly on -1 or 1, which the
                                closed indicator accepts; an open interval fixes it.
``bias_off``                    one bias a hair away from a value that works
                                (e.g. 0.001 instead of 0), or the single output unit's
                                bias off (another multiple of 1/2 in [-8, 8] works).
``outputs_swapped``             the right outputs in the wrong order.
``sign_flip``                   some outputs have the wrong sign.
``wrong_order_and_sign``        both (Sort_2 giving (max, -min)).
``inverted_output``             a 0/1 output that is exactly the opposite.
``wrong_k``                     the network solves the same question for another k.
``transposed``                  correct once some square weight matrices are transposed (one
                                column per unit where one row per unit is read); a
                                non-square one that only fits transposed is flagged
                                when the network is built (``Network.transposed``).
``hidden_layer_ok_output_wrong`` the last hidden layer separates the inputs correctly
                                (the target is a function of its 0/1 outputs), the
                                output layer combines them wrongly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction

from .activations import CATALOGUE
from .exact import MAX_REGIONS, Analysis, RegionAnalysis, TooManyRegions
from .model import Layer, Network
from .tasks import NetworkTask

Q = Fraction

_SWAP = {"I(z>0)": "I(z>=0)", "I(z>=0)": "I(z>0)", "I(z<0)": "I(z<=0)", "I(z<=0)": "I(z<0)"}


@dataclass
class Diagnosis:
    code: str
    message: str
    evidence: dict = field(default_factory=dict)


def is_correct(network: Network, task: NetworkTask) -> bool:
    """Exact decision for a repaired copy (finite domains point by point)."""
    if task.domain.points is not None:
        return all(network.trace(x).output == task.target(x) for x in task.domain.points)
    if not network.is_exact:
        return False
    try:
        return RegionAnalysis(network, task, stop_after_failures=1, max_leaves=MAX_REGIONS).run().correct
    except TooManyRegions:
        return False


def diagnose(network: Network, task: NetworkTask, analysis: Analysis | None, *, try_k: bool = True) -> list[Diagnosis]:
    """Every verified diagnosis, in the order of the checks.

    All are kept (not only the first found): one slip may be repaired by several single fixes
    (an output bias that is off is also the network for another k), and the rubric's credit
    decides which one the answer earns: the best single verified fix wins
    (:func:`grader.grading.best_verified_diagnosis`).
    """
    found: list[Diagnosis] = []
    for check in (_threshold_convention, _closed_indicator, _bias_off, _output_map, _transposed, _wrong_k, _hidden_ok):
        if check is _wrong_k and not try_k:
            continue
        if check is _hidden_ok:
            result = check(network, task, analysis)
        else:
            result = check(network, task)
        if result is not None:
            found.append(result)
    return found


def _swap_layers(network: Network, mapping: dict, layers) -> Network | None:
    changed = False
    for index in layers:
        layer = network.layers[index]
        acts = []
        for act in layer.activations:
            if act.name in mapping:
                acts.append(CATALOGUE[mapping[act.name]])
                changed = True
            else:
                acts.append(act)
        network = network.with_activations(index, acts)
    return network if changed else None


def _threshold_convention(network: Network, task: NetworkTask) -> Diagnosis | None:
    count = len(network.layers)
    for layers in [[i] for i in range(count)] + ([list(range(count))] if count > 1 else []):
        repaired = _swap_layers(network, _SWAP, layers)
        if repaired is not None and is_correct(repaired, task):
            names = sorted({a.name for i in layers for a in network.layers[i].activations if a.name in _SWAP})
            where = ", ".join(f"layer {i + 1}" for i in layers)
            return Diagnosis(
                "wrong_threshold_convention",
                f"Your thresholds in {where} decide ties (pre-activation exactly 0) on the wrong side: "
                f"check whether {', '.join(names)} should include z = 0 or not.",
                {"layers": [i + 1 for i in layers]})
    return None


def _closed_indicator(network: Network, task: NetworkTask) -> Diagnosis | None:
    layers = [i for i, layer in enumerate(network.layers) if any(a.name == "indicator" for a in layer.activations)]
    if not layers:
        return None
    repaired = _swap_layers(network, {"indicator": "open_indicator"}, layers)
    if repaired is not None and is_correct(repaired, task):
        return Diagnosis(
            "indicator_closed_interval",
            "The indicator I(z in [-1, 1]) includes both ends: for some inputs your pre-activation is exactly "
            "-1 or 1 and the unit fires although it should not. Check which indicator the design needs: with the "
            "open interval (-1, 1) your network would be right.",
            {"layers": [i + 1 for i in layers]})
    return None


def _nice_neighbours(value: Fraction, small_moves: bool = False) -> list[Fraction]:
    """Values a hair away from a bias (within 1/50 of its size): the round numbers nearest to it
    (-3.4 for -3.5), and with ``small_moves`` also small moves either way (-0.999 for -1, when the
    weights feeding the unit were rounded: 0.333 for 1/3)."""
    out = []
    scale = max(Q(1), abs(value))
    for step in (Q(1), Q(1, 2), Q(1, 10)):
        nearest = round(value / step) * step
        if nearest != value and abs(nearest - value) <= Q(1, 50) * scale and nearest not in out:
            out.append(nearest)
    for move in ((Q(1, 1000), Q(1, 200), Q(1, 50)) if small_moves else ()):
        for candidate in (value + move * scale, value - move * scale):
            if candidate not in out:
                out.append(candidate)
    return out


OUTPUT_BIAS_RANGE = 8  # the output unit's bias is tried at multiples of 1/2 in [-8, 8]


def _output_bias_values(value: Fraction, reach: Fraction) -> list[Fraction]:
    """Other biases for a single output unit (its threshold on the hidden code), nearest first: within
    ``reach`` (one hidden unit's weight: a count threshold off by one), never any far-away value."""
    grid = [Q(k, 2) for k in range(-2 * OUTPUT_BIAS_RANGE, 2 * OUTPUT_BIAS_RANGE + 1)
            if Q(k, 2) != value and abs(Q(k, 2) - value) <= reach]
    return sorted(grid, key=lambda v: (abs(v - value), v))


def _bias_off(network: Network, task: NetworkTask) -> Diagnosis | None:
    """One bias changed repairs the network: any unit's bias a hair away from a value that works,
    or the single output unit's bias (the threshold that reads the hidden code) set to another
    multiple of 1/2 — e.g. a count threshold off by one.  Only this one number changes."""
    last = len(network.layers) - 1
    for index, layer in enumerate(network.layers):
        for unit, value in enumerate(layer.bias):
            # small moves only for the output threshold: where rounded weights show (and six
            # exact decisions per bias are affordable once, not for every hidden unit)
            for nice in _nice_neighbours(value, small_moves=index == last and layer.units == 1):
                if is_correct(network.with_bias(index, unit, nice), task):
                    return _bias_diagnosis(index, unit, "slightly off: a small change to it")
    if len(network.layers) >= 2 and network.layers[last].units == 1 and task.n_outputs == 1:
        weights = [abs(w) for w in network.layers[last].weights[0]]
        reach = max([Q(1), *weights])
        for other in _output_bias_values(network.layers[last].bias[0], reach):
            if is_correct(network.with_bias(last, 0, other), task):
                return _bias_diagnosis(last, 0, "off: changing it alone")
    return None


def _bias_diagnosis(index: int, unit: int, how: str) -> Diagnosis:
    return Diagnosis("bias_off",
                     f"The bias of unit {unit + 1} in layer {index + 1} is {how} would make the network correct. "
                     "Re-derive which inputs sit exactly on that unit's boundary.",
                     {"layer": index + 1, "unit": unit + 1})


def transposed_layers(network: Network, layers) -> Network:
    """The network with the (square) weight matrices of ``layers`` transposed; units keep their activations."""
    for index in layers:
        layer = network.layers[index]
        network = network.with_layer(index, replace(layer, weights=tuple(zip(*layer.weights))))
    return network


def square_layers(network: Network) -> list[int]:
    """Layers whose weight matrix is square with at least two units and not symmetric (transposing changes it)."""
    return [i for i, layer in enumerate(network.layers)
            if layer.units >= 2 and layer.units == layer.inputs and tuple(zip(*layer.weights)) != layer.weights]


def _transposed(network: Network, task: NetworkTask) -> Diagnosis | None:
    candidates = square_layers(network)
    if len(candidates) > 4:
        return None
    for size in range(1, len(candidates) + 1):
        for layers in itertools.combinations(candidates, size):
            if is_correct(transposed_layers(network, layers), task):
                where = ", ".join(f"layer {i + 1}" for i in layers)
                return Diagnosis(
                    "transposed",
                    f"Read with the weight matrix of {where} transposed, your network is correct: check which index "
                    "of that matrix is the unit and which the input, and use the same convention in every layer.",
                    {"layers": [i + 1 for i in layers]})
    return None


def _with_output_map(network: Network, permutation, signs, complement: bool = False) -> Network:
    last = network.layers[-1]
    if complement:  # 1 - y for a single 0/1 output: flip the output activation's pieces
        act = last.activations[0]
        flipped = _complement(act)
        if flipped is None:
            return network
        return network.with_activations(len(network.layers) - 1, [flipped])
    weights = tuple(last.weights[p] for p in permutation)
    bias = tuple(last.bias[p] for p in permutation)
    acts = tuple(last.activations[p] for p in permutation)
    layer = Layer(weights, bias, acts)
    net = network.with_layer(len(network.layers) - 1, layer)
    if any(s < 0 for s in signs):
        # append an identity layer with the signs (keeps the comparison exact)
        size = len(signs)
        ident = tuple(tuple(Q(signs[i]) if i == j else Q(0) for j in range(size)) for i in range(size))
        net = replace(net, layers=net.layers + (Layer(ident, (Q(0),) * size, (CATALOGUE["identity"],) * size),))
    return net


def _complement(act):
    from .activations import Activation, PiecewiseLinear

    if act.pl is None:
        return None
    pl = act.pl
    flipped = PiecewiseLinear(pl.breakpoints, tuple((-s, 1 - c) for s, c in pl.pieces), tuple(1 - v for v in pl.values))
    return Activation("complement", "1 - " + act.description, flipped, source=act.source)


def _output_map(network: Network, task: NetworkTask) -> Diagnosis | None:
    m = task.n_outputs
    if m == 1:
        if task.boolean and is_correct(_with_output_map(network, (0,), (1,), complement=True), task):
            return Diagnosis("inverted_output", "Your output is exactly the opposite (1 where it should be 0 and "
                             "0 where it should be 1).", {})
        return None
    if m > 4:
        return None
    for permutation in itertools.permutations(range(m)):
        for signs in itertools.product((1, -1), repeat=m):
            if permutation == tuple(range(m)) and all(s == 1 for s in signs):
                continue
            if not _quick_match(network, task, permutation, signs):
                continue
            if is_correct(_with_output_map(network, permutation, signs), task):
                swapped = permutation != tuple(range(m))
                flipped = any(s < 0 for s in signs)
                code = "wrong_order_and_sign" if swapped and flipped else "outputs_swapped" if swapped else "sign_flip"
                text = {
                    "outputs_swapped": "Your network computes the right values but puts them in the wrong order.",
                    "sign_flip": "Your network computes the right values up to sign: some outputs have the wrong sign.",
                    "wrong_order_and_sign": "Your outputs are the right values up to order and sign: they come out "
                                            "in the wrong order and some have the wrong sign.",
                }[code]
                return Diagnosis(code, text, {"output_order": [p + 1 for p in permutation],
                                              "output_signs": list(signs)})
    return None


def _quick_match(network: Network, task: NetworkTask, permutation, signs) -> bool:
    """Cheap screen on a few exact points before the full analysis."""
    n = task.n_inputs
    probes = [tuple(Q(v) for v in range(1, n + 1)), tuple(Q(v) for v in range(n, 0, -1)),
              tuple(Q(v * v + 1) for v in ((i * 7) % (n + 3) for i in range(n)))]
    for x in probes:
        if not task.domain.contains(x):
            continue
        if not network.is_exact:
            return False
        out = network.trace(x).output
        mapped = tuple(signs[i] * out[permutation[i]] for i in range(len(permutation)))
        if mapped != task.target(x):
            return False
    return True


def _wrong_k(network: Network, task: NetworkTask) -> Diagnosis | None:
    if "k" not in task.parameters:
        return None
    n = task.parameters.get("n", task.n_inputs)
    for k, other in task.variants("k", range(1, n + 1)):
        if is_correct(network, other):
            return Diagnosis("wrong_k", f"Your network answers the question for k = {k}, not for the k asked.",
                             {"computes_k": k})
    return None


def _hidden_ok(network: Network, task: NetworkTask, analysis: Analysis | None) -> Diagnosis | None:
    """Last hidden layer piecewise constant and the target a function of its code on every cell."""
    if analysis is None or len(network.layers) < 2 or not analysis.leaves:
        return None
    hidden = len(network.layers) - 2
    if not all(a.pl is not None and a.pl.is_piecewise_constant for a in network.layers[hidden].activations):
        return None
    seen: dict = {}
    for leaf in analysis.leaves:
        forms = leaf.layer_outputs[hidden]
        if not all(f.is_constant() for f in forms):
            return None
        code = tuple(f.const for f in forms)
        if not task.piecewise_constant:
            return None
        if seen.setdefault(code, leaf.target) != leaf.target:
            return None
    return Diagnosis("hidden_layer_ok_output_wrong",
                     "Your hidden layer separates the inputs correctly (its outputs determine the answer); the output "
                     "layer combines them wrongly.", {"hidden_layer": hidden + 1})
