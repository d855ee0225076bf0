"""The evaluation's trace from the page, `hulplijn stats evaluation --explain` and GET
/api/v1/evaluation?explain=true: the same published figures, to the last digit, on a seeded
history of two rounds; the API's evaluation is for the policy role only."""

import html as markup
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.web.cockpit.services import evaluation
from tests.web.api.conftest import caller_for
from tests.web.factories import PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("cockpit:evaluation")
API = "/api/v1/evaluation"


def table_rows(html: str, slug: str) -> list[list[str]]:
    """Every row of table ``slug`` on the page, as the text of its cells."""
    block = html.split(f'id="tabel-{slug}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", block, re.S):
        cells = [
            markup.unescape(re.sub(r"<[^>]+>", "", c).strip())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        if cells and not tr.lstrip().startswith('<th scope="col"'):
            rows.append(cells)
    return rows


@pytest.fixture
def seeded():
    # 30 firms in one cell, 12 of which applied (decision 0032's seeded history)
    call_command("seed_evaluation", firms=30, cells=1, seed=1)


def test_page_cli_and_api_give_the_same_published_figures(client, seeded):
    client.force_login(PolicyUserFactory())
    html = client.get(URL, headers={"Accept-Language": "nl"}).content.decode()
    page = {slug: table_rows(html, slug) for slug in ("evaluatie", "herleiding-evaluatie")}
    # the trace holds the regression and the interval's pieces
    labels = [row[0] for row in page["herleiding-evaluatie"]]
    with translation.override("nl"):
        for msgid in (
            "Variance of the estimate (HC0: sum of the squared weighted residuals / N²)",
            "Standard error √(variance × factor)",
            "Student's t, 97.5th percentile at n − 2 degrees of freedom",
        ):
            assert translation.gettext(msgid) in labels

    api = caller_for(Client, PolicyUserFactory()).get(API, language="nl", explain="true")
    assert api.status_code == 200
    document = api.json()
    # #16: synthetic data labelled on every page that uses it: the seeded history is made up
    assert 'id="synthetisch"' in html and document["synthetic"] is True

    cli_json = CliRunner().invoke(app, ["stats", "evaluation", "--explain", "--format", "json"])
    assert cli_json.exit_code == 0, cli_json.output
    from_cli = json.loads(cli_json.stdout)
    # the command and the API: the same document (the API adds its versions)
    assert {k: v for k, v in document.items() if k in from_cli} == from_cli
    assert set(document) - set(from_cli) == {"model_version", "reference_vintage"}

    with translation.override("nl"):
        found = evaluation.estimates()
        estimates = evaluation.estimates_table(found.evaluations, found.labels)
        trace = evaluation.trace_table(found.overall)
        # the API's raw values, shown as the page shows them, are the page's cells
        keys = ("label", "treated_n", "control_n", "cells", "did", "low", "high")
        for row, estimate in zip(page["evaluatie"], document["estimates"], strict=True):
            shown = [c.display(estimate[k]) for c, k in zip(estimates.columns, keys, strict=False)]
            assert row[: len(keys)] == shown
        explained = document["explain"]["rows"]
        for row, value in zip(page["herleiding-evaluatie"], explained, strict=True):
            assert row[1] == trace.columns[1].display(value["value"])

    # the command's table: every cell of the page, under the same label
    text = CliRunner().invoke(app, ["stats", "evaluation", "--explain"])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    for table, rows in ((estimates, page["evaluatie"]), (trace, page["herleiding-evaluatie"])):
        for row in rows:
            start = lines.index(row[0])
            for column, cell in zip(table.columns[1:], row[1:], strict=True):
                if cell:
                    assert f"  {column.label}: {cell}" in lines[start + 1 : start + 10]

    # the figures agree among themselves: the interval is the published DiD ± the half-width,
    # which is t x sqrt(variance x n / (n - 2)) of the published variance and counts
    explain = document["explain"]
    overall = document["estimates"][0]
    spread = explain["interval"]
    assert spread["n"] == overall["treated_n"] + overall["control_n"]
    se = (spread["variance_hc0"] * spread["n"] / (spread["n"] - 2)) ** 0.5
    assert spread["standard_error"] == pytest.approx(se)
    assert spread["half_width"] == float(f"{spread['t_quantile'] * se:.2g}")
    assert overall["low"] == overall["did"] - spread["half_width"]
    assert overall["high"] == overall["did"] + spread["half_width"]
    assert explain["regression"]["treated"] == overall["did"]
    assert [c["treated"] for c in explain["cells"]] == [overall["treated_n"]]


def test_the_evaluation_api_is_for_the_policy_role_only(seeded):
    for user in (UserFactory(), UserFactory(is_staff=True)):
        response = caller_for(Client, user).get(API)
        assert response.status_code == 403
        assert response.json()["detail"] == "The policy role is required."
    assert Client().get(API).status_code == 401


def test_without_a_second_round_the_api_says_there_is_nothing_to_compare():
    response = caller_for(Client, PolicyUserFactory()).get(API, explain="true")
    assert response.status_code == 200
    body = response.json()
    assert body["earlier_round"] is None
    assert body["synthetic"] is False
    overall = body["estimates"][0]
    assert (overall["measure"], overall["did"], overall["reason"]) == ("any", None, "no_cells")
    assert body["explain"]["interval"] is None
