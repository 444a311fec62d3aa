"""``grader check``: a rubric self-test for staff and for a course repository's CI.

For each rubric:

1. it loads and validates (every item's options included);
2. every reference runs -- each item's, each known mistake's and each probe -- for the default
   parameters and for every variant;
3. every recorded ``answer_key`` is checked against the reference with the item's own checker.
   A key that disagrees is an error, explained (which parameters it matches instead, or which
   known mistake it is), unless the item's ``answer_key_errata`` says the key is known to be
   wrong; an errata on a key that agrees is an error too (the note is stale, or the reference
   reproduces the key's mistake);
4. the example submissions in ``<examples>/<rubric name>/`` are graded and compared with their
   ``expected.toml`` (score, per-item statuses and diagnoses).

Every difference is a :class:`Finding` whose message says what to change.  ``grader check``
exits 1 when there is any error.
"""

from __future__ import annotations

import json
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .rubric import Item, ReferenceCall, Rubric, RubricError, load_rubric

Level = Literal["error", "warning", "note"]


@dataclass
class Finding:
    level: Level
    where: str
    message: str

    def render(self) -> str:
        lines = self.message.splitlines() or [""]
        head = f"{self.level.upper():7} {self.where}: {lines[0]}"
        return "\n".join([head] + [f"        {line}" for line in lines[1:]])


@dataclass
class RubricCheck:
    rubric_path: Path
    findings: list[Finding] = field(default_factory=list)
    references_run: int = 0
    keys_checked: int = 0
    examples_graded: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings)


# ---------------------------------------------------------------- references

def _parameter_sets(rubric: Rubric) -> list[tuple[str, dict[str, Any]]]:
    from .variants import all_parameter_sets, label

    if rubric.variants is None and not rubric.terms:
        return [("(no variants)", dict(rubric.parameters))]
    return [(label(term, variant) or "", parameters) for term, variant, parameters in all_parameter_sets(rubric)]


def _calls(item: Item) -> list[tuple[str, ReferenceCall]]:
    calls = []
    if item.reference_call() is not None:
        calls.append(("reference", item.reference_call()))
    calls += [(f"known mistake '{m.name}'", m) for m in item.mistakes]
    if item.probe is not None:
        calls.append(("probe", item.probe))
    return calls


def check_references(rubric: Rubric, where: str, result: RubricCheck) -> None:
    from .references import ReferenceFailure, evaluate

    sets = _parameter_sets(rubric)
    from .variants import all_parameter_sets

    terms_of = [term for term, _, _ in all_parameter_sets(rubric)] if rubric.terms else [None] * len(sets)
    for item in rubric.items:
        for label, call in _calls(item):
            failures = {}
            for (name, parameters), term in zip(sets, terms_of):
                if not item.applies_to(term):
                    continue  # another term's question: its parameters need not fit
                try:
                    evaluate(call, parameters)
                    result.references_run += 1
                except ReferenceFailure as exc:
                    failures.setdefault(str(exc), []).append(name)
            for message, variants in failures.items():
                result.findings.append(Finding("error", f"{where} item '{item.id}' ({item.question})",
                                               f"the {label} {call.reference} fails for variant(s) {', '.join(variants)}:\n{message}\n"
                                               "Fix the reference function or the parameters/args it is given."))
        check_follow_through(item, f"{where} item '{item.id}' ({item.question})", result)


def check_follow_through(item: Item, where: str, result: RubricCheck) -> None:
    """Each follow-through rule's reference exists and takes every argument the rule replaces: a typo
    would otherwise make the rule silently never apply (a failed recomputation gives no credit)."""
    import inspect

    from .references import ReferenceFailure, resolve

    for index, rule in enumerate(item.follow_through):
        reference = rule.reference or item.reference
        try:
            signature = inspect.signature(resolve(reference))
        except (ReferenceFailure, TypeError, ValueError) as exc:
            result.findings.append(Finding("error", where, f"follow_through[{index}]: {exc}"))
            continue
        accepted = set(signature.parameters)
        missing = sorted((set(rule.using) | set(rule.args) | set(rule.constants)) - accepted)
        if missing:
            result.findings.append(Finding("error", where, f"follow_through[{index}]: {reference} takes no argument(s) "
                                           f"{missing}; `using` maps argument names of that function to earlier answers."))


# ---------------------------------------------------------------- answer keys

def _show(value: Any) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        value = value.tolist()
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        try:
            value = value.tolist()
        except Exception:  # noqa: BLE001 -- SymPy matrices etc. print fine as they are
            pass
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "..."


def _used_parameters(call: ReferenceCall, parameters: dict[str, Any]) -> dict[str, Any]:
    """Parameter name -> value, for the parameters a reference call reads."""
    from .references import call_arguments

    try:
        arguments = call_arguments(call, parameters)
    except Exception:  # noqa: BLE001
        return {}
    used = {}
    for argument in arguments:
        if argument in call.constants:
            continue
        name = call.args.get(argument, argument)
        if name in parameters:
            used[name] = parameters[name]
    return used


def _key_answers(item: Item) -> dict[str, Any] | str:
    """The recorded key as the answers a submission would send, or why it cannot be."""
    key = item.answer_key
    if len(item.answers) == 1:
        return {item.answers[0]: key}
    if isinstance(key, dict) and set(key) == set(item.answers):
        return dict(key)
    return f"answer_key of an item with answers {item.answers} must be a table with exactly those names"


def _passes(item: Item, answers: dict[str, Any], expected: Any, parameters: dict[str, Any], seed: int) -> tuple[bool, str]:
    from .checkers import AnswerFormatError, CheckContext

    try:
        # check, not judge: a rejected key gets this module's own words (below)
        verdict = item.checker.check(answers, expected, CheckContext(item.id, seed, parameters))
    except AnswerFormatError as exc:
        return False, f"the key is not a valid answer: {exc}"
    except Exception as exc:  # noqa: BLE001 -- reported as the key's problem, with its cause
        return False, f"the checker failed on the key ({type(exc).__name__}: {exc})"
    return verdict.status == "passed", verdict.feedback


def check_answer_keys(rubric: Rubric, where: str, result: RubricCheck) -> None:
    """Each recorded answer_key against the reference, for the default parameters."""
    from .references import ReferenceFailure, evaluate
    from .variants import parameters_for, variant_for

    default = variant_for(rubric, None)
    parameters = parameters_for(rubric, default)
    seed = rubric.assignment.seed
    from .variants import resolve_term

    term = resolve_term(rubric)
    for item in rubric.items:
        if item.answer_key is None or item.reference_call() is None or not item.applies_to(term):
            continue
        at = f"{where} item '{item.id}' ({item.question})"
        answers = _key_answers(item)
        if isinstance(answers, str):
            result.findings.append(Finding("error", at, answers))
            continue
        call = item.reference_call()
        try:
            expected = evaluate(call, parameters)
        except ReferenceFailure:
            continue  # already reported by check_references
        result.keys_checked += 1
        passed, feedback = _passes(item, answers, expected, parameters, seed)
        source = f" ({item.answer_key_source})" if item.answer_key_source else ""
        errata = item.answer_key_errata.strip()
        if passed:
            if errata:
                result.findings.append(Finding("error", at, (
                    f"answer_key_errata says the recorded key{source} is wrong, but it agrees with the reference "
                    f"{call.reference}.\nEither the errata note is out of date (remove answer_key_errata) or the "
                    "reference reproduces the key's mistake (fix the reference).")))
            continue
        used = _used_parameters(call, parameters)
        variant_name = f", variant '{default.name}'" if default else ""
        lines = [
            f"the recorded answer_key{source} does not match the reference {call.reference} for the rubric's "
            f"parameters ({', '.join(f'{k} = {_show(v)}' for k, v in used.items()) or 'none'}{variant_name}).",
            f"  answer_key: {_show(item.answer_key)}",
            f"  reference:  {_show(expected)}",
            f"  checker:    {feedback.splitlines()[0] if feedback else '(no message)'}",
        ]
        lines += _explain_mismatch(item, answers, rubric, default, used, seed)
        if errata:
            lines.append(f"Known and accepted (answer_key_errata): {errata}")
            result.findings.append(Finding("note", at, "\n".join(lines)))
        else:
            lines.append("To fix: correct the printed key and `answer_key` here; if the printed key is knowingly "
                         "left as it is, record why in the item's `answer_key_errata` so this check expects the mismatch.")
            result.findings.append(Finding("error", at, "\n".join(lines)))


def _explain_mismatch(item: Item, answers: dict[str, Any], rubric: Rubric, default, used: dict[str, Any],
                      seed: int) -> list[str]:
    """Which other parameters or known mistake the key matches: usually the cause of a wrong key."""
    from .references import ReferenceFailure, evaluate
    from .variants import other_parameter_sets, parameters_for

    lines = []
    call = item.reference_call()
    matching = []
    for name, theirs in other_parameter_sets(rubric, None, default):
        try:
            value = evaluate(call, theirs)
        except ReferenceFailure:
            continue
        if _passes(item, answers, value, theirs, seed)[0]:
            changed = {k: v for k, v in _used_parameters(call, theirs).items() if used.get(k) != v}
            matching.append((name, changed))
    if matching:
        names = ", ".join(name for name, _ in matching)
        changed = matching[0][1]
        detail = ", ".join(f"{k} = {_show(v)}" for k, v in changed.items())
        lines.append(f"The key matches the reference for variant(s) {names}" + (f" ({detail})" if detail else "")
                     + ": it was computed for those parameters, not for the question's.")
    params = parameters_for(rubric, default)
    for mistake in item.mistakes:
        try:
            value = evaluate(mistake, params)
        except ReferenceFailure:
            continue
        if _passes(item, answers, value, params, seed)[0]:
            lines.append(f"The key matches the known mistake '{mistake.name}': the key itself makes that mistake.")
    return lines


# ---------------------------------------------------------------- examples

def examples_dir_for(rubric_path: Path, rubric: Rubric, examples_root: Path) -> Path | None:
    for name in (rubric_path.stem, rubric.assignment.id, rubric.assignment.id.replace("-", "_")):
        candidate = examples_root / name
        if (candidate / "expected.toml").is_file():
            return candidate
    return None


def check_examples(rubric: Rubric, rubric_path: Path, examples_root: Path, result: RubricCheck, jobs: int = 2) -> None:
    from .api import GradeOptions, grade
    from .batch import SUBMISSION_SUFFIXES

    folder = examples_dir_for(rubric_path, rubric, examples_root)
    if folder is None:
        result.findings.append(Finding("warning", str(rubric_path),
                                       f"no example submissions: add {examples_root / rubric_path.stem}/ with an expected.toml "
                                       "so changes to the rubric or the checkers are caught"))
        return
    manifest = folder / "expected.toml"
    try:
        entries = tomllib.loads(manifest.read_text(encoding="utf-8")).get("submission", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        result.findings.append(Finding("error", str(manifest), f"cannot read: {exc}"))
        return
    item_ids = {item.id for item in rubric.items}
    listed = set()
    runnable = []
    for index, entry in enumerate(entries):
        where = f"{manifest} [[submission]] #{index + 1}"
        if not isinstance(entry, dict) or "file" not in entry:
            result.findings.append(Finding("error", where, "each [[submission]] needs file = \"...\""))
            continue
        listed.add(entry["file"])
        unknown = sorted((set(entry.get("statuses", {})) | set(entry.get("diagnoses", {}))) - item_ids)
        if unknown:
            result.findings.append(Finding("error", where, f"unknown item id(s) {unknown}; the rubric's are {sorted(item_ids)}"))
        if not (folder / entry["file"]).is_file():
            result.findings.append(Finding("error", where, f"{entry['file']} does not exist in {folder}"))
            continue
        runnable.append(entry)
    for path in sorted(folder.iterdir()):
        if path.suffix in SUBMISSION_SUFFIXES and path.name not in listed:
            result.findings.append(Finding("warning", str(path),
                                           "not listed in expected.toml, so nothing checks its grade; add a [[submission]] for it"))

    def run(entry: dict) -> Any:
        options = GradeOptions(seed=entry.get("seed"), student=entry.get("student"), term=entry.get("term"))
        try:
            return grade(folder / entry["file"], rubric, options=options)
        except Exception as exc:  # noqa: BLE001
            return exc

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        reports = list(pool.map(run, runnable))
    for entry, report in zip(runnable, reports):
        result.examples_graded += 1
        _compare(folder / entry["file"], entry, report, result)


def _compare(path: Path, entry: dict, report: Any, result: RubricCheck) -> None:
    where = str(path)
    if isinstance(report, Exception):
        result.findings.append(Finding("error", where, f"grading failed: {type(report).__name__}: {report}"))
        return
    differences = []
    by_id = {item.id: item for item in report.items}
    if "score" in entry and abs(report.score - float(entry["score"])) > 1e-6:
        differences.append(f"score {report.score:g}, expected {float(entry['score']):g}")
    for item_id, status in entry.get("statuses", {}).items():
        got = by_id.get(item_id)
        if got is not None and got.status != status:
            differences.append(f"item '{item_id}': status {got.status}, expected {status} (feedback: {got.feedback.splitlines()[0] if got.feedback else ''})")
    for item_id, diagnosis in entry.get("diagnoses", {}).items():
        got = by_id.get(item_id)
        if got is not None and got.diagnosis != diagnosis:
            differences.append(f"item '{item_id}': diagnosis {got.diagnosis or 'none'}, expected {diagnosis}")
    if differences:
        result.findings.append(Finding("error", where, "\n".join(differences) + (
            "\nIf the new grade is right (a deliberate rubric or checker change), update expected.toml; "
            "otherwise the change broke grading of this submission.")))


# ---------------------------------------------------------------- all of it

def check_rubric(rubric_path: str | Path, examples_root: Path | None = None, jobs: int = 2) -> RubricCheck:
    rubric_path = Path(rubric_path)
    result = RubricCheck(rubric_path)
    try:
        rubric = load_rubric(rubric_path)
    except RubricError as exc:
        result.findings.append(Finding("error", str(rubric_path), f"invalid rubric:\n{exc}"))
        return result
    where = str(rubric_path)
    check_references(rubric, where, result)
    check_answer_keys(rubric, where, result)
    if examples_root is not None:
        check_examples(rubric, rubric_path, examples_root, result, jobs)
    return result


def default_rubrics() -> list[Path]:
    """``rubrics/*.toml`` of the current folder (a course repository), else of the grader's checkout."""
    here = Path.cwd() / "rubrics"
    if here.is_dir() and any(here.glob("*.toml")):
        return sorted(here.glob("*.toml"))
    project = Path(__file__).resolve().parent.parent / "rubrics"
    return sorted(project.glob("*.toml"))


def default_examples(rubric_paths: list[Path]) -> Path | None:
    for candidate in [Path.cwd() / "submissions_example"] + [p.resolve().parent.parent / "submissions_example" for p in rubric_paths]:
        if candidate.is_dir():
            return candidate
    return None


def summary_line(result: RubricCheck) -> str:
    counts = {level: sum(f.level == level for f in result.findings) for level in ("error", "warning", "note")}
    state = "ok" if result.ok else "FAILED"
    return (f"{state:6} {result.rubric_path}: {result.references_run} reference runs, {result.keys_checked} answer keys, "
            f"{result.examples_graded} examples; {counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes")


def as_json(results: list[RubricCheck]) -> str:
    return json.dumps([{"rubric": str(r.rubric_path), "ok": r.ok,
                        "findings": [{"level": f.level, "where": f.where, "message": f.message} for f in r.findings]}
                       for r in results], indent=2)
