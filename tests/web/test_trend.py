"""Coming back (issue #14): "The comparison with an earlier assessment shows only the
productivity percentile and the segment." The trend page shows, per round, every dimension's
percentiles with peer group, n and period, linked from the result page."""

from __future__ import annotations

import json
import re

import pytest

from hulplijn.web.assessments.models import Assessment, AssessmentRound
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def rows(html: str, code: str) -> list[list[str]]:
    """The trend table of dimension ``code``: per figure [round, figure (period), percentile,
    group (n), value]; a table body per round, headed by the round."""
    section = html[html.index(f'id="trend-{code}"') :]
    table = section[: section.index("</table>")]
    out = []
    for body in re.findall(r"<tbody[^>]*>(.*?)</tbody>", table, re.S):
        head, *figures = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        round_name = text(head)
        for row in figures:
            out.append(
                [round_name]
                + [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            )
    return out


@pytest.fixture
def two_rounds(client):
    """An owner with an assessment in the report's round and a later one in a second round of
    the same years (so both are compared with peers), and one older assessment in the first."""
    user = UserFactory()
    first_round = AssessmentRound.objects.get(year_1=2016)
    AssessmentFactory(
        owner=user, session_key="", round=first_round, gross_margins=(800_000, 850_000)
    )
    old = AssessmentFactory(owner=user, session_key="", round=first_round)
    second_round = AssessmentRound.objects.create(
        name="Herhaling", year_1=2016, year_2=2018, moment_1="2020-02", moment_2="2020-07"
    )
    new = AssessmentFactory(
        owner=user, session_key="", round=second_round, gross_margins=(909_000, 1_100_000)
    )
    client.force_login(user)
    return user, old, new


def test_the_trend_shows_every_dimension_per_round_with_group_n_and_period(client, two_rounds):
    _user, old, new = two_rounds
    response = client.get("/mijn-ontwikkeling/")
    assert response.status_code == 200
    html = response.content.decode()
    growth = rows(html, "growth")
    # per round the newest assessment: two rounds, three growth figures each
    assert len(growth) == 6
    assert [r[0] for r in growth] == [growth[0][0]] * 3 + [growth[3][0]] * 3
    assert "Herhaling" in growth[3][0]
    old_result, new_result = old.result, new.result
    for row, result in ((growth[0], old_result), (growth[3], new_result)):
        bench = result["benchmark"]["productivity"]
        assert row[2] == str(round(bench["percentile"]))
        assert f"({bench['peer_group']['n']})" in row[3]
        assert row[1].endswith("(2016-2018)")
    liquidity = rows(html, "liquidity")
    assert len(liquidity) == 8  # two moments x two figures x two rounds
    assert {r[1].rsplit("(", 1)[1] for r in liquidity} == {"februari 2020)", "juli 2020)"}
    assert all(re.fullmatch(r"\d+|–", r[2]) for r in liquidity)
    assert len(rows(html, "solvency")) == 2
    # the productivity of the later round differs: not a copy of one assessment
    assert growth[0][4] != growth[3][4]


def test_the_chart_comes_with_the_tables(client, two_rounds):
    html = client.get("/mijn-ontwikkeling/").content.decode()
    spec = json.loads(
        re.search(
            r'<script type="application/json" id="chart-trend">(.*?)</script>', html, re.S
        ).group(1)
    )
    values = spec["data"]["values"]
    assert len({v["round"] for v in values}) == 2
    # one line per figure joins the rounds: the same names in both, liquidity at the last moment
    lines = {v["figure"] for v in values}
    assert lines == {
        "Productiviteit",
        "Productiviteitsgroei",
        "Banengroei",
        "Kasbuffer in dagen",
        "Quick ratio",
        "Solvabiliteit",
    }
    assert len(values) == 2 * len(lines)
    assert 'id="trend-growth"' in html and "<table" in html


def test_one_round_shows_the_tables_without_a_chart(client):
    user = UserFactory()
    AssessmentFactory(owner=user, session_key="")
    client.force_login(user)
    html = client.get("/mijn-ontwikkeling/").content.decode()
    assert len(rows(html, "growth")) == 3
    assert "chart-trend" not in html


def test_only_the_owner_s_own_assessments(client, two_rounds):
    client.force_login(UserFactory())
    html = client.get("/mijn-ontwikkeling/").content.decode()
    assert 'id="trend-growth"' not in html
    assert "nog geen bewaarde zelfdiagnoses" in html


def test_the_trend_needs_a_login(client):
    response = client.get("/mijn-ontwikkeling/")
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_the_result_page_links_to_the_trend(client, two_rounds):
    *_, new = two_rounds
    html = client.get(f"/beoordeling/{new.pk}/").content.decode()
    assert 'href="/mijn-ontwikkeling/"' in html


def test_the_account_overview_links_to_the_trend(client, two_rounds):
    html = client.get("/account/").content.decode()
    assert 'href="/mijn-ontwikkeling/"' in html


def test_the_trend_says_when_its_comparison_groups_are_synthetic(client, two_rounds):
    # #16: synthetic data labelled on every page that uses it: the percentiles are read against
    # the site's synthetic peers, so the page says so; without a synthetic assessment it does not
    _user, _old, new = two_rounds
    assert new.synthetic_reference
    html = client.get("/mijn-ontwikkeling/").content.decode()
    assert 'id="synthetisch"' in html
    Assessment.objects.filter(owner=new.owner).update(synthetic_reference=False)
    assert 'id="synthetisch"' not in client.get("/mijn-ontwikkeling/").content.decode()
