"""Confidentiality of everything the cockpit and `hulplijn stats` publish, tried as an attacker
would: month view minus round view (attack 1), the segment matrix per size class against per
SBI section (attack 3), and one set of records through every output, which must agree and
pass the audit."""

import csv
import io
import json
import random
from datetime import date
from html import escape

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.cockpit import statistics
from hulplijn.web.cockpit.models import StatisticalRecord
from hulplijn.web.cockpit.services import monitoring_release
from tests.web.cockpit.pages import cells_of
from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.django_db

NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)
KEYS = random.Random(2026)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def open_round():
    """One open round spanning November and December (the report's round from the migration
    is closed so that this one is current)."""
    AssessmentRound.objects.update(is_open=False)
    return AssessmentRound.objects.create(
        name="Ronde 2026", year_1=2024, year_2=2025, moment_1="2025-06", moment_2="2026-06"
    )


def add(
    round_, count, month, size="midden", section="G", segment="grow", change=1000, impact="groei"
):
    statistics.store(
        [
            StatisticalRecord(
                round=round_,
                month=month,
                size_class=size,
                section=section,
                segment=segment,
                value_added_change=change,
                sector_impact=impact,
                record_key=KEYS.getrandbits(32),
            )
            for _ in range(count)
        ]
    )


def csv_rows(client, slug, query):
    response = client.get(reverse("cockpit:monitor") + f"?{query}&export={slug}&format=csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def consistent_counts(published_round, published_december, rules):
    """Attack 1 done by hand on the published numbers: every count of the November cell (1 to
    9, as it is hidden) for which some true December count (at least 10, within D of what is
    published) and the round's true count (November + December, within D of what is
    published) fit what the pages show."""
    d = rules.max_perturbation
    possible = set()
    for nov in range(1, rules.min_n):
        for dec in range(max(rules.min_n, published_december - d), published_december + d + 1):
            if abs(nov + dec - published_round) <= d:
                possible.add(nov)
    return possible


def test_round_minus_month_does_not_give_the_hidden_cell_back(client, open_round):
    """Attack 1: with one round over November and December, the round table was the sum of
    the month tables, and round minus December gave back November's 9 firms of 'geen / kleine
    krimp'. Now every published count is perturbed by the cell-key method and the audit
    checks the month and round views together."""
    add(open_round, 9, NOVEMBER, impact="geen_kleine_krimp")
    add(open_round, 11, DECEMBER, impact="geen_kleine_krimp")
    add(open_round, 30, NOVEMBER)
    add(open_round, 25, DECEMBER)
    client.force_login(PolicyUserFactory())
    month = {r["Maand"]: r for r in csv_rows(client, "sectorimpact", "period=month")}
    whole = csv_rows(client, "sectorimpact", "period=round")
    label = next(k for k in whole[0] if k.lower().startswith("geen"))
    assert month["2026-11"][label] == ""  # 9 firms: hidden
    rules = monitoring_release.rules()
    possible = consistent_counts(int(whole[0][label]), int(month["2026-12"][label]), rules)
    # the attacker is left with at least four possible counts, the true 9 among them
    assert 9 in possible and len(possible) >= rules.protection_count + 1
    releases, _ = monitoring_release.release()
    assert releases.passed
    unit = next(r for r in releases["impact"].audit.ranges if r.true == 9)
    assert unit.high - unit.low >= rules.protection_count


def test_segments_per_size_class_and_per_section_do_not_give_a_cell_back(open_round):
    """Attack 3: `hulplijn stats segments` had no secondary suppression, and by size class
    minus by section gave 7 firms (value-added change 43) back. Both breakdowns are now views
    of the one audited release the cockpit publishes."""
    add(open_round, 7, NOVEMBER, size="klein", section="J", segment="renew", change=43_000)
    add(open_round, 40, NOVEMBER, size="klein", section="G", segment="renew", change=1_000)
    add(open_round, 25, NOVEMBER, size="micro", section="J", segment="renew", change=2_000)
    add(open_round, 30, NOVEMBER, size="micro", section="G", segment="grow", change=500)
    runner = CliRunner()
    by_size = json.loads(runner.invoke(app, ["stats", "segments", "--format", "json"]).stdout)
    by_section = json.loads(
        runner.invoke(app, ["stats", "segments", "--by", "section", "--format", "json"]).stdout
    )
    size = {(r["size_class"], r["segment"]): r for r in by_size}
    section = {(r["section"], r["segment"]): r for r in by_section}
    # klein/renew holds 47 firms, G/renew 40 and J/renew 32: with exact figures, klein/renew -
    # G/renew would be J's 7 klein firms and their +301,000
    published = [size["klein", "renew"]["n"], section["G", "renew"]["n"]]
    assert None not in published
    releases, _ = monitoring_release.release()
    assert releases.passed
    rules = monitoring_release.rules()
    small = [r for r in releases["segments"].audit.ranges if r.true == 7 and r.kind == "count"]
    assert small and all(r.high - r.low >= rules.protection_count for r in small)
    totals = [
        r for r in releases["segments"].audit.ranges if r.kind == "total" and r.true == 301_000
    ]
    # the 7 firms' total cannot be pinned closer than 10% of its largest value (43,000) either
    # way: a range of at least 8,600
    assert totals and all(r.high - r.low >= 8_600 for r in totals)
    assert all(r["n"] is None or r["n"] >= rules.min_n for r in [*by_size, *by_section])


def test_every_output_agrees_and_is_protected(client, open_round):
    """The same records through the page, the CSV and XLSX exports and `hulplijn stats
    monitor`: the same numbers cell for cell, nothing below 10 firms, and the audit passed."""
    add(open_round, 30, NOVEMBER, size="micro", segment="accelerate", change=1_000)
    add(open_round, 12, NOVEMBER, size="micro", segment="grow", change=-1_000)
    add(open_round, 9, NOVEMBER, size="micro", segment="renew", change=7_000)
    add(open_round, 20, DECEMBER, size="klein", segment="reform", change=0)
    add(open_round, 14, DECEMBER, size="klein", segment="accelerate", change=2_000)
    client.force_login(PolicyUserFactory())
    query = "period=round&by=size_class"
    page = client.get(reverse("cockpit:monitor") + "?" + query).content.decode()
    exported = csv_rows(client, "segmenten", query)
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                reverse("cockpit:monitor") + f"?{query}&export=segmenten&format=xlsx"
            ).content
        )
    ).active
    _header, *xlsx = [[c.value for c in row] for row in sheet.iter_rows()]
    cli = json.loads(
        CliRunner()
        .invoke(app, ["stats", "monitor", "--period", "round", "--format", "json"])
        .stdout
    )
    rows = cli["segmenten"]["rows"]
    assert len(rows) == len(exported) == len(xlsx)
    for row, line, cells in zip(rows, exported, xlsx, strict=True):
        values = list(line.values())
        n = values[3]
        assert (str(row["n"]) if row["n"] is not None else "") == n
        assert cells[3] == row["n"] if row["n"] is not None else cells[3] in (None, "")
        if row["n"] is not None:
            assert row["n"] >= 10
            shown = cells_of(page, "segmenten", *(escape(v) for v in values[:3]))
            assert shown[3].replace(".", "") == n
    assert all(r["n"] != 9 for r in rows)
    releases, _ = monitoring_release.release()
    assert releases.passed and releases.ranges
