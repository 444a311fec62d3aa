"""reference/poly_regression.py: probe data, reference fits and the 1.3.5 verifier."""

from __future__ import annotations

import numpy as np
import pytest

from nn_reference import poly_regression as pr


def test_probes_are_deterministic_and_shaped_as_the_notebook():
    first, second = pr.fit_poly_probes(), pr.fit_poly_probes()
    assert len(first) == 8
    for (x1, d1, t1), (x2, d2, t2) in zip(first, second):
        assert d1 == d2 and isinstance(d1, int)
        assert np.array_equal(x1, x2) and np.array_equal(t1, t2)
        assert x1.ndim == 1 and x1.shape == t1.shape and np.all((x1 >= 0) & (x1 <= 1))


def test_reference_fit_equals_the_closed_forms_in_both_regimes():
    expected = pr.fit_poly_expected()
    for (x, d, t), weights, label in zip(pr.fit_poly_probes(), expected["outputs"], expected["labels"]):
        features = np.polynomial.chebyshev.chebvander(x, d)
        if d + 1 <= len(x):
            closed = np.linalg.solve(features.T @ features, features.T @ t)
            assert "fewer features" in label
        else:
            closed = features.T @ np.linalg.solve(features @ features.T, t)
            assert "more features" in label
        assert np.linalg.norm(weights - closed) <= 1e-6 * np.linalg.norm(weights)


def test_legendre_basis_gives_different_weights():
    chebyshev = pr.fit_poly_expected()["outputs"][1]
    legendre = pr.fit_poly_expected(basis="legendre")["outputs"][1]
    assert not np.allclose(chebyshev, legendre)


@pytest.mark.parametrize("claim,message", [
    ({"n1": 5, "n2": 11}, "'d'"),
    ({"n1": 5, "n2": 5, "d": 3}, "n1 < n2"),
    ({"n1": 5, "n2": 11, "d": 2.5}, "whole number"),
    ({"n1": 0, "n2": 11, "d": 3}, "between"),
    ([5, 11, 10], "dict"),
])
def test_malformed_claims_are_refused_with_a_message(claim, message):
    verify = pr.more_data_hurts_claim(trials=2)
    with pytest.raises(ValueError, match=message):
        verify({"claim": claim})


def test_verifier_evidence_reports_the_graders_own_run():
    holds, evidence = pr.more_data_hurts_claim(trials=10)({"claim": {"n1": 5, "n2": 11, "d": 10}})
    assert holds is True
    assert evidence["median_L2"] > evidence["median_L1"]
    assert set(evidence) >= {"n1", "n2", "d", "trials", "share_of_trials_with_L2_ge_L1"}
