"""The monitoring page, its exports and `hulplijn stats monitor`: the same disclosure-controlled
tables; no figure from fewer than 10 firms anywhere; policy role only."""

import csv
import io
import json
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.web.assessments.models import Assessment, Feedback
from hulplijn.web.cockpit import statistics
from hulplijn.web.cockpit.models import StatisticalRecord
from hulplijn.web.cockpit.services import monitoring_release
from hulplijn.web.cockpit.statistics import month_of
from hulplijn.web.guidance.models import MeasureUptake, SurveyResponse
from tests.web.cockpit.pages import t
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import (
    AdviserFactory,
    AssessmentFactory,
    PolicyUserFactory,
    StatisticalRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)
SLUGS = (
    "perioden",
    "segmenten",
    "dimensies",
    "sectorimpact",
    "geschiktheid",
    "hulpeerst",
    "gebruik",
    "regelingen",
    "vragenlijsten",
    "registercontrole",
    "waardering",
)


@pytest.fixture(autouse=True)
def zero_keys(monkeypatch):
    """Every record and answer key 0 (the randomness is the I/O boundary faked here): every cell
    key is then 0 and every perturbation the same, derived by hand in tests/plan/
    test_monitoring.py: a published count is the true one + 1, a published total the true one
    + 0.102643 x its largest contribution."""
    from hulplijn.web.cockpit import aggregates

    monkeypatch.setattr(statistics, "new_record_key", lambda: 0)
    monkeypatch.setattr(aggregates, "answer_key", lambda pk: 0)
    cache.clear()


NOISE = 0.10264337715925978


def records(count, size="micro", segment="accelerate", change=1000, month=MARCH, section="G"):
    StatisticalRecordFactory.create_batch(
        count,
        size_class=size,
        segment=segment,
        value_added_change=change,
        month=month,
        section=section,
    )


@pytest.fixture
def march():
    """166 firms in March 2024, hand-made so that each disclosure rule has a cell to act on.

    Per size class and segment (firms, value-added change each):
    micro:  accelerate 30 (+1,000), grow 12 (-500), renew 9 (+7,777: 69,993 may never show),
            reform 20 (0)                                                       -> 71 firms
    klein:  accelerate 20 (0), grow 10 (0), renew 5 (+1), reform 10 (+1,111: 11,110 shows)
                                                                                -> 45 firms
    midden: accelerate 8 (+100) and 2 (+1,000,000): 2,000,800, two firms hold 99.96%;
            grow 20 (+100), reform 20 (0)                                       -> 50 firms
    Hidden: micro/renew (9) and klein/renew (5) (fewer than 10); micro/grow (12) and klein/grow
    (10) so that neither row gives them back; the renew column holds two hidden cells (14
    firms), so does grow. Totals: midden/accelerate (dominance) and klein/accelerate (the
    smallest other total of that column, or the accelerate total per SBI section gives it).
    """
    records(30, "micro", "accelerate", 1000)
    records(12, "micro", "grow", -500)
    records(9, "micro", "renew", 7777)
    records(20, "micro", "reform", 0)
    records(20, "klein", "accelerate", 0)
    records(10, "klein", "grow", 0)
    records(5, "klein", "renew", 1)
    records(10, "klein", "reform", 1111)
    records(8, "midden", "accelerate", 100)
    records(2, "midden", "accelerate", 1_000_000)
    records(20, "midden", "grow", 100)
    records(20, "midden", "reform", 0)


def policy_client(client):
    client.force_login(PolicyUserFactory())
    return client


def csv_rows(client, slug, query=""):
    response = client.get(reverse("cockpit:monitor") + f"?{query}export={slug}&format=csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def xlsx_rows(client, slug):
    response = client.get(reverse("cockpit:monitor") + f"?export={slug}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row, strict=True)) for row in rows]


# -- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [UserFactory, AdviserFactory, lambda: UserFactory(is_staff=True)])
def test_users_without_the_policy_role_get_403_on_every_monitoring_url_and_export(client, make):
    client.force_login(make())
    url = reverse("cockpit:monitor")
    assert client.get(url).status_code == 403
    assert client.get(url + "?period=round&by=section").status_code == 403
    for slug in SLUGS:
        for fmt in ("csv", "xlsx"):
            assert client.get(f"{url}?export={slug}&format={fmt}").status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("cockpit:monitor") + "?export=segmenten&format=csv")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# -- disclosure on the page, in the exports and in the CLI -----------------------------------


def test_the_page_shows_cells_of_10_firms_and_nothing_from_9(client, march):
    response = policy_client(client).get(reverse("cockpit:monitor"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page"' in html and reverse("cockpit:monitor") in html
    # klein / reform: 10 firms of +1,111: shown (as 11) with its total, 11,110 + 0.102643 x 1,111
    assert round(11_110 + NOISE * 1_111) == 11_224
    assert "€ 11.224" in html
    # micro / renew: 9 firms of +7,777 (69,993): nothing of it; midden's 2,000,800 neither
    for hidden in ("69.993", "69993", "2.000.800", "2000800"):
        assert hidden not in html
    # the reasons are on the page
    assert "minder dan 10 zelfdiagnoses" in html  # Dutch, the default language; records
    assert "2 zelfdiagnoses vormen samen meer dan 85% van het totaal" in html
    # the chart and its data table
    assert 'data-chart="chart-monitor-segments"' in html
    assert 'id="tabel-segmenten"' in html
    # every table has its export links
    for slug in SLUGS:
        assert f"export={slug}&amp;format=csv" in html


def _rows(client, slug, fmt="csv"):
    """Rows by (group, segment), whatever the column language (the lead translates later)."""
    return csv_rows(client, slug) if fmt == "csv" else xlsx_rows(client, slug)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_10_and_never_9(client, march, fmt):
    client = policy_client(client)
    rows = _rows(client, "segmenten", fmt)
    keys = list(rows[0])
    _period, group, segment, n, share, change, hidden = keys
    table = {(r[group], r[segment]): r for r in rows}
    blank = "" if fmt == "csv" else None
    num = str if fmt == "csv" else (lambda v: v)
    micro_label = next(g for g, _s in table if g.startswith("Micro"))
    klein_label = next(g for g, _s in table if g.startswith("Klein") or g.startswith("Small"))
    midden_label = next(g for g, _s in table if g.startswith("Midden") or g.startswith("Medium"))
    seg = {r[segment] for r in rows}
    accelerate = next(s for s in seg if s.startswith("Versnellen"))
    renew = next(s for s in seg if s.startswith("Vernieuwen"))
    grow = next(s for s in seg if s.startswith("Groeien"))
    reform = next(s for s in seg if s.startswith("Hervormen"))
    # micro (71 firms, published 72): 30 accelerate published as 31 (share 31/72), 30 x 1,000
    # + 0.102643 x 1,000; renew 9 hidden; grow 12 published as 13, -6,000 + 0.102643 x 500
    assert table[micro_label, accelerate][n] == num(31)
    assert table[micro_label, accelerate][change] == num(30103)
    assert float(table[micro_label, accelerate][share]) == pytest.approx(31 / 72)
    assert (table[micro_label, renew][n], table[micro_label, renew][change]) == (blank, blank)
    assert "minder dan 10 zelfdiagnoses" in table[micro_label, renew][hidden]
    assert table[micro_label, grow][n] == num(13)
    assert table[micro_label, grow][change] == num(round(-6_000 + NOISE * 500))
    # klein / reform: 10 firms, published as 11 with 11,110 + 0.102643 x 1,111
    assert table[klein_label, reform][n] == num(11)
    assert table[klein_label, reform][change] == num(11224)
    # midden / accelerate: 10 firms shown (11), the dominated total hidden
    assert table[midden_label, accelerate][n] == num(11)
    assert table[midden_label, accelerate][change] == blank
    assert "85%" in table[midden_label, accelerate][hidden]
    # no count under 10 in any exported table, and none of the hidden sums
    for slug in SLUGS:
        text = json.dumps(_rows(client, slug, fmt), default=str)
        for hidden_sum in ("69993", "2000800"):
            assert hidden_sum not in text
    for r in rows:
        assert r[n] in (blank, None) or int(r[n]) >= 10


def test_hidden_and_empty_cells_look_different(client, march):
    """#16: one dash meant both "hidden" and "no firms". As in CBS tables, a hidden cell is an x
    and an empty one a dash; the note is the legend."""
    html = policy_client(client).get(reverse("cockpit:monitor")).content.decode()
    block = html.split('id="tabel-segmenten"', 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", block, re.S):
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in found])

    def row(group: str, segment: str) -> list[str]:
        return next(r for r in rows if r[1].startswith(group) and r[2].startswith(segment))

    # micro / renew: 9 firms, hidden: count, share and change are x
    assert row("Micro", "Vernieuwen")[3:6] == ["x", "x", "x"]
    # midden / accelerate: 10 firms shown as 11, the dominated total hidden: x
    assert row("Midden", "Versnellen")[3] == "11" and row("Midden", "Versnellen")[5] == "x"
    # midden / renew: no firms at all: a dash, and no reason
    assert row("Midden", "Vernieuwen")[3:7] == ["–", "–", "–", ""]
    assert "x betekent: verborgen vanwege geheimhouding" in html


def test_the_cli_prints_the_same_tables_and_nothing_from_9(march):
    result = CliRunner().invoke(app, ["stats", "monitor", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == set(SLUGS)
    rows = document["segmenten"]["rows"]
    assert [r["n"] for r in rows if r["n"] is not None and r["n"] < 10] == []
    # 30 micro accelerate (31, +30,103); 10 klein reform (11, +11,224); midden's total hidden
    assert {(r["n"], r["value_added_change"]) for r in rows if r["n"] in (31,)} == {(31, 30103)}
    assert (11, 11224) in {(r["n"], r["value_added_change"]) for r in rows}
    for hidden_sum in ("69993", "2000800"):
        assert hidden_sum not in result.stdout
    # records only (no stored assessments): assessments 167, no firms to count
    assert document["perioden"]["rows"] == [
        {"period": "2024-03", "n": 167, "firms": None, "hidden": ""}
    ]
    table = CliRunner().invoke(app, ["stats", "monitor", "--period", "round", "--by", "section"])
    assert table.exit_code == 0, table.output
    # per SBI section all 166 firms are in G: G/renew holds 14 firms (69,998, published
    # 69,998 + 0.102643 x 7,777 = 70,796), G/accelerate is dominated; micro/renew's 69,993
    # shows nowhere
    assert "69993" not in table.stdout and "69.993" not in table.stdout
    assert round(69_998 + NOISE * 7_777) == 70_796
    assert "70.796" in table.stdout


def test_a_single_firm_never_shows(client, march):
    records(1, "micro", "accelerate", 424_242, month=date(2024, 4, 1))
    records(15, "micro", "accelerate", 5, month=date(2024, 5, 1))
    client = policy_client(client)
    html = client.get(reverse("cockpit:monitor")).content.decode()
    periods = csv_rows(client, "perioden")
    # April (1 firm) is not listed; March (166) and May (15) are, as 167 and 16. The round
    # total (182, published 183) minus both leaves April anywhere from 1 to 6 firms (183 +- 2
    # - (167 +- 2) - (16 +- 2)), which the audit accepts
    # (the firms column is empty: these are records without stored assessments)
    assert [list(r.values()) for r in periods] == [
        ["2024-03", "167", "", ""],
        ["2024-05", "16", "", ""],
    ]
    for shown in (html, json.dumps([csv_rows(client, s) for s in SLUGS])):
        assert "424242" not in shown and "424.242" not in shown
        assert "2024-04" not in shown
    # per round (one round, 182 firms) the firm is one of many, and its figure is not shown:
    # its micro / accelerate cell (30 x 1,000 + 424,242 + 15 x 5) is dominated
    rounds = csv_rows(client, "perioden", "period=round&")
    assert [list(r.values())[1] for r in rounds] == ["183"]
    assert "424242" not in json.dumps(csv_rows(client, "segmenten", "period=round&"))
    releases, _ = monitoring_release.release()
    april = [r for r in releases["segments"].audit.ranges if r.true == 1 and r.kind == "count"]
    assert april and all(r.high - r.low >= 3 for r in april)


def test_groups_under_10_firms_are_not_listed(client, march):
    client = policy_client(client)
    # by section: 166 firms in G and 4 in C. C is not listed; G is (167): the month's total
    # (171, published 172) minus G leaves C anywhere from 1 to 8 firms
    records(4, section="C")
    groups = {list(r.values())[1] for r in csv_rows(client, "segmenten", "by=section&")}
    assert len(groups) == 1 and groups.pop().startswith("G ")
    # 6 more in F: C and F (4 + 6 = 10 firms) are not listed, G is
    records(6, section="F")
    groups = {list(r.values())[1] for r in csv_rows(client, "segmenten", "by=section&")}
    assert len(groups) == 1 and groups.pop().startswith("G ")


def test_a_policy_user_cannot_open_a_firm_s_assessment(client):
    complete_wizard(client)
    stored = Assessment.objects.get()
    client.logout()
    client.force_login(PolicyUserFactory())
    assert client.get(reverse("assessments:dashboard", args=[stored.pk])).status_code == 404


# -- the anonymised record -------------------------------------------------------------------


def test_completing_with_consent_writes_an_unlinked_record_that_outlives_the_assessment(client):
    complete_wizard(client)
    stored = Assessment.objects.get()
    assert StatisticalRecord.objects.count() == 0  # queued until a batch of 10 (test_statistics)
    statistics.flush(force=True)
    record = StatisticalRecord.objects.get()
    # the example firm: 60 working persons (midden), SBI 47 (section G); gross margin 909,000
    # (2016) -> 965,000 (2018): +56,000; productivity and jobs grew: accelerate
    assert (record.size_class, record.section, record.segment) == ("midden", "G", "accelerate")
    assert record.value_added_change == 56_000  # whole thousands
    assert record.month == month_of(stored.created_at)
    assert record.round_id == stored.round_id
    eligible = sorted(
        m["id"] for m in stored.result["eligible_measures"] if m["status"] == "eligible"
    )
    assert record.eligible_measures == eligible
    bench = stored.result["benchmark"]["productivity_growth"]["percentile"]
    assert record.productivity_growth_band == records_band(round(bench))
    # no link back: the only relation is the round
    relations = [f.name for f in StatisticalRecord._meta.get_fields() if f.is_relation]
    assert relations == ["round"]
    stored.delete()
    assert StatisticalRecord.objects.count() == 1


def records_band(percentile):
    from hulplijn.plan.records import band

    return band(percentile)


def test_no_record_without_consent_and_one_per_consenting_assessment(client):
    without = {**EXAMPLE_STEPS, "toestemming": {}}
    complete_wizard(client, without)
    assert statistics.pending() == 0
    complete_wizard(client)
    complete_wizard(client)  # the same owner again: one record per consenting assessment
    assert Assessment.objects.filter(consent_statistics=True).count() == 2
    statistics.flush(force=True)
    assert StatisticalRecord.objects.count() == 2


# -- live tables: uptake, surveys, feedback --------------------------------------------------


def firm(n, consent=True, session=None):
    """A stored consenting assessment (this month) of the example firm, which qualifies for
    measure 8, queued for its anonymised record the real way (write the batch with
    statistics.flush)."""
    return AssessmentFactory(session_key=session or f"sessie-{n}", consent_statistics=consent)


def test_firms_and_assessments_are_counted_apart(client):
    # 10 owners assess their firm twice this month, 3 anonymous visitors once, all with consent:
    # 23 assessments (records), 13 firms (an owner's account is one firm; an assessment without
    # account is a firm of its own). Published: each count off by at most 2, so assessments
    # 21..25 and firms 11..15 (never below 10): the two ranges do not meet
    owners = [UserFactory() for _ in range(10)]
    for owner in owners:
        AssessmentFactory(owner=owner, consent_statistics=True)
        AssessmentFactory(owner=owner, consent_statistics=True)
    for i in range(3):
        firm(200 + i)
    assert statistics.flush() == 23
    client = policy_client(client)
    [row] = [list(r.values()) for r in csv_rows(client, "perioden")]
    assessments, firms = int(row[1]), int(row[2])
    assert 21 <= assessments <= 25
    assert 11 <= firms <= 15
    html = client.get(reverse("cockpit:monitor")).content.decode()
    assert t("Firms (distinct)") in html and t("Assessments") in html
    # a KvK number is a firm whoever assessed it: 10 anonymous assessments of one KvK number
    # are one firm more (14 firms), still 10 assessments more (33)
    for i in range(10):
        AssessmentFactory(session_key=f"kvk-{i}", kvk_number="12345678", consent_statistics=True)
    assert statistics.flush() == 10
    [row] = [list(r.values()) for r in csv_rows(client, "perioden")]
    assert 31 <= int(row[1]) <= 35
    assert 12 <= int(row[2]) <= 16


def test_uptake_survey_scores_and_feedback_by_hand(client):
    from hulplijn.reference import params

    firms = [firm(i) for i in range(30)]
    outsider = firm(100, consent=False)
    assert statistics.flush() == 30
    assert StatisticalRecord.objects.count() == 30
    for f in firms[:10]:
        MeasureUptake.objects.create(assessment=f, measure="8", status="intend")
    for f in firms[10:20]:
        MeasureUptake.objects.create(assessment=f, measure="8", status="applied")
    MeasureUptake.objects.create(assessment=outsider, measure="8", status="applied")
    survey = params.surveys()[0]
    for i, f in enumerate(firms[:10]):
        answer = 4 if i < 6 else 2
        SurveyResponse.objects.create(
            assessment=f, survey=survey.code, answers={q.code: answer for q in survey.questions}
        )
    for f in firms[:10]:
        Feedback.objects.create(assessment=f, rating=4)
    Feedback.objects.create(assessment=firms[10], rating=5)
    Feedback.objects.create(assessment=firms[10], rating=2)  # its latest rating counts
    Feedback.objects.create(assessment=outsider, rating=1)

    client = policy_client(client)
    this_month = f"{month_of(timezone.now()):%Y-%m}"
    uptake = csv_rows(client, "gebruik")
    measure_8 = [list(r.values()) for r in uptake if list(r.values())[1].startswith("8.")]
    # 30 firms qualify (published 31); 10 going to apply, 10 applied, 0 not for me, 10 no
    # answer (each published as 11); share (11 + 11) / 31 (the non-consenting one is not counted)
    assert measure_8 == [
        [this_month, measure_8[0][1], "31", "11", "11", "", "11", str(22 / 31), ""]
    ]
    surveys = {list(r.values())[1]: list(r.values()) for r in csv_rows(client, "vragenlijsten")}
    title = next(t for t in surveys if t in (survey.title, survey.title_en))
    # 10 respondents (published 11): 6 answered 4 everywhere, 4 answered 2: total 32, plus
    # 0.102643 x 4 (the largest score), over 11: 2.95
    assert round((32 + NOISE * 4) / 11, 2) == 2.95
    assert surveys[title][2:4] == ["11", "2.95"]
    feedback = [list(r.values()) for r in csv_rows(client, "waardering")]
    # 11 firms (published 12): ten 4s (published 11) and one 2 (its latest, hidden); no mean,
    # which would give the hidden count back (total = 4 x n4 + 2 x n2)
    assert feedback[0][:3] == [this_month, "12", ""]
    assert feedback[0][3:8] == ["", "", "", "11", ""]


def test_scheme_uptake_among_the_firms_that_qualified_by_hand(client):
    """Issue 13: owners answer for the open schemes they qualify for; the cockpit counts the
    answers among the firms whose anonymised record says they qualified."""
    from tests.web.factories import example_firm

    planning = {**example_firm(), "plans": ["invest", "borrow"]}
    firms = [
        AssessmentFactory(session_key=f"plan-{i}", consent_statistics=True, firm_input=planning)
        for i in range(30)
    ]
    outsider = AssessmentFactory(
        session_key="plan-x", consent_statistics=False, firm_input=planning
    )
    assert statistics.flush() == 30
    # the example firm that plans to invest and borrow: it qualifies for KIA, BMKB, BMKB-C and
    # GO (the factory judges no day, so nothing has ended), and its record keeps that: the
    # denominator outlives the assessment, as for the measures
    kept = StatisticalRecord.objects.values_list("eligible_schemes", flat=True)
    assert {tuple(r) for r in kept} == {("bmkb", "bmkb_c", "go", "kia")}
    # 12 firms of the same month that qualified for no scheme
    StatisticalRecordFactory.create_batch(12, month=month_of(timezone.now()))
    for f in firms[:10]:
        MeasureUptake.objects.create(assessment=f, measure="kia", status="intend")
    for f in firms[10:21]:
        MeasureUptake.objects.create(assessment=f, measure="kia", status="applied")
    MeasureUptake.objects.create(assessment=firms[21], measure="kia", status="not_for_me")
    MeasureUptake.objects.create(assessment=outsider, measure="kia", status="applied")
    for f in firms[:10]:
        MeasureUptake.objects.create(assessment=f, measure="go", status="not_for_me")

    client = policy_client(client)
    this_month = f"{month_of(timezone.now()):%Y-%m}"
    rows = {list(r.values())[1]: list(r.values()) for r in csv_rows(client, "regelingen")}
    kia = next(v for k, v in rows.items() if k.startswith("KIA") or "Kleinschalig" in k)
    # KIA: 30 qualify (published 31): 10 going to apply (11), 11 applied (12), 1 not for me and
    # 8 without an answer (both fewer than 10: hidden); share (11 + 12) / 31. The firm without
    # consent is not counted, nor are the 12 firms that did not qualify
    assert kia[:7] == [this_month, kia[1], "31", "11", "12", "", ""]
    assert kia[7] == str(23 / 31)
    assert "minder dan 10 zelfdiagnoses" in kia[8]
    # GO: 30 qualify (31): 10 not for me (11), 20 without an answer (21), share 0 / 31
    go = next(v for k, v in rows.items() if "Garantie" in k or k.startswith("GO"))
    assert go[2:8] == ["31", "", "", "11", "21", "0.0"]
    # BMKB and BMKB-C: nobody answered: 30 without an answer (31); WBSO and the others: no
    # firm qualified, not listed
    assert len(rows) == 4
    assert {tuple(v[2:8]) for v in rows.values()} - {tuple(kia[2:8]), tuple(go[2:8])} == {
        ("31", "", "", "", "31", "0.0")
    }
    # the measures' uptake table is not touched by the answers on schemes: its qualifying firms
    # (the 30, published 31) all count as not answered
    measures = [list(r.values()) for r in csv_rows(client, "gebruik")]
    assert measures and {tuple(v[2:8]) for v in measures} == {("31", "", "", "", "31", "0.0")}
    html = client.get(reverse("cockpit:monitor")).content.decode()
    assert 'id="tabel-regelingen"' in html


# -- the uptake form -------------------------------------------------------------------------


def test_the_owner_marks_a_measure_without_javascript(client):
    response = complete_wizard(client)
    stored = Assessment.objects.get()
    # issue 13: only an open scheme the firm qualifies for invites an application, never one of
    # the report's proposals (the example firm plans to invest and borrow: KIA, BMKB, GO)
    inviting = [m["id"] for m in stored.result["schemes"] if m["invites_application"]]
    assert inviting == ["kia", "bmkb", "go"]
    measure = inviting[0]
    url = reverse("assessments:uptake", args=[stored.pk, measure])
    html = response.content.decode()
    assert f'action="{url}"' in html and 'name="status" value="applied"' in html
    response = client.post(url, {"status": "intend"})
    assert response.status_code == 302
    # the redirect lands on the scheme's own item, which shows the confirmation (issue 14)
    assert response["Location"].endswith(f"#regeling-{measure}")
    client.post(url, {"status": "applied"})  # changing the answer keeps one row
    assert list(MeasureUptake.objects.values_list("measure", "status")) == [(measure, "applied")]
    page = client.get(reverse("assessments:dashboard", args=[stored.pk])).content.decode()
    assert "Your answer:" in page or "Uw antwoord:" in page
    item = page.split(f'id="regeling-{measure}"', 1)[1].split("</li>", 1)[0]
    assert "hl-messages--here" in item and "Uw antwoord is bewaard." in item
    # a report measure (even one whose idea suits the firm), a measure the firm does not qualify
    # for, or an unknown status, is refused
    proposal = next(
        m["id"] for m in stored.result["eligible_measures"] if m["status"] == "eligible"
    )
    assert (
        client.post(
            reverse("assessments:uptake", args=[stored.pk, proposal]), {"status": "intend"}
        ).status_code
        == 404
    )
    other = next(m["id"] for m in stored.result["eligible_measures"] if m["status"] != "eligible")
    assert (
        client.post(
            reverse("assessments:uptake", args=[stored.pk, other]), {"status": "intend"}
        ).status_code
        == 404
    )
    assert client.post(url, {"status": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405


def test_a_stranger_cannot_mark_a_measure(client, django_user_model):
    from django.test import Client

    complete_wizard(client)
    stored = Assessment.objects.get()
    measure = next(m["id"] for m in stored.result["schemes"] if m["invites_application"])
    url = reverse("assessments:uptake", args=[stored.pk, measure])
    stranger = Client()
    assert stranger.post(url, {"status": "applied"}).status_code == 404
    stranger.force_login(UserFactory())
    assert stranger.post(url, {"status": "applied"}).status_code == 404
    assert MeasureUptake.objects.count() == 0


def test_the_uptake_form_needs_the_csrf_token(client):
    from django.test import Client

    complete_wizard(client)
    stored = Assessment.objects.get()
    measure = next(m["id"] for m in stored.result["schemes"] if m["invites_application"])
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    url = reverse("assessments:uptake", args=[stored.pk, measure])
    assert strict.post(url, {"status": "applied"}).status_code == 403


def test_the_release_is_cached_until_a_batch_is_added(march, monkeypatch):
    from hulplijn.web.cockpit.services.monitoring import build

    made = []
    real = monitoring_release.pure.release
    monkeypatch.setattr(monitoring_release.pure, "release", lambda *a: made.append(1) or real(*a))
    first = build("month", "size_class")
    assert len(made) == 1 and first.records == 166  # the march fixture: 71 + 45 + 50 firms
    again = build("month", "size_class")
    assert len(made) == 1 and again.records == 166  # served from the cache
    assert [t.rows for t in again.tables] == [t.rows for t in first.tables]
    records(10, "micro", "grow", -500)
    after = build("month", "size_class")
    assert len(made) == 2 and after.records == 176  # a new batch makes a new release


# -- help first (decision 0025): counted through the same disclosure control -------------------


def _help_first_rows(client):
    return [list(r.values()) for r in csv_rows(policy_client(client), "hulpeerst")]


def test_firms_offered_help_first_are_counted_from_10(client, march):
    StatisticalRecordFactory.create_batch(
        10, size_class="micro", segment="reform", month=MARCH, section="I", help_first=True
    )
    (row,) = _help_first_rows(client)
    # period, firms offered help first, share, hidden: 10 firms is a publishable cell (its count
    # may be perturbed by the cell-key method, so only "a number" is asserted)
    assert row[1] not in ("", None) and int(row[1]) > 0
    assert row[3] in ("", None)


def test_nine_firms_offered_help_first_are_hidden(client, march):
    StatisticalRecordFactory.create_batch(
        9, size_class="micro", segment="reform", month=MARCH, section="I", help_first=True
    )
    (row,) = _help_first_rows(client)
    assert row[1] in ("", None) and row[2] in ("", None)  # neither the count nor its share
    assert "minder dan 10 zelfdiagnoses" in row[3]


def test_the_monitoring_page_says_when_its_peers_are_synthetic(client, march):
    """#16: synthetic data was labelled only on the overview; the dimensions' percentile bands
    compare with the live reference's peers, which in tests (and until microdata is connected)
    are the synthetic population."""
    from django.conf import settings

    from hulplijn.reference import artifact

    assert artifact.read_manifest(settings.HULPLIJN_REFERENCE_DIR)["synthetic"] is True
    html = policy_client(client).get(reverse("cockpit:monitor")).content.decode()
    notice = html.split('id="synthetisch"', 1)[1].split("</div>", 1)[0]
    assert "SYNTHETISCHE populatie" in notice


def test_tables_that_count_assessments_say_so_and_only_the_first_counts_firms(client, march):
    # #16: "Bedrijven" counted assessments. The records are one per consenting assessment (a
    # firm assessed twice counts twice), so every table over them says "assessments"; only the
    # first table's "Firms (distinct)" counts firms
    html = policy_client(client).get(reverse("cockpit:monitor")).content.decode()

    def header(slug: str) -> list[str]:
        table = html.split(f'id="tabel-{slug}"', 1)[1].split("</thead>", 1)[0]
        return [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        ]

    assert t("Assessments") in header("segmenten") and t("Firms") not in header("segmenten")
    assert t("Firms (distinct)") in header("perioden") and t("Assessments") in header("perioden")
    assert t("Assessments that qualify") in header("geschiktheid")
    assert t("Firms") not in [
        c for slug in ("geschiktheid", "hulpeerst", "waardering") for c in header(slug)
    ]
    table = CliRunner().invoke(app, ["stats", "segments"])
    assert table.exit_code == 0, table.output
    assert "zelfdiagnoses" in table.stdout and "(een bedrijf met twee telt twee" in table.stdout


def test_the_sector_impact_table_says_which_classes_are_low_confidence_readings(client, march):
    # #16: caveats wherever a low-confidence reading is shown: the classes of medium-sized
    # firms come from the report's scrambled Panteia column (sector_impact.yaml: 9 of the
    # medium band's readings and 1 of the small band's have confidence low)
    html = policy_client(client).get(reverse("cockpit:monitor")).content.decode()
    block = html.split('id="tabel-sectorimpact"', 1)[1].split("hl-export", 1)[0]
    note = block.split('class="nl-paragraph hl-note"', 1)[1]
    assert "onzekere lezing van een tabel die het rapport door elkaar afdrukt" in note
    assert "(zekerheid: laag)" in note
