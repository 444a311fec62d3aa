"""Named mistakes of one backward-pass answer, beyond what the shared matrix comparison recognises.

:func:`~.grading.grade_step` tries the value checks (``missing_term``,
``extra_term``, ``wrong_node_alternative`` -- which reports ``missing_derivative``
when the "other node" is positive everywhere, so that relu' there is 1 and the
answer simply has no derivative --, ``other_adjoint``) in that order on
a wrong answer; each takes ``(spec, node, tree, instances, environments,
values, tolerance)`` and returns ``(diagnosis, feedback, evidence)`` or None.
:func:`derivative_argument_problem` runs on right answers too.
"""

from __future__ import annotations

import ast
import copy
import itertools

import numpy as np

from ..matrix.comparison import all_close, close
from ..matrix.errors import MatrixEvalError
from ..matrix.evaluation import evaluate
from ..matrix.trees import derivative_function_calls, source_of, value_name_nodes


def missing_term(spec, node, tree, instances, environments, values, tolerance):
    terms = [inst.terms.get(node, []) for inst in instances]
    count = len(terms[0])
    if count < 2:
        return None
    vias = [t.via for t in terms[0]]
    for size in range(count - 1, 0, -1):
        for subset in itertools.combinations(range(count), size):
            partial = [sum((ts[i].value for i in subset), np.zeros_like(inst.adjoints[node])) for ts, inst in zip(terms, instances)]
            if all_close(values, partial, rtol=tolerance.rtol, atol=tolerance.atol):
                missing = sorted((vias[i] for i in range(count) if i not in subset), key=spec.position)
                present = sorted((vias[i] for i in subset), key=spec.position)
                # counted, not named: the missing path is the missing term itself (and a graph item's edge)
                return ("missing_term",
                        f"`{spec.bar(node)}` is missing {len(missing)} of the {count} contributions its adjoint must add: "
                        f"`{node}` is used by {count} nodes, and each one that uses it contributes.",
                        {"missing_via": missing, "present_via": present})
    return None


def _signed_terms(node: ast.AST, sign: float = 1.0) -> list[tuple[float, ast.AST]]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        right_sign = sign if isinstance(node.op, ast.Add) else -sign
        return _signed_terms(node.left, sign) + _signed_terms(node.right, right_sign)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _signed_terms(node.operand, -sign)
    return [(sign, node)]


def extra_term(spec, node, tree, instances, environments, values, tolerance):
    terms = _signed_terms(tree.body)
    if not 2 <= len(terms) <= 8:
        return None
    try:
        term_values = [[sign * evaluate(ast.Expression(body=t), env) for sign, t in terms] for env in environments]
    except MatrixEvalError:
        return None
    expected = [inst.adjoints[node] for inst in instances]
    for size in range(len(terms) - 1, 0, -1):
        for subset in itertools.combinations(range(len(terms)), size):
            partial = []
            for per_instance in term_values:
                chosen = [per_instance[i] for i in subset]
                if any(c.shape != chosen[0].shape and c.size != 1 for c in chosen):
                    break
                partial.append(sum(chosen[1:], chosen[0]))
            else:
                if all_close(partial, expected, rtol=tolerance.rtol, atol=tolerance.atol):
                    extra = [source_of(terms[i][1]) for i in range(len(terms)) if i not in subset]
                    return ("extra_term",
                            f"`{spec.bar(node)}` has term(s) that do not belong there: {', '.join(f'`{e}`' for e in extra)}.",
                            {"extra_terms": extra})
    return None


def wrong_node_alternative(spec, node, tree, instances, environments, values, tolerance):
    for key, alternative in instances[0].alternatives.get(node, {}).items():
        if not all(key in inst.alternatives.get(node, {}) for inst in instances):
            continue
        totals = [inst.alternatives[node][key].total for inst in instances]
        if all_close(values, totals, rtol=tolerance.rtol, atol=tolerance.atol):
            if alternative.function == "relu" and all(np.all(inst.values[alternative.at] > 0) for inst in instances):
                # relu' at a node that is positive everywhere is 1: the numbers say "no derivative at all", and
                # "evaluated at the wrong node" would send the student looking for a call that is not there
                return ("missing_derivative",
                        f"In `{spec.bar(node)}` a derivative is missing: check each activation the chain rule passes "
                        "through on the way back to this node.",
                        {"function": alternative.function, "via": alternative.via})
            return ("wrong_node",
                    f"In `{spec.bar(node)}` the derivative of {alternative.function} (from `{alternative.via}`) is evaluated at "
                    f"`{alternative.at}`, which is not the node the {alternative.function} is applied to.",
                    {"function": alternative.function, "via": alternative.via, "evaluated_at": alternative.at})
    return None


def wrong_node_name(spec, node, tree, instances, environments, values, tolerance, allowed_adjoints=None):
    """One node name used where another belongs: replacing that single occurrence by another forward
    node (or one adjoint by the adjoint of another later node) makes the answer right, e.g.
    ``g_bar * c1`` for ``c1_bar`` when g = c1 * c2.  The fix is verified at every instance; the
    feedback names the student's node, never the one that belongs there."""
    forward = [n for n in spec.step_names() if not spec.is_parameter(n)]
    position = spec.position(node)
    later = [spec.bar(n) for n in spec.names() if spec.position(n) > position
             and (allowed_adjoints is None or spec.bar(n) in allowed_adjoints)]
    expected = [inst.adjoints[node] for inst in instances]
    occurrences = [n for n in value_name_nodes_in(tree)]
    for index, name in enumerate(occurrences):
        pool = forward if name.id in forward else later if name.id in later else None
        if pool is None:
            continue
        for other in pool:
            if other == name.id or any(other not in env for env in environments):
                continue
            repaired = copy.deepcopy(tree)
            list(value_name_nodes_in(repaired))[index].id = other
            try:
                got = [evaluate(repaired, env) for env in environments]
            except MatrixEvalError:
                continue
            if all(g.shape == e.shape for g, e in zip(got, expected)) and \
                    all_close(got, expected, rtol=tolerance.rtol, atol=tolerance.atol):
                return ("wrong_node",
                        f"In `{spec.bar(node)}` the `{name.id}` is the wrong node: another node belongs there. Check "
                        "which node each factor of the chain rule (or of the product rule) is taken at.",
                        {"wrong_name": name.id})
    return None


def value_name_nodes_in(tree: ast.AST) -> list[ast.Name]:
    """The value names of a tree in a fixed (source) order, so that an occurrence has an index."""
    found = list(value_name_nodes(tree))
    return sorted(found, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0), n.id))


def other_adjoint(spec, node, tree, instances, environments, values, tolerance):
    """The answer is (up to sign) the adjoint of another node, e.g. y' - t given for y'_bar."""
    for sign in (1.0, -1.0):  # "the adjoint of y_hat" before "minus the adjoint of y"
        for other in spec.names():
            if other == node:
                continue
            candidates = [sign * inst.adjoints[other] for inst in instances]
            if any(not np.any(c) for c in candidates):
                continue
            if all_close(values, candidates, rtol=tolerance.rtol, atol=tolerance.atol):
                signed = "" if sign > 0 else "minus "
                return ("other_adjoint",
                        f"`{spec.bar(node)}` equals {signed}the adjoint of `{other}`, not of `{node}`.",
                        {"equals_adjoint_of": other, "sign": int(sign)})
    return None


def derivative_argument_problem(spec, node, tree, instances, environments):
    """A derivative function (step = ReLU', sigmoid_prime...) applied to a node other than the activation's input.

    Needed on top of the value checks because some slips give the right
    numbers: ReLU'(c2) with c2 = ReLU(u) equals ReLU'(u) everywhere.
    """
    for call, family in derivative_function_calls(tree):
        if not call.args:
            continue
        expected_args = [[value for activation, value in inst.derivative_arguments(node) if activation == family]
                         for inst in instances]
        if not expected_args[0]:
            continue
        try:
            argument = [evaluate(ast.Expression(body=call.args[0]), env) for env in environments]
        except MatrixEvalError:
            continue
        if any(all(close(a, candidates[i]) for a, candidates in zip(argument, expected_args)) for i in range(len(expected_args[0]))):
            continue
        matches = [name for name in spec.names() if all(close(a, inst.values[name]) for a, inst in zip(argument, instances))]
        text = source_of(call.args[0])
        where = f"`{text}`" + (f" (= `{matches[0]}`)" if matches and matches[0] != text else "")
        return (f"In `{spec.bar(node)}`, `{source_of(call)}` evaluates the derivative of {family} at {where}, "
                f"which is not the node the {family} is applied to.",
                {"function": family, "evaluated_at": matches[0] if matches else text})
    return None
