"""The plan-impact page: per-measure figures from the stated assumptions, what reproduces, the
totals adding up, financing, the macro projection, and every table's export."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.cockpit.pages import cells_of, t
from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.django_db

URL = reverse("cockpit:plan")


@pytest.fixture
def page(client):
    client.force_login(PolicyUserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    return client, response


def export(client, slug: str, fmt: str = "csv"):
    response = client.get(URL, {"export": slug, "format": fmt})
    assert response.status_code == 200, slug
    if fmt == "xlsx":
        return [
            [c.value for c in row]
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        ]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_innovation_scheme_from_its_stated_assumptions(page):
    client, response = page
    html = response.content.decode()
    # Measure 4: EUR 100 m x 80% used = 0.08 bn; half grants (0.04), half loans (0.04) matched 1:1
    # by private capital: innovation 0.04 + 0.04 x 2 = 0.12; EUR 2 value added per EUR:
    # growth 0.24 a year from 2021, so the contribution (cumulated) is 0.24 x 5 = 1.20 in 2025,
    # at min, mid and max alike (no range enters the value added).
    name = "4 Investeringsregeling gericht op toepassing van innovatie"
    mid, low = t("mid"), t("min")  # the page is Dutch: "midden", "min"
    assert cells_of(html, "per-jaar", name, mid)[2:] == ["0,24", "0,48", "0,72", "0,96", "1,20"]
    assert cells_of(html, "per-jaar", name, low)[-1] == "1,20"
    # against the report: 1.0-1.4, midpoint 1.2 -> reproduced, difference 0
    row = cells_of(html, "reproductie", name)
    assert row[1:7] == [t("reproduced"), "1,20", "1,00", "1,40", "1,20", "0,00"]
    # the export holds the same numbers, unrounded
    rows = export(client, "per-jaar")
    mid_row = next(r for r in rows if r[0] == name and r[1] == mid)
    assert [round(float(x), 10) for x in mid_row[2:]] == [0.24, 0.48, 0.72, 0.96, 1.2]


def test_measures_that_do_not_reproduce_say_so_with_the_difference(page):
    _client, response = page
    html = response.content.decode()
    assert response.context["reproduced"] == ["3", "4", "5", "6", "8", "10"]
    assert response.context["not_reproduced"] == ["1", "2", "7", "9"]
    # 7: 2.6 m x 7.5% users x EUR 78,846 x 10% = 1.5375 a year from 2022, 4 x 1.5375 = 6.15 in
    # 2025 against the report's 4.0-6.0: 0.15 above; investment 4 x 1.3 + 0.025 = 5.225 against
    # 3.4-4.6: 0.625 above (shown 0,62 or 0,63 by rounding of a float just under or over).
    row = cells_of(html, "reproductie", "7 Een persoonlijk ontwikkelbudget")
    assert row[1].startswith("niet gereproduceerd (")  # the page is Dutch
    assert "0,15" in row[1]
    assert row[2] == "6,15" and row[6] == "1,15"  # 6.15 - the report's midpoint 5.0
    # the Dutch note (plan_assumptions.yaml), as text in the list beside the verdict (#16: no
    # longer the 14th column of a wide table)
    notes = html.split('id="waarom-niet"', 1)[1].split("</ul>", 1)[0]
    assert "50%, 75% en 100%" in notes


def test_totals_are_the_sums_of_the_measures_and_checked_against_the_report(page):
    client, response = page
    html = response.content.decode()
    result = response.context["result"]
    total_2025 = sum(float(m.figures.va_2025[1]) for m in result.measures)
    assert total_2025 == pytest.approx(30.04, abs=0.005)
    # the page's own check: sum of the measures minus the model's total is 0
    for row in export(client, "optelling")[1:]:
        assert float(row[3]) == pytest.approx(0, abs=1e-9), row
    # value added 2025: 30.04 against the report's 20-30: outside; investment 10.32 in 8.5-12;
    # three significant digits (#16: two decimals everywhere was false precision): 30,0 and 10,3
    row = cells_of(html, "totalen", t("Value added 2025") + " (mld €)")  # Dutch unit
    assert row[2] == "30,0" and row[4:6] == ["20,0", "30,0"] and row[6] == t("no")
    row = cells_of(html, "totalen", t("Investment 2021–2025") + " (mld €)")
    assert row[2] == "10,3" and row[6] == t("yes")


def test_financing_adds_up_to_the_investment(page):
    client, _response = page
    rows = export(client, "financiering")
    total = next(r for r in rows if r[0] == t("Total"))
    sources = [r for r in rows[1:] if r[0] not in (t("Total"), t("Group total"))]
    for k in range(2, 10):
        assert sum(float(r[k]) for r in sources) == pytest.approx(float(total[k]), abs=1e-9)
    # 2 is financed from forgone tax only: 15% x 4 x 1.5 = 0.9 in 2021 and 2022, nothing after
    forgone = next(r for r in rows if r[0].startswith("Gederfde belastinginkomsten"))
    assert [round(float(x), 6) for x in forgone[2:7]] == [0.9, 0.9, 0.0, 0.0, 0.0]


def test_the_macro_projection_is_a_second_view(page):
    client, response = page
    html = response.content.decode()
    # 2019 = 205 x 1.026 = 210.33; the MLT line starts there too
    row = cells_of(html, "macro", "2019")
    assert row[1] == "210,33" and row[7] == "210,33"
    # 2021 = 210.33 x (1 - 11%) = 187.19, no stimulus yet (gap 0)
    row = cells_of(html, "macro", "2021")
    assert row[1:4] == ["187,19", "187,19", "0,00"]
    headline = export(client, "macro-kerncijfers")
    assert len(headline) == 1 + 5
    # the stacked chart and the macro chart carry their specs, each beside its table
    assert 'data-chart="chart-stacked"' in html and 'id="chart-stacked"' in html
    assert 'data-chart="chart-macro"' in html and 'id="chart-macro"' in html


def test_every_table_exports_as_csv_and_xlsx_with_the_same_rows(page):
    client, response = page
    for slug, table in ((tb.slug, tb) for tb in response.context["tables"].values()):
        rows_csv = export(client, slug)
        rows_xlsx = export(client, slug, "xlsx")
        assert len(rows_csv) == len(rows_xlsx) == len(table.rows) + 1, slug
        assert rows_csv[0] == [str(c.label) for c in table.columns]


def test_every_no_of_the_financing_checks_is_explained_beside_it(page):
    # #16: each "nee" explained where it is shown, with its unit. Forgone tax revenue is measure
    # 2 alone: 15% x EUR 6 bn = 0.9 a year against the report's 1.2-1.5, 0.30 below (three
    # significant digits, as the table), because measure 2's cost
    # does not reproduce (the report's 1.35 is 15% of EUR 9 bn); 2021's total misses the
    # report's 2.0-3.0 with 1.96 (measures 2, 7 and 9 have an investment outside their ranges)
    _client, response = page
    html = response.content.decode()
    listed = html.split('id="waarom-financiering-rapport"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li[^>]*><strong>(.*?)</strong>: (.*?)</li>", listed, re.S)
    table = html.split('id="tabel-financiering-rapport"', 1)[1].split("</table>", 1)[0]
    assert len(items) == table.count(f">{t('no')}<") == 10
    reasons = dict(items)
    tax = next(v for k, v in reasons.items() if k.startswith("2021: Gederfde"))
    assert next(k for k in reasons if k.startswith("2021: Gederfde")).endswith("(mld €)")
    assert tax.startswith("0,30 onder het bereik van het rapport")
    assert tax.endswith(
        "maatregelen waarvan de investering buiten het bereik van het rapport ligt: 2 "
        "(zie waarom elk niet reproduceert)"
    )
    total = reasons["2021: " + t("total") + " (mld €)"]
    assert ": 2, 7, 9 (" in total
