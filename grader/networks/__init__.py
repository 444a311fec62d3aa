"""Hand-designed networks: exact checking of submitted weights and activations.

Modules:

* :mod:`.activations` -- catalogue with stated semantics, exact piecewise-linear
  algebra, alias table, expressions in z;
* :mod:`.model`       -- the network answer model built from decoded answers;
* :mod:`.tasks`       -- targets and input domains (built by ``reference/networks.py``);
* :mod:`.polyhedra`   -- exact cells and linear programming;
* :mod:`.exact`       -- region analysis, the proof of "correct on the whole domain";
* :mod:`.search`      -- small confirmed counterexamples;
* :mod:`.sampling`    -- smooth activations;
* :mod:`.diagnose`    -- verified named diagnoses;
* :mod:`.decide`      -- the memoised entry point used by the ``network`` checker.


Entry point: ``from grader.networks.decide import decide``.
"""
