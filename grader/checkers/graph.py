"""Kind ``graph``: a computation graph given as a list of edges.

The answer is a list of directed edges, each a pair ``["x", "a1"]`` or a
string ``"x -> a1"`` (a chain ``"x -> a1 -> c1"`` is several edges); a dict
``{"x": ["a1", "a2", "y"]}`` of successors is accepted too.  Node names are
matched leniently: ``a_1``, ``a1``, ``\\mathbf{a}_1`` are the same node, ``y'``
is ``y_prime``, and each node's aliases from the reference count.

The reference is the network's forward graph (``reference/backprop.py``), so
the edges are derived from the same steps as the backward-pass references:
an edge ``u -> v`` for every name ``u`` in the expression of ``v``.  A plain
list of edges is accepted as well.

Parameter nodes (W1, b1...) are ``optional`` by default, as in the Columbia
key ("it is not necessary that the weights and biases be provided"): a
correct parameter edge is fine, a wrong one counts as extra.  Missing and
extra edges are named in the feedback; an edge drawn backwards is reported as
reversed (and counted once).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Literal

from pydantic import Field

from ..answers import type_name
from ..expressions.graph.spec import ForwardSpec
from . import register
from .base import AnswerFormatError, CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict

Edge = tuple[str, str]


class GraphOptions(CheckerOptions):
    nodes: list[str] | None = Field(default=None, description="Nodes the graph must relate (edges between them are required); default: every input, target and step of the reference that is not a parameter.")
    parameters: Literal["optional", "required", "ignore"] = Field(default="optional", description="Parameter nodes (W1, b1, ...): 'optional' -- correct parameter edges are fine, wrong ones are extra; 'required'; 'ignore' -- any edge touching a parameter is dropped.")
    scoring: Literal["per_edge", "f1", "all_or_nothing"] = Field(default="per_edge", description="per_edge: 1 - (missing + extra_penalty * extra) / required edges; f1: F1 score of the required edges; all_or_nothing.")
    extra_penalty: float = Field(default=1.0, ge=0, description="Cost of an extra edge relative to a missing one (per_edge scoring).")
    reveal_missing: bool = Field(default=False, description="Name the missing edges in the feedback and evidence (else only count them, and say where to look). Feedback teaches without telling: set this only after the due date, e.g. in a copy of the rubric used to re-release results.")
    aliases: dict[str, list[str]] = Field(default_factory=dict, description="Node -> other accepted spellings, added to the reference's aliases.")


_LATEX_WRAPPERS = re.compile(r"\\(?:mathbf|mathcal|boldsymbol|bm|mathrm|mathit|vec|bf|rm)\s*")


def node_key(name: str) -> str:
    """A lenient spelling key: ``\\mathbf{a}_1`` -> ``a1``, ``y'`` -> ``yprime``, ``W^{(1)}`` -> ``W1``."""
    text = _LATEX_WRAPPERS.sub("", str(name).strip())
    text = text.replace("′", "'").replace("\\prime", "'")
    text = text.replace("'", "prime")
    return re.sub(r"[\s_^{}()\\$*\[\]]", "", text)


class NodeNames:
    """Resolves a student's spelling of a node to the reference's node name."""

    def __init__(self, nodes: Iterable[str], aliases: dict[str, Iterable[str]]):
        self.exact: dict[str, str] = {}
        for node in nodes:
            for spelling in (node, *aliases.get(node, ())):
                self.exact.setdefault(node_key(spelling), node)
        folded: dict[str, set[str]] = {}
        for key, node in self.exact.items():
            folded.setdefault(key.lower(), set()).add(node)
        # case-insensitive match only where it is unambiguous (x and X may both be nodes)
        self.folded = {key: next(iter(owners)) for key, owners in folded.items() if len(owners) == 1}

    def resolve(self, spelling: str) -> str | None:
        key = node_key(spelling)
        return self.exact.get(key) or self.folded.get(key.lower())


def parse_edges(answer: Any) -> list[tuple[str, str]]:
    """Edges from the accepted answer forms, as raw (unresolved) spellings."""
    edges: list[tuple[str, str]] = []
    if isinstance(answer, dict):
        for source, targets in answer.items():
            for target in targets if isinstance(targets, list) else [targets]:
                if not isinstance(target, str):
                    raise AnswerFormatError(f"the successors of {source!r} must be node names, got {type_name(target)}")
                edges.append((source, target))
        return edges
    if not isinstance(answer, list):
        raise AnswerFormatError(f'expected a list of edges such as [["u", "v"], ["v", "w"]], got {type_name(answer)}')
    for index, item in enumerate(answer, start=1):
        if isinstance(item, str):
            parts = [p.strip() for p in re.split(r"\s*(?:->|→|=>|-\s+>)\s*", item)]
            if len(parts) < 2 or not all(parts):
                raise AnswerFormatError(f'edge {index} ({item!r}) is not of the form "source -> target"')
            edges.extend(zip(parts, parts[1:]))
        elif isinstance(item, list) and len(item) == 2 and all(isinstance(p, str) for p in item):
            edges.append((item[0], item[1]))
        else:
            raise AnswerFormatError(f'edge {index} must be ["source", "target"] or "source -> target", got {type_name(item)}')
    return edges


def _reference(expected: Any, options: GraphOptions) -> tuple[set[Edge], set[Edge], set[str], dict[str, tuple[str, ...]], set[str]]:
    """(required edges, allowed optional edges, known nodes, aliases, parameter nodes)."""
    if isinstance(expected, ForwardSpec):
        parameters = {n for n in expected.names() if expected.is_parameter(n)}
        all_edges = set(expected.edges(include_parameters=True))
        nodes = set(expected.names())
        aliases = dict(expected.aliases())
    elif isinstance(expected, (list, tuple)) and all(isinstance(e, (list, tuple)) and len(e) == 2 for e in expected):
        all_edges = {(str(a), str(b)) for a, b in expected}
        nodes = {n for edge in all_edges for n in edge}
        parameters, aliases = set(), {}
    else:
        raise ReferenceProblem(f"the graph checker needs a ForwardSpec or a list of edges, got {type(expected).__name__}")
    for node, spellings in options.aliases.items():
        aliases[node] = tuple(aliases.get(node, ())) + tuple(spellings)
    required_nodes = set(options.nodes) if options.nodes is not None else nodes - parameters
    unknown = required_nodes - nodes
    if unknown:
        raise ReferenceProblem(f"options.nodes names {sorted(unknown)}, which are not nodes of the reference graph")
    if options.parameters == "required":
        required_nodes |= parameters
    required = {e for e in all_edges if e[0] in required_nodes and e[1] in required_nodes}
    optional = all_edges - required
    return required, optional, nodes, aliases, parameters


def _edge_text(edge: Edge) -> str:
    return f"{edge[0]} -> {edge[1]}"


@register
class GraphChecker(Checker):
    kind = "graph"
    answer_form = 'a list of edges, e.g. [["u", "v"], ["v", "w"]] or ["u -> v", "v -> w"]'
    Options = GraphOptions

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: GraphOptions = self.options
        required, optional, nodes, aliases, parameters = _reference(expected, options)
        raw_edges = parse_edges(self.single(answers))
        names = NodeNames(nodes, aliases)
        unknown: list[str] = []
        given: set[Edge] = set()
        unresolved: list[Edge] = []
        for source, target in raw_edges:
            resolved = (names.resolve(source), names.resolve(target))
            for spelling, node in zip((source, target), resolved):
                if node is None and spelling not in unknown:
                    unknown.append(spelling)
            if None in resolved:
                unresolved.append((source, target))
                continue
            edge = (resolved[0], resolved[1])
            if options.parameters == "ignore" and (edge[0] in parameters or edge[1] in parameters):
                continue
            given.add(edge)
        missing = required - given
        extra = {e for e in given - required - optional}
        reversed_edges = {e for e in extra if (e[1], e[0]) in missing}
        extra -= reversed_edges
        missing_only = missing - {(b, a) for a, b in reversed_edges}
        extra_count = len(extra) + len(unresolved)
        mistakes = len(missing_only) + len(reversed_edges) + extra_count
        evidence = {
            "missing": [_edge_text(e) for e in sorted(missing_only)] if options.reveal_missing else len(missing_only),
            "extra": [_edge_text(e) for e in sorted(extra)] + [f"{a} -> {b}" for a, b in unresolved],
            "reversed": [_edge_text(e) for e in sorted(reversed_edges)],
            "unknown_nodes": unknown,
            "required_edges": len(required),
        }
        if mistakes == 0:
            return Verdict.passed(f"All {len(required)} edges are correct.", **evidence)
        fraction = self._score(options, len(required), len(missing_only) + len(reversed_edges), extra_count)
        lines = []
        if missing_only:
            if options.reveal_missing:
                lines.append("Missing edges: " + ", ".join(f"`{_edge_text(e)}`" for e in sorted(missing_only)) + ".")
            else:
                lines.append(f"{len(missing_only)} edge(s) are missing: for every step, check that each quantity it "
                             "is computed from has an edge into it.")
        if reversed_edges:
            # counted, not quoted: the reverse of a quoted edge is the missing edge itself
            lines.append(f"{len(reversed_edges)} edge(s) point the wrong way: an edge goes from an input of a step "
                         "to the step.")
        if extra or unresolved:
            lines.append("Edges that are not in the computation graph: "
                         + ", ".join(f"`{t}`" for t in evidence["extra"]) + ".")
        if unknown:
            lines.append("Unknown node name(s): " + ", ".join(f"`{u}`" for u in unknown) + ".")
        kinds = [k for k, present in (("missing_edges", missing_only), ("reversed_edges", reversed_edges),
                                      ("extra_edges", extra or unresolved)) if present]
        diagnosis = kinds[0] if len(kinds) == 1 else "wrong_edges"
        status = "partial" if fraction > 0 else "failed"
        return Verdict(status=status, fraction=fraction, feedback=" ".join(lines), diagnosis=diagnosis, evidence=evidence)

    @staticmethod
    def _score(options: GraphOptions, required: int, missing: int, extra: int) -> float:
        if options.scoring == "all_or_nothing" or required == 0:
            return 0.0
        if options.scoring == "f1":
            correct = required - missing
            if correct <= 0:
                return 0.0
            precision = correct / (correct + extra + 0.0)
            recall = correct / required
            return 2 * precision * recall / (precision + recall)
        return max(0.0, 1.0 - (missing + options.extra_penalty * extra) / required)
