"""Kind ``graph``: computation graphs as edge lists, compared with the forward spec's edges."""

from __future__ import annotations

import pytest

from grader.checkers import CheckContext, ReferenceProblem, checker_class
from nn_reference.backprop import columbia_fall_network, columbia_spring_network, toronto_network

SPRING_EDGES = [
    ["x", "a1"], ["a1", "c1"], ["x", "a2"], ["a2", "c2"], ["c1", "g"], ["c2", "g"],
    ["g", "y"], ["x", "y"], ["y", "y_prime"], ["y_prime", "S"], ["t", "S"], ["S", "J"],
]


@pytest.fixture
def checker():
    return checker_class("graph")


def run(checker, answer, expected=None, **options):
    expected = columbia_spring_network() if expected is None else expected
    return checker(checker.Options(**options)).judge({"graph": answer}, expected, CheckContext(item_id="1.2-graph", seed=0))


def test_spring_graph_passes_in_every_accepted_form(checker):
    assert run(checker, SPRING_EDGES).status == "passed"
    as_strings = [f"{a} -> {b}" for a, b in SPRING_EDGES]
    assert run(checker, as_strings).status == "passed"
    chains = ["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> a2 -> c2 -> g", "x -> y", "t -> S"]
    assert run(checker, chains).status == "passed"
    successors = {"x": ["a1", "a2", "y"], "a1": "c1", "a2": "c2", "c1": "g", "c2": "g", "g": "y", "y": "y_prime",
                  "y_prime": "S", "t": "S", "S": "J"}
    assert run(checker, successors).status == "passed"


def test_lenient_node_spellings(checker):
    spelled = [["\\mathbf{x}", "a_1"], ["a_1", "c_1"], ["x", "a_2"], ["a_2", "c_2"], ["c_1", "g"], ["c_2", "g"],
               ["g", "y"], ["x", "y"], ["y", "y'"], ["y'", "\\mathcal{S}"], ["t", "s"], ["S", "\\mathcal{J}"]]
    assert run(checker, spelled).status == "passed"


def test_missing_edge_is_listed_only_when_the_rubric_reveals_it(checker):
    verdict = run(checker, [e for e in SPRING_EDGES if e != ["x", "y"]], reveal_missing=True)
    assert verdict.status == "partial"
    assert verdict.diagnosis == "missing_edges"
    assert verdict.evidence["missing"] == ["x -> y"]
    assert "`x -> y`" in verdict.feedback
    assert verdict.fraction == pytest.approx(1 - 1 / 12)


def test_missing_edges_are_counted_without_naming_them_by_default(checker):
    verdict = run(checker, [e for e in SPRING_EDGES if e != ["x", "y"]])
    assert verdict.evidence["missing"] == 1 and verdict.diagnosis == "missing_edges"
    assert "x -> y" not in verdict.feedback and "1 edge(s) are missing" in verdict.feedback


def test_extra_and_reversed_edges(checker):
    answer = [e for e in SPRING_EDGES if e != ["a1", "c1"]] + [["c1", "a1"], ["a1", "g"], ["x", "banana"]]
    verdict = run(checker, answer)
    assert verdict.diagnosis == "wrong_edges"
    assert verdict.evidence["reversed"] == ["c1 -> a1"]
    assert verdict.evidence["extra"] == ["a1 -> g", "x -> banana"]
    assert verdict.evidence["unknown_nodes"] == ["banana"]
    assert verdict.evidence["missing"] == 0
    # one reversed (counted once) and two extra edges out of 12
    assert verdict.fraction == pytest.approx(1 - 3 / 12)


def test_parameters_are_optional_by_default(checker):
    with_parameters = SPRING_EDGES + [["W1", "a1"], ["b1", "a1"], ["W3", "y"], ["W4", "y"]]
    assert run(checker, with_parameters).status == "passed"
    wrong_parameter = SPRING_EDGES + [["W1", "a2"]]
    verdict = run(checker, wrong_parameter)
    assert verdict.evidence["extra"] == ["W1 -> a2"]
    assert run(checker, wrong_parameter, parameters="ignore").status == "passed"
    required = run(checker, SPRING_EDGES, parameters="required", reveal_missing=True)
    assert "W1 -> a1" in required.evidence["missing"]


def test_fall_graph_from_the_same_spec(checker):
    fall = columbia_fall_network()
    edges = [["x", "a1"], ["x", "a2"], ["a1", "c1"], ["a1", "u"], ["a2", "u"], ["u", "c2"], ["c1", "g"], ["c2", "g"],
             ["g", "y"], ["x", "y"], ["y", "y_prime"], ["y_prime", "S"], ["t", "S"], ["S", "J"]]
    assert run(checker, edges, fall).status == "passed"
    # the block matrix Wg is a parameter step: optional
    assert run(checker, edges + [["Wg1", "Wg"], ["Wg", "g"]], fall).status == "passed"
    verdict = run(checker, [e for e in edges if e != ["a1", "u"]], fall, reveal_missing=True)
    assert verdict.evidence["missing"] == ["a1 -> u"]


def test_toronto_names_and_node_subset(checker):
    toronto = [["x", "z1"], ["z1", "h1"], ["x", "z2"], ["z2", "h2"], ["h1", "g"], ["h2", "g"], ["g", "y"], ["x", "y"],
               ["y", "y_prime"], ["y_prime", "S"], ["t", "S"], ["S", "J"]]
    assert run(checker, toronto, toronto_network()).status == "passed"
    without_t = [e for e in toronto if e[0] != "t"]
    nodes = ["x", "z1", "h1", "z2", "h2", "g", "y", "y_prime", "S", "J"]
    assert run(checker, without_t, toronto_network(), nodes=nodes).status == "passed"


def test_scoring_modes(checker):
    answer = [e for e in SPRING_EDGES if e not in (["x", "y"], ["t", "S"])] + [["a1", "g"]]
    assert run(checker, answer, scoring="all_or_nothing").fraction == 0
    f1 = run(checker, answer, scoring="f1").fraction
    precision, recall = 10 / 11, 10 / 12
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert run(checker, answer, extra_penalty=0.5).fraction == pytest.approx(1 - 2.5 / 12)


def test_plain_edge_list_reference(checker):
    assert run(checker, ["a -> b", "b -> c"], [("a", "b"), ("b", "c")]).status == "passed"
    with pytest.raises(ReferenceProblem):
        run(checker, ["a -> b"], "a -> b")
    with pytest.raises(ReferenceProblem, match="not nodes"):
        run(checker, SPRING_EDGES, nodes=["x", "zz"])


@pytest.mark.parametrize("bad", ["x -> a1", [["x"]], [3], ["x ->"], None])
def test_malformed_answers(checker, bad):
    assert run(checker, bad).status == "invalid"
