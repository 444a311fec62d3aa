"""docs/notation.md is rendered from the parser's own tables, and says what the parser does."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from grader.expressions.functions import FUNCTION_TABLE, NOTATION_REWRITES
from grader.expressions.notation import EXAMPLES, _read, item_notation, render_notation

ROOT = Path(__file__).resolve().parents[2]


def test_the_page_is_up_to_date():
    # regenerate with: grader notation -o docs/notation.md
    assert (ROOT / "docs" / "notation.md").read_text(encoding="utf-8") == render_notation()


def test_every_example_is_read():
    for kind, names, text in EXAMPLES:
        assert not _read(kind, names, text).startswith("(refused"), (kind, text)


def test_every_table_entry_is_listed():
    page = render_notation()
    for spec in FUNCTION_TABLE:
        assert f"`{spec.name}`" in page
    for rewrite in NOTATION_REWRITES:
        assert f"`{rewrite.spelling}(x)`" in page


def test_the_cli_prints_the_page():
    result = CliRunner().invoke(main, ["notation"])
    assert result.exit_code == 0 and result.output == render_notation()


def test_the_template_line_names_symbols_and_functions():
    from grader.checkers import get_checker

    options = get_checker("count").Options.model_validate({"symbols": {"m": "natural", "n": "natural"}})
    line = item_notation("count", options)
    assert "m (natural)" in line and "n (natural)" in line and "sqrt" in line
    assert "O" in item_notation("big_o", get_checker("big_o").Options())
    assert "pinv" in item_notation("matrix_expression", get_checker("matrix_expression").Options())
    assert item_notation("exact", None) is None
