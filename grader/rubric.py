"""Rubric files: one TOML file per assignment, validated by pydantic.

A rubric holds no Python code.  It names the assignment, the parameters the
questions use, optional per-student variants, and the items.  Each item names
the submission's answer names, a checker kind with its options, a reference
``module:function`` from ``reference/`` that computes the expected value from
the parameters, partial-credit rules and known mistakes.  See README "Rubric
format" for an annotated example.

:func:`load_rubric` reports every problem as a :class:`RubricError` whose
message names the file, the item and the field.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .checkers import CheckerOptions, get_checker

Visibility = Literal["visible", "hidden", "after_due_date", "after_published"]
_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
_REFERENCE = r"^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*$"


class RubricError(ValueError):
    """A rubric file is missing, unreadable or invalid.  The message says where."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReferenceCall(_Strict):
    """A call of a reference function with rubric parameters."""

    reference: str = Field(pattern=_REFERENCE, description="Reference function as 'module:function' inside reference/, e.g. 'autodiff:quadratic_form_hessian'.")
    args: dict[str, str] = Field(default_factory=dict, description="Function argument -> parameter name. Arguments not listed are looked up in the parameters by their own name.")
    constants: dict[str, Any] = Field(default_factory=dict, description="Function argument -> literal value (numbers, lists, strings).")


class KnownMistake(ReferenceCall):
    """A wrong answer staff expect to see; recognised by checking the answer against its own reference."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Diagnosis code reported when the answer matches, e.g. 'hessian_times_x'.")
    feedback: str = Field(min_length=1, description="Feedback shown when the answer matches this mistake. Explain, don't give the answer away.")
    credit: float = Field(default=0.0, ge=0.0, le=1.0, description="Share of the item's points awarded for this mistake.")


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
    visibility: Visibility = Field(default="visible", description="Gradescope visibility of this item's result.")
    tags: list[str] = Field(default_factory=list)
    answer_key: Any = Field(default=None, description="The value printed in a handout's answer key, if any; `grader check` verifies it against the reference.")
    answer_key_source: str = Field(default="", description="Where answer_key comes from, e.g. 'spring 2025 staff key'.")
    answer_key_errata: str = Field(default="", description="Set when the printed key is known to be wrong (what is wrong with it); `grader check` then expects the mismatch instead of failing on it.")
    probe: ReferenceCall | None = Field(default=None, description="For function answers: reference returning the argument lists the submission's function is called with.")
    variants: list[str] = Field(default_factory=list, description="Variants this item exists for (e.g. a question only the fall handout asks); empty: every variant.")
    check_seconds: float | None = Field(default=None, gt=0, le=600, description="CPU seconds the grader may spend checking this item's answer (default: the run's check budget, 5 s); over it the item goes to staff review as 'error'.")

    def applies_to(self, variant: str | None) -> bool:
        return not self.variants or variant is None or variant in self.variants

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
            checker = get_checker(self.kind)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        if checker.automatic:
            if not self.answers:
                raise ValueError("an automatically checked item needs at least one answer name")
            if self.reference is None:
                raise ValueError(f"kind {self.kind!r} needs a reference 'module:function'")
        return self

    @property
    def checker(self):
        return get_checker(self.kind)

    def checker_options(self) -> CheckerOptions:
        return self.checker.Options.model_validate(self.options)

    def reference_call(self) -> ReferenceCall | None:
        if self.reference is None:
            return None
        return ReferenceCall(reference=self.reference, args=self.args, constants=self.constants)


class VariantSet(BaseModel):
    """One variant: a name and the parameters it overrides."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")

    def overrides(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Variants(_Strict):
    """Per-student parameters: a student's variant comes from the roster, else from a hash of their id."""

    sets: list[VariantSet] = Field(min_length=1, description="The variants; each overrides some parameters.")
    roster: dict[str, str] = Field(default_factory=dict, description="Student id -> variant name, for assignments made by hand.")
    default: str | None = Field(default=None, description="Variant used when no student is given; the first set if unset.")


class AssignmentInfo(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="What a submission's ASSIGNMENT names.")
    title: str
    course: str = ""
    seed: int = Field(default=0, description="Default seed for random instances in checks.")


class Rubric(_Strict):
    assignment: AssignmentInfo
    parameters: dict[str, Any] = Field(default_factory=dict, description="Numbers, vectors and matrices the questions use.")
    variants: Variants | None = None
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Rubric":
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"item id {item.id!r} is used twice")
            seen.add(item.id)
        names = [v.name for v in self.variants.sets] if self.variants else []
        for item in self.items:
            unknown = [v for v in item.variants if v not in names]
            if unknown:
                raise ValueError(f"item {item.id!r} names unknown variant(s) {unknown}; the rubric's variants are {names}")
        if self.variants:
            for student, variant in self.variants.roster.items():
                if variant not in names:
                    raise ValueError(f"roster gives student {student!r} unknown variant {variant!r}")
            if self.variants.default and self.variants.default not in names:
                raise ValueError(f"default variant {self.variants.default!r} is not one of {names}")
        return self

    @property
    def max_score(self) -> float:
        return sum(item.points for item in self.items if item.checker.automatic)

    def answer_names(self) -> list[str]:
        names: list[str] = []
        for item in self.items:
            names.extend(n for n in item.answers if n not in names)
        return names

    def items_for(self, variant: str | None) -> list["Item"]:
        """The items a student of ``variant`` answers (all items when there are no variants)."""
        return [item for item in self.items if item.applies_to(variant)]

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
            item.checker_options()
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
    from .references import add_reference_directory

    add_reference_directory(path.resolve().parent.parent / "reference")  # a course repository's own modules
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
