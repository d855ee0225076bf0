"""The prioritisation page: the report's ten under equal weights, a weight that moves a measure,
field errors instead of a 500, and exports that hold the page's numbers.

Scores (measures.yaml, 5 = Hoog .. 1 = Laag), as (value added, limited costs, timely impact |
executability, public support, speed of introduction):
  4: 2 5 5 | 5 4 5    7: 4 2 3 | 5 5 3    1: 2 5 4 | 2 3 5    E: 1 5 2 | 4 4 4
"""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.django_db

URL = reverse("cockpit:prioritisation")
PLAN = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]


@pytest.fixture
def policy(client):
    client.force_login(PolicyUserFactory())
    return client


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def row_of(html: str, table_slug: str, first_cell: str) -> list[str]:
    """The cells of the row whose first cell is ``first_cell`` in the table ``table_slug``."""
    block = html.split(f'id="tabel-{table_slug}"', 1)[1].split("</table>", 1)[0]
    for tr in re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", block, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in {table_slug}")


def test_equal_weights_reproduce_the_reports_ten(policy):
    response = policy.get(URL)
    assert response.status_code == 200
    top = [i for i, _name in response.context["top"]]
    # Measure 4: net impact (2+5+5)/3 = 4, feasibility (5+4+5)/3 = 4.67, sum 8.67: first.
    # Measures 1 and 6 both sum to 7.00 (1: 11/3 + 10/3; 6: 12/3 + 9/3): ranks 9 and 10, ties in
    # plan order. E is next with 8/3 + 12/3 = 6.67, outside the top 10.
    assert top == ["4", "2", "8", "3", "9", "5", "7", "10", "1", "6"]
    assert sorted(top, key=int) == PLAN
    assert response.context["reproduces"] is True
    html = response.content.decode()
    assert 'id="reproductie"' in html
    # the ranked table (rank, id, name, six scores, net impact, feasibility, sum, ...)
    row = row_of(html, "maatregelen", "1")
    assert row[1] == "4" and row[9:12] == ["4,00", "4,67", "8,67"]
    assert row_of(html, "maatregelen", "11")[1] == "E"
    # the matrix: 1 and 6 in high impact / medium feasibility, marked high priority
    assert row_of(html, "matrix", "hoog")[2].startswith("1, 6")


def test_speed_of_introduction_at_zero_moves_measure_7_up_and_swaps_1_for_e(policy):
    response = policy.get(URL, {"speed_of_introduction": "0"})
    assert response.status_code == 200
    rows = {r["id"]: r for r in response.context["tables"]["scores"].rows}
    # 7: feasibility (5 + 5) / 2 = 5.0 (was 13/3), sum 3 + 5 = 8.0; only 4 is higher:
    # 4 + (5 + 4) / 2 = 8.5. So 7 goes from rank 7 to rank 2.
    assert rows["7"]["feasibility"] == 5.0 and rows["7"]["rank"] == 2
    sensitivity = {
        r["measure"].split()[0]: r for r in response.context["tables"]["sensitivity"].rows
    }
    assert (
        sensitivity["7"]["base_rank"],
        sensitivity["7"]["new_rank"],
        sensitivity["7"]["shift"],
    ) == (7, 2, 5)
    # 1: feasibility (2 + 3) / 2 = 2.5 (band low), sum 11/3 + 2.5 = 6.17; E: 8/3 + (4+4)/2 = 6.67.
    # E enters the top 10 (rank 10) and 1 leaves it (rank 12), and 1 loses its high priority.
    assert [i for i, _ in response.context["entered"]] == ["E"]
    assert [i for i, _ in response.context["left"]] == ["1"]
    assert response.context["reproduces"] is False
    assert sensitivity["1"]["new_priority"] != sensitivity["1"]["base_priority"]
    html = response.content.decode()
    cells = row_of(html, "gevoeligheid", "7 Persoonlijk ontwikkelbudget")
    assert cells[1:4] == ["7", "2", "5"]


def test_plan_size_knob_takes_a_smaller_top(policy):
    response = policy.get(URL, {"plan_size": "3"})
    # sums: 4 8.67, then 2 and 8 both 8.00 (2 first in plan order)
    assert [i for i, _ in response.context["top"]] == ["4", "2", "8"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"value_added": "-1"}, "value_added"),  # negative
        (
            {"executability": "0", "public_support": "0", "speed_of_introduction": "0"},
            "executability",
        ),
        ({"value_added": "0", "limited_costs": "0,0", "timely_impact": "0"}, "value_added"),
        ({"timely_impact": "veel"}, "timely_impact"),  # not a number
        ({"impact_medium_from": "4", "impact_high_from": "3,5"}, "impact_high_from"),
        ({"plan_size": "0"}, "plan_size"),
    ],
)
def test_invalid_weights_give_a_field_error_and_the_reports_figures(policy, query, field):
    response = policy.get(URL, query)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html  # the message sits beside the field
    assert 'aria-invalid="true"' in html and 'id="fouten"' in html  # and in the summary
    # the figures fall back to the report's weights
    assert response.context["reproduces"] is True


def test_a_decimal_comma_is_read_as_a_decimal(policy):
    response = policy.get(URL, {"value_added": "0,5"})
    assert response.context["form"].is_valid()
    assert response.context["weights"].value_added == 0.5
    rows = {r["id"]: r for r in response.context["tables"]["scores"].rows}
    # 7: net impact (0.5 x 4 + 2 + 3) / 2.5 = 2.8
    assert rows["7"]["net_impact"] == pytest.approx(2.8)


def test_exports_hold_the_pages_numbers(policy):
    query = {"speed_of_introduction": "0"}
    page = policy.get(URL, query).content.decode()
    rows = {
        r[policy_label("Measure")]: r
        for r in csv_rows(policy.get(URL, {**query, "export": "maatregelen", "format": "csv"}))
    }
    page_row = row_of(page, "maatregelen", "2")  # rank 2 is measure 7
    assert page_row[1] == "7"
    assert float(rows["7"][policy_label("Feasibility")]) == 5.0
    assert page_row[10] == "5,00"
    assert float(rows["7"][policy_label("Net impact")]) == 3.0
    changes = csv_rows(policy.get(URL, {**query, "export": "gevoeligheid", "format": "csv"}))
    seven = next(r for r in changes if r[policy_label("Measure")].startswith("7 "))
    assert seven[policy_label("Places up (+) or down (−)")] == "5"
    xlsx = policy.get(URL, {**query, "export": "matrix", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def policy_label(msgid: str) -> str:
    from django.utils import translation

    with translation.override("nl"):
        return translation.gettext(msgid)
