"""Exact verdicts for piecewise-linear networks: region analysis with strict and non-strict boundaries.

Why "correct on the whole domain" is a proof here
--------------------------------------------------
Every activation in an exact network is piecewise linear with explicit values
at its breakpoints (:mod:`grader.networks.activations`).  A *piece* is either
an open interval between consecutive breakpoints or a single breakpoint.  The
analysis partitions the input domain into *cells* by a depth-first refinement:

1. start from the domain's own cell (e.g. ``x_i > 0``, ``x_1 < x_2 < ...``);
2. refine by the sign (-, 0, +) of each of the task's split forms, so that the
   target is one affine formula on every cell (see :mod:`grader.networks.tasks`);
3. for every unit in order (layer by layer), its pre-activation is an affine
   function of ``x`` on the current cell (inputs, and the previous layer's
   outputs, are affine there by induction).  Either it is constant on the cell,
   and its piece is known, or it maps the cell onto the open interval
   ``(inf, sup)``, computed by exact linear programming
   (:mod:`grader.networks.polyhedra`).  The cell is split into one child per
   piece that interval meets: open pieces add strict inequalities, breakpoint
   pieces add an *equality* (so "z == 0 exactly" and "z == -1 exactly" are cells
   of their own, which is where I(z>0) vs I(z>=0) and the closed indicator
   differ).  Inside a child the unit's output is affine again.

Children partition their parent, so the leaves partition the domain (cells whose
flat lies inside an excluded set, e.g. ``x_i == x_j`` for distinct inputs, are
dropped: a cell not inside such a hyperplane meets it in a lower-dimensional
set, and two affine functions that agree on a dense subset agree everywhere).
On a leaf both the network and the target are affine, so they agree on the
whole leaf iff they agree at ``d+1`` affinely independent points of it (``d`` is
the leaf's dimension), or at one point when both are constant.  Hence: no
disagreeing leaf <=> the network equals the target on every allowed input.
Every reported counterexample is re-evaluated by the plain forward pass
(:meth:`Network.trace`) in Fractions before it is shown.

Integer domains are decided the same way, then every failing leaf is searched
for an integer point (:mod:`grader.networks.search`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .activations import PiecewiseLinear
from .model import Network
from .polyhedra import Cell, Form, Range, combination
from .tasks import NetworkTask

Q = Fraction
ZERO = Q(0)

ALL_SIGNS = frozenset({"neg", "zero", "pos"})


#: Complexity bound of one exact analysis: linear regions (cells), and LPs (4 per region).  A
#: region costs about a millisecond; the shipped questions' networks need at most a few dozen.
MAX_REGIONS = 2_000
LPS_PER_REGION = 4


from ..errors import TooManyRegions  # noqa: F401 -- defined in grader.errors, importable here as before


@dataclass
class Leaf:
    cell: Cell
    outputs: tuple  # Forms of the network outputs on the cell
    layer_outputs: tuple  # per layer: Forms of that layer's outputs
    pieces: tuple  # per layer, per unit: ('open', i) or ('point', i)
    target: tuple  # target value at the cell's witness
    ok: bool
    witness: tuple | None = None  # where network and target differ (not yet checked against the domain)


@dataclass
class Analysis:
    leaves: list = field(default_factory=list)
    lp_calls: int = 0

    @property
    def failing(self) -> list:
        return [leaf for leaf in self.leaves if not leaf.ok]

    @property
    def correct(self) -> bool:
        return all(leaf.ok for leaf in self.leaves)


class RegionAnalysis:
    """Partition the domain by the network's and the task's pieces; judge every cell."""

    def __init__(self, network: Network, task: NetworkTask, *, max_leaves: int = MAX_REGIONS,
                 stop_after_failures: int | None = None) -> None:
        if not network.is_exact:
            raise ValueError("region analysis needs piecewise-linear activations")
        if task.domain.points is not None:
            raise ValueError("finite domains are checked point by point")
        self.network = network
        self.task = task
        self.n = task.n_inputs
        self.max_leaves = max_leaves
        self.stop_after_failures = stop_after_failures
        self.result = Analysis()
        self._coords = tuple(Form.coordinate(self.n, j) for j in range(self.n))
        self._pairs = [(i, j) for i in range(self.n) for j in range(i + 1, self.n)] if task.domain.distinct else []
        self._failures = 0

    # -------------------------------------------------------------- driver
    def run(self) -> Analysis:
        domain = self.task.domain
        n = self.n
        root = Cell(n, {}, [], tuple(Q(i + 1) for i in range(n)))
        if domain.positive:
            root.ineqs.extend(self._coords)
        if domain.increasing:
            for i in range(n - 1):
                root.ineqs.append(Form(tuple(Q(1) if j == i + 1 else Q(-1) if j == i else ZERO for j in range(n)), ZERO))
        steps: list = []
        if domain.nonnegative and not domain.positive:
            steps.extend(("split", f, frozenset({"zero", "pos"})) for f in self._coords)
        steps.extend(("split", f, ALL_SIGNS) for f in self.task.splits)
        for l, layer in enumerate(self.network.layers):
            steps.extend(("unit", l, u) for u in range(layer.units))
        self._steps = steps
        try:
            self._visit(root, 0, (), (), (), ())
        except _Stop:
            pass
        return self.result

    def _visit(self, cell: Cell, step: int, done_layers: tuple, current: tuple, done_pieces: tuple,
               current_pieces: tuple) -> None:
        if step == len(self._steps):
            self._leaf(cell, done_layers, done_pieces)
            return
        kind = self._steps[step]
        if kind[0] == "split":
            _, form, allowed = kind
            for child, piece in self._branch(cell, cell.reduce(form), _SIGN):
                if _SIGN_NAMES[piece] in allowed:
                    self._visit(child, step + 1, done_layers, current, done_pieces, current_pieces)
            return
        _, l, u = kind
        layer = self.network.layers[l]
        inputs = self._coords if l == 0 else done_layers[l - 1]
        pre = combination(inputs, layer.weights[u], layer.bias[u], self.n)
        pl = layer.activations[u].pl
        for child, piece in self._branch(cell, cell.reduce(pre), pl):
            if piece[0] == "point":
                out = Form.constant(self.n, pl.values[piece[1]])
            else:
                slope, intercept = pl.pieces[piece[1]]
                out = child.reduce(pre).times(slope).shifted(intercept) if slope else Form.constant(self.n, intercept)
            new_current = current + (out,)
            new_pieces = current_pieces + (piece,)
            if u == layer.units - 1:
                layers = tuple(tuple(child.reduce(f) for f in outs) for outs in done_layers) + (new_current,)
                self._visit(child, step + 1, layers, (), done_pieces + (new_pieces,), ())
            else:
                self._visit(child, step + 1, done_layers, new_current, done_pieces, new_pieces)

    # ------------------------------------------------------------ branching
    def _branch(self, cell: Cell, form: Form, pl: PiecewiseLinear):
        """Children of ``cell`` by the piece of ``pl`` that ``form`` falls in: [(child, piece)]."""
        bps = pl.breakpoints
        if form.is_constant():
            return [(cell, pl.piece_index(form.const))]
        if not bps:
            return [(cell, ("open", 0))]
        here = form(cell.point)
        where, index = pl.piece_index(here)
        lower_known, upper_known = _implied_bounds(cell, form)
        below = [t for t in bps if t < here]
        above = [t for t in bps if t > here]
        # an LP is needed only to learn whether breakpoints beyond the witness's neighbours are reached
        need_low = any(lower_known is None or lower_known < t for t in below)
        need_high = any(upper_known is None or upper_known > t for t in above)
        if need_low or need_high:
            self.result.lp_calls += need_low + need_high
            if self.result.lp_calls > LPS_PER_REGION * self.max_leaves:
                raise TooManyRegions(f"more than {LPS_PER_REGION * self.max_leaves} LPs")
            rng = cell.range_of(form, need_low, need_high)
        else:
            rng = Range(None, None)
        # effective open range (low, high) of the form over the cell, None = infinite
        if need_low:
            low, low_exact = rng.low, True
        else:
            low, low_exact = (below[-1] if below else None), False
        if need_high:
            high, high_exact = rng.high, True
        else:
            high, high_exact = (above[0] if above else None), False
        children = []
        for i in range(len(bps) + 1):
            a = bps[i - 1] if i > 0 else None
            b = bps[i] if i < len(bps) else None
            if _interval_nonempty(_max_lower(a, low), _min_upper(b, high)):
                child = cell.copy()
                child.point = self._point_in_open(cell, form, a, b, here, low, high, rng)
                if a is not None and not (low is not None and low_exact and a <= low) and \
                        not (lower_known is not None and a <= lower_known):
                    child.ineqs.append(form.shifted(-a))
                if b is not None and not (high is not None and high_exact and b >= high) and \
                        not (upper_known is not None and b >= upper_known):
                    child.ineqs.append(form.times(Q(-1)).shifted(b))
                children.append((child, ("open", i)))
            if b is not None and (low is None or low < b) and (high is None or b < high):
                point = cell.point if b == here else cell.point_with_value(form, b, rng)
                child = cell.with_equality(form.shifted(-b), point)
                if not self._excluded(child):
                    children.append((child, ("point", i)))
        return children

    def _point_in_open(self, cell: Cell, form: Form, a, b, here, low, high, rng: Range) -> tuple:
        """A point of ``cell`` where a < form < b (the piece is known to be reached)."""
        if _within(here, a, b):
            return cell.point
        if (b is not None and b == here) or (a is not None and a == here):
            # the piece right next to the witness's breakpoint: a small step along -/+ the gradient
            sign = -1 if b == here else 1
            direction = [ZERO] * cell.n
            for j in cell.free:
                direction[j] = sign * form.coef[j]
            for k, expr in cell.subs.items():
                direction[k] = expr.linear_rate(direction)
            rate = form.linear_rate(direction)  # sign * |grad|^2
            other = a if sign < 0 else b
            step = Q(1)
            if other is not None:
                step = min(step, abs((other - here) / rate) / 2)
            bound = cell.step_bound(direction)
            if bound is not None:
                step = min(step, bound / 2)
            return tuple(p + step * d for p, d in zip(cell.point, direction))
        value = _pick_inside(_max_lower(a, low), _min_upper(b, high))
        return cell.point_with_value(form, value, rng)

    # -------------------------------------------------------------- leaves
    def _excluded(self, cell: Cell) -> bool:
        """The cell's flat lies inside a set the domain excludes (x_i == x_j for distinct inputs)."""
        if not cell.subs:
            return False
        for i, j in self._pairs:
            if cell.reduce(self._coords[i].plus(self._coords[j].times(Q(-1)))) == Form((ZERO,) * self.n, ZERO):
                return True
        return False

    def _leaf(self, cell: Cell, layers: tuple, pieces: tuple) -> None:
        if len(self.result.leaves) >= self.max_leaves:
            raise TooManyRegions(f"more than {self.max_leaves} regions")
        outputs = layers[-1]
        target = self.task.target(cell.point)
        if self.task.piecewise_constant and all(f.is_constant() for f in outputs):
            values = tuple(f.const for f in outputs)
            ok = values == target
            witness = None if ok else cell.point
        else:
            ok, witness = True, None
            for q in _spanning_points(cell):
                t = target if q is cell.point else self.task.target(q)
                if tuple(f(q) for f in outputs) != t:
                    ok, witness = False, q
                    break
        self.result.leaves.append(Leaf(cell, outputs, layers, pieces, target, ok, witness))
        if not ok:
            self._failures += 1
            if self.stop_after_failures is not None and self._failures >= self.stop_after_failures:
                raise _Stop()


class _Stop(Exception):
    pass


_SIGN = PiecewiseLinear((ZERO,), ((ZERO, Q(-1)), (ZERO, Q(1))), (ZERO,))
_SIGN_NAMES = {("open", 0): "neg", ("point", 0): "zero", ("open", 1): "pos"}


def _implied_bounds(cell: Cell, form: Form):
    """Bounds on ``form`` implied by a single parallel inequality of the cell (cheap, may be loose)."""
    lower = upper = None
    for g in cell.ineqs:
        ratio = None
        for c, d in zip(form.coef, g.coef):
            if d:
                if not c:
                    ratio = None
                    break
                r = c / d
                if ratio is None:
                    ratio = r
                elif r != ratio:
                    ratio = None
                    break
            elif c:
                ratio = None
                break
        if ratio is None:
            continue
        mu = form.const - ratio * g.const
        if ratio > 0:
            lower = mu if lower is None else max(lower, mu)
        else:
            upper = mu if upper is None else min(upper, mu)
    return lower, upper


def _max_lower(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _min_upper(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _interval_nonempty(lo, hi) -> bool:
    return lo is None or hi is None or lo < hi


def _within(value, a, b) -> bool:
    return (a is None or value > a) and (b is None or value < b)


def _pick_inside(lo, hi) -> Fraction:
    if lo is None and hi is None:
        return ZERO
    if lo is None:
        return hi - 1
    if hi is None:
        return lo + 1
    return (lo + hi) / 2


def _spanning_points(cell: Cell):
    """The witness and one step along every free coordinate: d+1 affinely independent points."""
    yield cell.point
    for j in cell.free:
        direction = [ZERO] * cell.n
        direction[j] = Q(1)
        for k, expr in cell.subs.items():
            direction[k] = expr.linear_rate(direction)
        bound = cell.step_bound(direction)
        step = Q(1) if bound is None or bound > 2 else bound / 2
        yield tuple(p + step * d for p, d in zip(cell.point, direction))
