"""#16: the report is cited by section or slide, never by a line of its text extraction."""

import re

import pytest

from hulplijn.plan.citations import cite, section
from hulplijn.reference import params


@pytest.mark.parametrize(
    ("source", "language", "expected"),
    [
        # the appendix's first part runs from line 4992 to 5178 of the text
        (
            'r. 5112-5114 ("exposure van €5-10 mld.")',
            "nl",
            'bijlage "Detaillering aannames" 1/3 ("exposure van €5-10 mld.")',
        ),
        # a section named before the lines is named once
        (
            'r. 5045 ("~10%"); range 2/3 r. 5300 ("5-10%")',
            "en",
            'appendix "Detaillering aannames" 1/3 ("~10%"); '
            'appendix "Detaillering aannames" 2/3 ("5-10%")',
        ),
        (
            "r. 5009-5011; page r. 6220-6224",
            "nl",
            'bijlage "Detaillering aannames" 1/3; de maatregelpagina',
        ),
        ("r. 3928, 3930", "en", "the financing slides"),
        ("no lines here", "nl", "no lines here"),
        (None, "nl", ""),
    ],
)
def test_cite(source, language, expected):
    assert cite(source, language) == expected


def test_a_line_outside_every_section_is_the_report():
    assert section(12, "nl") == "het rapport" and section(12, "en") == "the report"


def test_no_source_of_the_plan_model_keeps_a_line_number():
    plan = params.plan_assumptions()
    sources = [
        p["source"]
        for m in plan["measures"].values()
        for p in m["params"].values()
        if isinstance(p, dict) and p.get("source")
    ]
    assert len(sources) > 30
    for source in sources:
        assert not re.search(r"\br\. ?\d", cite(source, "nl")), source
