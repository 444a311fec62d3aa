"""Rubric files: one TOML file per assignment, validated by pydantic.

A rubric holds no Python code.  It names the assignment, the parameters the
questions use, optional per-student variants, and the items.  Each item names
the submission's answer names, a checker kind with its options, a reference
``module:function`` (the course's ``reference/``, else the shipped ``nn_reference``) that computes the expected value from
the parameters, partial-credit rules and known mistakes.  See docs/rubric-format.md
for an annotated example.

:func:`load_rubric` reports every problem as a :class:`RubricError` whose
message names the file, the item and the field.
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .checkers import Checker, CheckerOptions, checker_class
from .references import REFERENCE_PATTERN as _REFERENCE
from .references import ReferenceCall, register_course_references  # ReferenceCall: re-exported, older code imports it from here
from .repairs import Repairs

Visibility = Literal["visible", "hidden", "after_due_date", "after_published"]
_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"


from .errors import RubricError  # noqa: F401 -- defined in grader.errors, importable here as before


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KnownMistake(ReferenceCall):
    """A wrong answer staff expect to see; recognised by checking the answer against its own reference."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Diagnosis code reported when the answer matches, e.g. 'hessian_times_x'.")
    feedback: str = Field(min_length=1, description="Feedback shown when the answer matches this mistake. Explain, don't give the answer away.")
    credit: float = Field(default=0.0, ge=0.0, le=1.0, description="Share of the item's points awarded for this mistake.")


class FollowThrough(_Strict):
    """Error carried forward: the item's expected value recomputed from the student's own earlier answers.

    Tried only when this item's answer is wrong and every earlier answer it names was graded wrong
    (failed or partial): if the answer is right *given* those earlier answers, it earns ``credit``.
    The earlier answers are the validated plain data the submission sent (numbers, lists, strings),
    never student code. See docs/follow-through.md.
    """

    using: dict[str, str] = Field(min_length=1, description="Reference argument -> name of an earlier answer whose student value is passed in its place, e.g. {jacobian = \"dJ_dW1\"}.")
    reference: str | None = Field(default=None, pattern=_REFERENCE, description="'module:function' recomputing the expected value; default: the item's own reference. The item's args and constants are passed where the function takes them.")
    args: dict[str, str] = Field(default_factory=dict, description="Extra reference argument -> parameter name (on top of the item's args).")
    constants: dict[str, Any] = Field(default_factory=dict, description="Extra reference argument -> literal value (on top of the item's constants).")
    credit: float = Field(default=1.0, ge=0.0, le=1.0, description="Share of the item's points for an answer that is right given the earlier wrong answers.")
    feedback: str = Field(default="", description="Extra feedback shown when follow-through credit is given (the default text already says which earlier answers it follows from).")

    @field_validator("using")
    @classmethod
    def _names(cls, using: dict[str, str]) -> dict[str, str]:
        for argument, answer in using.items():
            if not re.match(_IDENT, argument) or not re.match(_IDENT, answer):
                raise ValueError(f"follow_through maps {argument!r} -> {answer!r}; both must be Python identifiers")
        return using


class Item(_Strict):
    """One gradable question part."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="Stable identifier, unique in the rubric.")
    question: str = Field(min_length=1, description="Question number as printed in the handout, e.g. '1.3.1'.")
    title: str = Field(min_length=1, description="Short title shown in reports.")
    points: float = Field(ge=0, description="Maximum points.")
    kind: str = Field(description="Checker kind; see `grader kinds`.")
    answers: list[str] = Field(default_factory=list, description="Names the submission must assign for this item.")
    prompt: str = Field(default="", description="What the student must give, in the template's words.")
    reference: str | None = Field(default=None, pattern=_REFERENCE, description="'module:function' computing the expected value. Required unless the kind is manual.")
    args: dict[str, str] = Field(default_factory=dict, description="Reference argument -> parameter name.")
    constants: dict[str, Any] = Field(default_factory=dict, description="Reference argument -> literal value.")
    options: dict[str, Any] = Field(default_factory=dict, description="Checker options; validated by the checker kind.")
    partial_credit: dict[str, float] = Field(default_factory=dict, description="Diagnosis code -> share of points awarded when the checker reports that diagnosis.")
    mistakes: list[KnownMistake] = Field(default_factory=list, description="Known wrong answers, tried in order when the answer is wrong.")
    repairs: Repairs = Field(default_factory=Repairs, description="The fixes a diagnosis may name: factors a slip may drop or add (default 2 and 1/2), one missing or extra non-leading term, and the share of two slips together (default 0). See docs/partial-credit.md.")
    visibility: Visibility = Field(default="visible", description="Gradescope visibility of this item's result.")
    tags: list[str] = Field(default_factory=list)
    answer_key: Any = Field(default=None, description="The value printed in a handout's answer key, if any; `grader check` verifies it against the reference.")
    answer_key_source: str = Field(default="", description="Where answer_key comes from, e.g. 'spring 2025 staff key'.")
    answer_key_errata: str = Field(default="", description="Set when the printed key is known to be wrong (what is wrong with it); `grader check` then expects the mismatch instead of failing on it.")
    probe: ReferenceCall | None = Field(default=None, description="For function answers: reference returning the argument lists the submission's function is called with.")
    terms: list[str] = Field(default_factory=list, description="Terms (offerings) this item is asked in, e.g. a question only the fall handout asks; empty: every term. Variants never change which items a student answers.")
    follow_through: list[FollowThrough] = Field(default_factory=list, description="Error carried forward: ways to recompute the expected value from the student's own earlier (wrong) answers. A table {argument = \"earlier_answer\"} is short for one rule using the item's reference.")
    check_seconds: float | None = Field(default=None, gt=0, le=600, description="CPU seconds the grader may spend checking this item's answer (default: the run's check budget, 5 s); over it the item goes to staff review as 'error'.")

    @field_validator("follow_through", mode="before")
    @classmethod
    def _follow_through_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict):
            if value and all(isinstance(v, str) for v in value.values()):
                return [{"using": value}]  # follow_through = { W = "J_W1" }
            return [value]
        return value

    def follow_through_answers(self) -> list[str]:
        return [name for rule in self.follow_through for name in rule.using.values()]

    _course_references: str | None = PrivateAttr(default=None)

    def applies_to(self, term: str | None) -> bool:
        return not self.terms or term is None or term in self.terms

    @model_validator(mode="before")
    @classmethod
    def _no_item_variants(cls, data: Any) -> Any:
        if isinstance(data, dict) and "variants" in data:
            raise ValueError("items are chosen per term, never per variant (every student of a term answers the same "
                             "questions; variants only change parameters): write terms = [...] and put the terms in [terms.NAME]")
        return data

    @field_validator("answers")
    @classmethod
    def _answer_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not re.match(_IDENT, name):
                raise ValueError(f"answer name {name!r} is not a Python identifier")
        if len(set(names)) != len(names):
            raise ValueError("answer names repeat")
        return names

    @field_validator("partial_credit")
    @classmethod
    def _fractions(cls, table: dict[str, float]) -> dict[str, float]:
        for code, share in table.items():
            if not 0 <= share <= 1:
                raise ValueError(f"partial credit for {code!r} must be between 0 and 1, got {share}")
        return table

    @model_validator(mode="after")
    def _kind_and_reference(self) -> "Item":
        try:
            checker = checker_class(self.kind)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        if checker.automatic:
            if not self.answers:
                raise ValueError("an automatically checked item needs at least one answer name")
            if self.reference is None:
                raise ValueError(f"kind {self.kind!r} needs a reference 'module:function'")
        return self

    @cached_property
    def checker(self) -> Checker:
        """The item's checker, configured once with its validated options (a pydantic
        ``ValidationError`` if they are invalid: :func:`parse_rubric` reports it naming the field)."""
        return checker_class(self.kind)(self.options)

    def checker_options(self) -> CheckerOptions:
        return self.checker.options

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> "Item":
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("checker", None)  # built again from the copy's own kind and options
        return copy

    def reference_call(self) -> ReferenceCall | None:
        if self.reference is None:
            return None
        call = ReferenceCall(reference=self.reference, args=self.args, constants=self.constants)
        call._course_references = self._course_references
        return call


class VariantSet(BaseModel):
    """One variant: a name and the parameters it overrides."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")

    def overrides(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Variants(_Strict):
    """Per-student parameters within one term: a student's variant comes from the roster, else from a hash of their key."""

    sets: list[VariantSet] = Field(min_length=1, description="The variants; each overrides some parameters (never which items are asked).")
    roster: dict[str, str] = Field(default_factory=dict, description="Student key -> variant name, for assignments made by hand (keys are normalised like every student id, see [students]).")
    default: str | None = Field(default=None, description="Variant used when no student is given; the first set if unset.")

    def check(self, where: str, students: "StudentKeys") -> None:
        names = [v.name for v in self.sets]
        if len(set(names)) != len(names):
            raise ValueError(f"{where}: variant names repeat: {names}")
        seen: dict[str, str] = {}
        for student, variant in self.roster.items():
            if variant not in names:
                raise ValueError(f"{where}: roster gives student {student!r} unknown variant {variant!r}")
            key = students.key(student)
            if key in seen and seen[key] != student:
                raise ValueError(f"{where}: roster lists {seen[key]!r} and {student!r}, which are the same student key {key!r}")
            seen[key] = student
        if self.default and self.default not in names:
            raise ValueError(f"{where}: default variant {self.default!r} is not one of {names}")


class Term(_Strict):
    """One offering of the assignment (e.g. spring 2025): its own questions and numbers, chosen by configuration."""

    title: str = Field(default="", description="Shown in reports, e.g. 'Spring 2025'.")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Parameters this term's handout changes.")
    variants: Variants | None = Field(default=None, description="Per-student parameter sets within this term.")
    due: str | None = Field(default=None, description="Due date (ISO 8601 with offset, e.g. '2025-02-14T23:59:00-05:00') for the gradebook's late policy.")


class StudentKeys(_Strict):
    """How a student id becomes the one key used everywhere (variant, reports, gradebook)."""

    email_local_part: bool = Field(default=False, description="Use only the part before '@' of an email, so jd1234@columbia.edu and jd1234 are one student.")
    email_domains: list[str] = Field(default_factory=list, description="With email_local_part: only emails of these domains lose their domain (empty: every email).")
    identifier: Literal["sid", "email"] = Field(default="sid", description="Which Gradescope submitter field is tried first for the key (then the other, then id, then name).")

    def key(self, raw: Any) -> str:
        """The normalised key: trimmed, case-folded (Unicode), an email's local part where configured."""
        import unicodedata

        text = unicodedata.normalize("NFKC", str(raw)).strip().casefold()
        text = " ".join(text.split())
        if self.email_local_part and text.count("@") == 1:
            local, domain = text.split("@")
            if local and (not self.email_domains or domain in {d.strip().casefold() for d in self.email_domains}):
                text = local
        return text


class AssignmentInfo(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="What a submission's ASSIGNMENT names.")
    title: str
    course: str = ""
    seed: int = Field(default=0, description="Default seed for random instances in checks.")
    term: str | None = Field(default=None, description="The term graded when none is chosen (--term, the Gradescope bundle); must name one of [terms].")


class Rubric(_Strict):
    assignment: AssignmentInfo
    parameters: dict[str, Any] = Field(default_factory=dict, description="Numbers, vectors and matrices the questions use.")
    variants: Variants | None = Field(default=None, description="Variants of a rubric without terms; with terms, each term has its own.")
    terms: dict[str, Term] = Field(default_factory=dict, description="Offerings with their own questions and numbers, chosen by --term / the bundle / assignment.term, never by a hash.")
    students: StudentKeys = Field(default_factory=StudentKeys, description="How student ids are normalised into keys.")
    items: list[Item] = Field(min_length=1)
    _course_references: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Rubric":
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"item id {item.id!r} is used twice")
            seen.add(item.id)
        owners: dict[str, str] = {}
        for item in self.items:
            for name in item.follow_through_answers():
                if name in item.answers:
                    raise ValueError(f"item {item.id!r}: follow_through uses its own answer {name!r}")
                if name not in owners:
                    raise ValueError(f"item {item.id!r}: follow_through uses {name!r}, which no earlier item answers")
            if item.follow_through and item.reference is None and any(r.reference is None for r in item.follow_through):
                raise ValueError(f"item {item.id!r}: follow_through needs a reference")
            for name in item.answers:
                owners.setdefault(name, item.id)
        terms = list(self.terms)
        for name in terms:
            if not re.match(r"^[A-Za-z0-9_.\-]+$", name):
                raise ValueError(f"term name {name!r}: letters, digits, '.', '_' and '-' only")
        for item in self.items:
            unknown = [t for t in item.terms if t not in terms]
            if unknown:
                raise ValueError(f"item {item.id!r} names unknown term(s) {unknown}; the rubric's terms are {terms}")
        if self.terms and self.variants is not None:
            raise ValueError("a rubric with [terms] keeps its variants inside each term ([terms.NAME.variants])")
        if self.assignment.term is not None and self.assignment.term not in terms:
            raise ValueError(f"assignment.term {self.assignment.term!r} is not one of the rubric's terms {terms}")
        if self.variants:
            self.variants.check("variants", self.students)
        all_variants: list[str] = []
        for name, term in self.terms.items():
            if term.variants:
                term.variants.check(f"terms.{name}.variants", self.students)
                all_variants += [v.name for v in term.variants.sets]
        if len(set(all_variants)) != len(all_variants):
            raise ValueError(f"variant names must differ across terms: {all_variants}")
        return self

    @property
    def max_score(self) -> float:
        return sum(item.points for item in self.items if item.checker.automatic)

    def answer_names(self) -> list[str]:
        names: list[str] = []
        for item in self.items:
            names.extend(n for n in item.answers if n not in names)
        return names

    def items_for(self, term: str | None) -> list["Item"]:
        """The items a student of ``term`` answers (every student of one term answers the same items)."""
        return [item for item in self.items if item.applies_to(term)]

    def max_score_for(self, term: str | None) -> float:
        return sum(item.points for item in self.items_for(term) if item.checker.automatic)

    @property
    def course_references(self) -> str | None:
        """The course's own reference folder (``<course>/reference/``), if the rubric has one."""
        return self._course_references

    def use_course_references(self, directory: str | Path | None) -> None:
        """Resolve this rubric's references in ``directory`` first (then in the shipped ones)."""
        folder = str(Path(directory).resolve()) if directory else None
        self._course_references = folder
        for item in self.items:
            item._course_references = folder
            for call in [*item.mistakes, *([item.probe] if item.probe else [])]:
                call._course_references = folder

    def answer_owner(self, answer: str) -> Item | None:
        """The first item that asks for ``answer`` (the one its follow-through refers to)."""
        return next((item for item in self.items if answer in item.answers), None)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def _describe_location(data: dict, loc: tuple) -> str:
    parts = list(loc)
    where = []
    if len(parts) >= 2 and parts[0] == "items" and isinstance(parts[1], int):
        index = parts[1]
        items = data.get("items") or []
        item_id = items[index].get("id") if index < len(items) and isinstance(items[index], dict) else None
        where.append(f"item {item_id!r} (items[{index}])" if item_id else f"items[{index}]")
        parts = parts[2:]
    field = ".".join(str(p) for p in parts)
    if field:
        where.append(f"field '{field}'")
    return ", ".join(where) or "top level"


def parse_rubric(data: dict, source: str = "<rubric>") -> Rubric:
    """Validate a rubric given as a dict (e.g. from TOML).  Also validates each item's options."""
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors()[:10]:
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-after")))
            lines.append(f"{source}: {_describe_location(data, loc)}: {error['msg']}")
        raise RubricError("\n".join(lines)) from None
    for index, item in enumerate(rubric.items):
        try:
            item.checker  # validates the item's options, once
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"])
            raise RubricError(f"{source}: item {item.id!r} (items[{index}]), field 'options.{field}': {error['msg']}") from None
    return rubric


def load_rubric(path: str | Path) -> Rubric:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RubricError(f"{path}: cannot read rubric ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{path}: not valid TOML: {exc}") from None
    rubric = parse_rubric(data, str(path))
    # A course repository's own modules (<course>/reference/ next to <course>/rubrics/), for this rubric only;
    # registered now so the folder is hidden from submissions before any reference runs (nothing is imported
    # and no package path changes here: see grader.references).
    rubric.use_course_references(register_course_references(path))
    return rubric


ASSIGNMENT_PATTERN = re.compile(r"""^ASSIGNMENT\s*(?::\s*str\s*)?=\s*(['"])([A-Za-z0-9_.\-]+)\1\s*(?:#.*)?$""", re.MULTILINE)


def declared_assignment(source: str) -> str | None:
    """The ``ASSIGNMENT = "..."`` of a submission, read as text (the submission is never imported here)."""
    match = ASSIGNMENT_PATTERN.search(source[:1_000_000])
    return match.group(2) if match else None


def rubric_search_path() -> list[Path]:
    import os

    paths = [Path(p) for p in os.environ.get("GRADER_RUBRICS", "").split(os.pathsep) if p]
    paths.append(Path.cwd() / "rubrics")
    paths.append(Path(__file__).resolve().parent.parent / "rubrics")
    return paths


def find_rubric(assignment_id: str) -> Path:
    """The rubric file whose assignment id is ``assignment_id``, searched in GRADER_RUBRICS, ./rubrics, the project's rubrics/."""
    for directory in rubric_search_path():
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("assignment"), dict) and data["assignment"].get("id") == assignment_id:
                return path
    searched = ", ".join(str(d) for d in rubric_search_path())
    raise RubricError(f"no rubric for assignment {assignment_id!r} (searched {searched}); pass --rubric")
