"""The one vocabulary for what the product says: bilingual texts, problems and refusals."""

import pytest

from hulplijn.core import InvalidInput, Problem, Refused, Text
from hulplijn.core.text import language_of, pick


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
