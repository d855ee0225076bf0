"""`hulplijn reference build --include-respondents`: opted-in assessments of the same round join
the peer distributions only in batches of at least 10 new ones per division x size class cell,
micro-aggregated and frozen; attack 2 of issue #11 (benchmark figures before and after a
rebuild) recovers no respondent's figures."""

import copy
import json
import uuid

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.core.population import population_metrics
from hulplijn.reference import artifact
from hulplijn.web.api import services
from hulplijn.web.assessments.models import Assessment
from tests.web.conftest import complete_wizard

pytestmark = pytest.mark.django_db

# the metrics attack 2 recovered for a single new respondent, by their column in the microdata
ATTACKED = {
    "productivity": "productivity",
    "solvency": "solvency",
    "job_growth": "job_growth",
    "cash_buffer_days_m1": "cash_buffer_days@2020-02",
    "cash_buffer_days_m2": "cash_buffer_days@2020-07",
    "quick_ratio_m1": "quick_ratio@2020-02",
    "quick_ratio_m2": "quick_ratio@2020-07",
}


@pytest.fixture
def small_population(synthetic_population, tmp_path):
    small = tmp_path / "firms.parquet"
    pq.write_table(pq.read_table(synthetic_population).slice(0, 20_000), small)
    return small


def _build(source, out, state):
    result = CliRunner().invoke(
        app,
        [
            "reference",
            "build",
            "--from",
            str(source),
            "--out",
            str(out),
            "--include-respondents",
            "--respondents-state",
            str(state),
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text()), result.output


def _respondents(template, count, seed, sbi="47", working_persons=60):
    """``count`` consenting assessments like ``template`` with other figures, in ``sbi``."""
    rng = np.random.default_rng(seed)
    made = []
    for _ in range(count):
        firm = copy.deepcopy(template.firm_input)
        firm["sbi"], firm["working_persons"] = sbi, working_persons
        for year in firm["years"]:
            year["gross_margin"] = round(year["gross_margin"] * rng.uniform(0.5, 1.5))
            year["fte"] = round(year["fte"] * rng.uniform(0.8, 1.2), 1)
        for moment in firm["liquidity"]:
            moment["cash"] = round(moment["cash"] * rng.uniform(0.3, 2.0))
            moment["trade_debtors"] = round(moment["trade_debtors"] * rng.uniform(0.5, 1.5))
        firm["solvency"]["equity"] = round(firm["solvency"]["equity"] * rng.uniform(0.2, 1.5))
        copy_ = Assessment.objects.get(pk=template.pk)
        copy_.pk, copy_._state.adding = uuid.uuid4(), True
        copy_.firm_input, copy_.sbi, copy_.consent_statistics = firm, sbi, True
        copy_.result = {
            **template.result,
            "size_class": {**template.result["size_class"], "working_persons": working_persons},
        }
        copy_.save()
        made.append(copy_)
    return made


def _true_values(assessments):
    """Each assessment's own metrics (the figures attack 2 gave back), by their published name."""
    columns: dict[str, list[float]] = {}
    for a in assessments:
        firm = a.firm_input
        row = {}
        for suffix, year in zip(
            ("y1", "y2"), sorted(firm["years"], key=lambda y: y["year"]), strict=True
        ):
            row.update({f"{k}_{suffix}": year[k] for k in ("gross_margin", "wage_costs", "fte")})
        for suffix, item in zip(("m1", "m2"), firm["liquidity"], strict=True):
            row.update({f"{k}_{suffix}": v for k, v in item.items() if k != "moment"})
        row.update(firm["solvency"])
        for k, v in row.items():
            columns.setdefault(k, []).append(float(v))
    metrics = population_metrics({k: np.array(v) for k, v in columns.items()})
    return {published: metrics[column] for column, published in ATTACKED.items()}


def _published(folder, division="47", size="midden"):
    """Everything published about a cell: the API's answer and the artifact rows of every group
    that holds the cell (47/midden, G/midden, G, mkb)."""
    reference = artifact.load(folder)
    peers = reference.peers
    section = reference.catalogue.sbi2008[division].section
    keys = {f"{division}/{size}", f"{section}/{size}", section, "mkb"}
    rows = {
        key: (
            int(peers.n[i]),
            peers.quantiles[i].copy(),
            float(peers.mean[i]),
            float(peers.top20_mean[i]),
        )
        for i, key in enumerate(peers.keys)
        if key[2] in keys
    }
    original = services.reference
    services.reference = lambda: reference
    try:
        api = services.benchmark(division, size, "en")
    finally:
        services.reference = original
    return api, rows


def _order_statistics(n, quantiles):
    """The order statistics the 101 percentiles give back exactly: at p with (n - 1) p whole."""
    found = {}
    for i, q in enumerate(quantiles):
        h = (n - 1) * i / 100
        if abs(h - round(h)) < 1e-9:
            found[round(h)] = float(q)
    return found


def _difference(before, after):
    """The multiset difference after - before of the recoverable order statistics."""
    left = sorted(after)
    for value in before:
        match = next((j for j, v in enumerate(left) if np.isclose(v, value, rtol=1e-9)), None)
        if match is not None:
            left.pop(match)
    return left


def test_build_folds_in_consenting_respondents_in_batches(client, small_population, tmp_path):
    complete_wizard(client)  # consents (EXAMPLE_STEPS), round 2016/2018, Feb/Jul 2020
    complete_wizard(client)
    Assessment.objects.filter(pk=Assessment.objects.first().pk).update(consent_statistics=False)
    state = tmp_path / "state.json"
    manifest, output = _build(small_population, tmp_path / "reference", state)
    # one consenting respondent in 47/midden: fewer than 10 new in the cell, so it waits
    assert manifest["respondents"] == 0 and manifest["source"]["rows"] == 20_000
    assert "0 nieuw opgenomen, 1 wachten" in output
    saved = json.loads(state.read_text())
    assert saved["cells"] == {} and saved["folded"] == []
    # nine more in the cell: ten new, folded in together
    _respondents(Assessment.objects.filter(consent_statistics=True).first(), 9, seed=1)
    manifest, output = _build(small_population, tmp_path / "reference", state)
    assert manifest["respondents"] == 10 and manifest["source"]["rows"] == 20_010
    assert "10 nieuw opgenomen, 0 wachten" in output
    saved = json.loads(state.read_text())
    assert set(saved["cells"]) == {"47/midden"} and len(saved["folded"]) == 10
    # the state holds no ids, owners, times or raw figures: the cell, a count and values
    assert set(saved["cells"]["47/midden"]) == {"respondents", "productivity_growth", *ATTACKED}
    text = state.read_text()
    assert not any(str(a.pk) in text for a in Assessment.objects.all())
    plain = CliRunner().invoke(
        app,
        ["reference", "build", "--from", str(small_population), "--out", str(tmp_path / "plain")],
    )
    assert plain.exit_code == 0
    assert json.loads((tmp_path / "plain/manifest.json").read_text())["respondents"] == 0


def test_the_state_file_stays_out_of_the_artifact(small_population, tmp_path):
    out = tmp_path / "reference"
    result = CliRunner().invoke(
        app,
        [
            "reference",
            "build",
            "--from",
            str(small_population),
            "--out",
            str(out),
            "--include-respondents",
            "--respondents-state",
            str(out / "state.json"),
        ],
    )
    assert result.exit_code == 2 and "artefactmap" in result.output


def test_attack_2_before_and_after_a_rebuild_gives_nothing_back(client, small_population, tmp_path):
    complete_wizard(client)
    template = Assessment.objects.get()
    template.consent_statistics = False  # the template itself is not a respondent
    template.save()
    state = tmp_path / "state.json"
    before, _ = _build(small_population, tmp_path / "before", state)
    api_before, rows_before = _published(tmp_path / "before")

    # (a) nine new respondents in 47/midden: they wait, nothing published changes
    nine = _respondents(template, 9, seed=2)
    nine_manifest, output = _build(small_population, tmp_path / "nine", state)
    assert "0 nieuw opgenomen, 9 wachten" in output
    assert nine_manifest["vintage"] == before["vintage"]
    assert _published(tmp_path / "nine")[0] == api_before

    # (b) one new respondent alone in another cell (10/klein): waits, nothing changes
    _respondents(template, 1, seed=3, sbi="10", working_persons=20)
    one_manifest, output = _build(small_population, tmp_path / "one", state)
    assert "0 nieuw opgenomen, 10 wachten" in output
    assert one_manifest["vintage"] == before["vintage"]
    assert _published(tmp_path / "one")[0] == api_before

    # (c) a tenth in 47/midden: the ten fold in; the before/after figures give none of them back
    tenth = _respondents(template, 1, seed=4)
    after, _ = _build(small_population, tmp_path / "after", state)
    assert after["respondents"] == 10 and after["vintage"] != before["vintage"]
    api_after, rows_after = _published(tmp_path / "after")
    truth = _true_values([*nine, *tenth])
    published = {m["metric"]: m for m in api_after["metrics"]}
    for metric in ATTACKED.values():
        assert set(published[metric]["distribution"]) == {"p25", "median", "p75"}  # no mean
    changed = 0
    for key, (n_after, q_after, mean_after, top_after) in rows_after.items():
        metric = key[0]
        if metric not in truth:
            continue
        n_before, q_before, mean_before, _ = rows_before[key]
        changed += n_after != n_before
        # nothing published equals a respondent's own figure ...
        figures = [*q_after, mean_after, top_after]
        for value in truth[metric]:
            assert not np.isclose(figures, value, rtol=1e-8, atol=0).any(), (key, value)
        # ... nor solves for one: the order statistics the percentiles give back exactly,
        # before and after, differ by none of their values
        recovered = _difference(
            _order_statistics(n_before, q_before).values(),
            _order_statistics(n_after, q_after).values(),
        )
        for value in truth[metric]:
            assert not np.isclose(recovered, value, rtol=1e-8, atol=0).any(), (key, value)
        # the group sums differ by the sum of the ten, never by one firm's value
        gained = n_after * mean_after - n_before * mean_before
        assert not np.isclose(truth[metric], gained, rtol=1e-6).any(), key
    assert changed  # the cell and its fallbacks did change
    # what entered: per metric two blocks of five equal values (means of five respondents)
    entered = json.loads(state.read_text())["cells"]["47/midden"]
    for column, metric in ATTACKED.items():
        values = np.array(entered[column])
        assert values.size == 10 and np.unique(values).size == 2
        assert values[:5].mean() == pytest.approx(np.sort(truth[metric])[:5].mean())
        assert not np.isin(values, truth[metric]).any()

    # (d) a folded-in respondent deleted (or its consent withdrawn) still counts: no difference
    tenth[0].delete()
    nine[0].consent_statistics = False
    nine[0].save()
    again, _ = _build(small_population, tmp_path / "again", state)
    assert again["respondents"] == 10 and again["vintage"] == after["vintage"]
    assert _published(tmp_path / "again")[0] == api_after
