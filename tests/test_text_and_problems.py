"""The one vocabulary for what the product says: bilingual texts, problems and refusals."""

import pytest

from hulplijn.core import InvalidInput, Problem, Refused, Text
from hulplijn.core.cashflow import CashflowError
from hulplijn.core.errors import placed
from hulplijn.core.numbers import NumberError
from hulplijn.core.text import language_of, pick
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.kvk import RegisterError
from hulplijn.imports.safe_yaml import YamlRefused


def test_a_text_is_shown_in_the_readers_language_dutch_by_default():
    yes = Text("ja", "yes")
    assert yes() == "ja"
    assert yes("en") == "yes" and yes("en-gb") == "yes" and yes("EN") == "yes"
    assert yes("nl-be") == "ja" and yes(None) == "ja" and yes("fr") == "ja"
    assert pick("en", "ja", "yes") == "yes" and language_of("en-us") == "en"


def test_a_text_formats_both_wordings_and_joins_with_a_separator_per_language():
    cells = Text("{n} cellen", "{n} cells").format(n=3)
    assert cells == Text("3 cellen", "3 cells")
    joined = Text.join([Text("a", "x"), Text("b", "y")], " en ", " and ")
    assert joined == Text("a en b", "x and y")


def test_a_text_value_fills_in_its_own_wording_in_each_language():
    months = Text.join([Text("juli 2020", "July 2020")], " en ", " and ")
    tight = Text("krap in {months} ({n} keer)", "tight in {months} ({n} times)")
    assert tight.format(months=months, n=1) == Text(
        "krap in juli 2020 (1 keer)", "tight in July 2020 (1 times)"
    )
    assert Text("{x}", "{x}").format(x="{y}") == Text("{y}", "{y}")  # a value is not a template


def test_pick_chooses_any_pair_of_wordings():
    assert pick("en", ("a", "b"), ("x", "y")) == ("x", "y")
    assert pick(None, ["rij"], ["row"]) == ["rij"]


def test_a_problem_names_its_place_in_one_line_and_its_message_without_it():
    problem = Problem("too_small", Text("moet groter zijn dan 0", "must be greater than 0"), "fte")
    assert problem.line() == "fte: moet groter zijn dan 0"
    assert problem.line("en") == "fte: must be greater than 0"
    assert problem.message("en") == "must be greater than 0"
    assert Problem("x", Text("hele invoer", "whole input")).line() == "hele invoer"


def test_a_refusal_carries_its_problems_codes_and_one_english_line_for_logs():
    refused = InvalidInput(
        [
            Problem("missing", Text("ontbreekt", "missing"), "sbi"),
            Problem("too_small", Text("te klein", "too small"), "fte"),
        ]
    )
    assert isinstance(refused, Refused) and isinstance(refused, ValueError)
    assert refused.code == "missing"  # the first problem's
    assert str(refused) == "sbi: missing; fte: too small"
    assert refused.message() == "ontbreekt; te klein"
    assert refused.lines("en") == ["sbi: missing", "fte: too small"]
    single = Refused.one("too_large", "te groot", "too large")
    assert single.problems == (Problem("too_large", Text("te groot", "too large")),)


def test_a_refusal_without_problems_is_a_programming_error():
    with pytest.raises(ValueError, match="at least one problem"):
        Refused([])


def test_a_place_in_a_file_is_put_before_the_text_in_both_languages():
    missing = Text("ontbreekt", "is missing")
    assert placed(missing, row=3, column="omzet") == Text(
        "rij 3, kolom omzet: ontbreekt", "row 3, column omzet: is missing"
    )
    assert placed(missing, row=3, column="")("en") == "row 3: is missing"  # the whole row
    assert placed(missing, column="fte_2")() == "kolom fte_2: ontbreekt"
    assert placed(missing, line=3, column=6)("en") == "line 3, column 6: is missing"
    assert placed(missing) == missing and placed(missing, line=None, column=None) == missing


def test_a_refusal_of_a_subclass_is_made_with_one_problem_and_keeps_its_class():
    class Unreadable(Refused):
        pass

    refused = Unreadable.one("bad", "slecht", "bad", path="x")
    assert type(refused) is Unreadable and refused.lines("en") == ["x: bad"]


@pytest.mark.parametrize(
    "error", [InvalidInput, CashflowError, NumberError, ImportRefused, RegisterError, YamlRefused]
)
def test_every_refusal_of_the_pure_packages_is_a_refused(error):
    assert issubclass(error, Refused) and issubclass(error, ValueError)


def test_a_file_refusal_is_made_from_a_code_and_two_wordings():
    refused = ImportRefused("csv_empty", "het bestand is leeg", "the file is empty")
    assert refused.code == "csv_empty" and refused.text == Text(
        "het bestand is leeg", "the file is empty"
    )
    assert refused.message("en") == str(refused) == "the file is empty"
    assert refused.problems == (Problem("csv_empty", refused.text),)
    unavailable = RegisterError("kvk_down", "niet bereikbaar", "cannot be reached", status=503)
    assert unavailable.status == 503 and unavailable.message() == "niet bereikbaar"
    yaml = YamlRefused("alias", "geen ankers", "no anchors", line=3, column=6)
    assert yaml.message("en") == "line 3, column 6: no anchors" and (yaml.line, yaml.column) == (
        3,
        6,
    )
