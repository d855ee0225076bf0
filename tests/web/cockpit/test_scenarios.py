"""Scenarios in the cockpit: saved with a unique name, compared with the baseline, a seeded Monte
Carlo, the macro view with other assumptions, exports, the YAML definition the CLI reads, and
only policy users (with a CSRF token) can see, save or delete."""

import csv
import io

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from hulplijn.plan import macro
from hulplijn.web.cockpit.models import Scenario
from tests.web.cockpit.pages import cells_of, t
from tests.web.factories import AdviserFactory, PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db

INNOVATION = "4 Investeringsregeling gericht op toepassing van innovatie"


@pytest.fixture
def policy(client):
    client.force_login(PolicyUserFactory())
    return client


def save(client, **fields):
    data = {"name": "Zonder innovatieregeling", "description": "", **fields}
    return client.post(reverse("cockpit:scenario_new"), data)


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_dropping_a_measure_lowers_the_2025_total_by_exactly_its_contribution(policy):
    response = save(policy, drop=["4"])
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Zonder innovatieregeling")
    assert scenario.overrides == {"drop": ["4"]}
    assert response["Location"] == reverse("cockpit:scenario", args=[scenario.pk])
    url = response["Location"]
    page = policy.get(url)
    html = page.content.decode()
    # Measure 4 adds 0.24 a year (0.08 used: grants 0.04 + loans 0.04 doubled by private capital
    # = 0.12 innovation x EUR 2 value added), so 1.20 in 2025. Left out, it counts as 0: the total
    # falls from 30.04 to 28.84, by exactly 1.20, at min, mid and max (its range is a point).
    row = cells_of(html, "vergelijking-contribution", INNOVATION, "2025")
    assert row[2] == t("left out")
    assert row[3:6] == ["1,20", "1,20", "1,20"] and row[6:9] == ["0,00", "0,00", "0,00"]
    total = cells_of(html, "vergelijking-contribution", t("Total"), "2025")
    # three significant digits (#16: two decimals everywhere was false precision)
    assert total[4] == "30,0" and total[7] == "28,8"
    assert total[9:12] == ["-1,20", "-1,20", "-1,20"]
    # the export holds the same numbers: the total's difference equals minus 4's contribution
    rows = rows_of(policy.get(url, {"export": "vergelijking-contribution", "format": "csv"}))
    four = next(r for r in rows if r[0] == INNOVATION and r[1] == "2025")
    total = next(r for r in rows if r[0] == t("Total") and r[1] == "2025")
    for k in (9, 10, 11):  # difference min, mid, max
        assert float(total[k]) == pytest.approx(-float(four[k - 6]), abs=1e-12)
    assert float(four[4]) == pytest.approx(1.2, abs=1e-12)
    assert page.context["va_2025_difference"] == pytest.approx(-1.2, abs=1e-12)


def test_the_comparison_can_show_investment(policy):
    save(policy, drop=["2"])
    url = reverse("cockpit:scenario", args=[Scenario.objects.get().pk])
    html = policy.get(url, {"quantity": "investment"}).content.decode()
    # 2 costs 15% x EUR 4 bn x 1.5 = 0.90 a year in 2021 and 2022 (the mid discount rate)
    row = cells_of(
        html, "vergelijking-investment", "2 Tijdelijke investeringskorting voor bedrijven", "2021"
    )
    assert row[4] == "0,90" and row[7] == "0,00" and row[10] == "-0,90"


def test_monte_carlo_is_reproducible_for_a_fixed_seed(policy):
    save(policy, drop=["4"])
    url = reverse("cockpit:scenario", args=[Scenario.objects.get().pk])
    query = {"draws": "2000", "seed": "7", "export": "monte-carlo", "format": "csv"}
    first, second = rows_of(policy.get(url, query)), rows_of(policy.get(url, query))
    assert first == second
    assert len(first) == 1 + 5  # a header and one row per year 2021-2025
    other = rows_of(policy.get(url, {**query, "seed": "8"}))
    assert other != first
    # percentiles rise: P5 <= P25 <= P50 <= P75 <= P95 every year
    for row in first[1:]:
        values = [float(x) for x in row[1:6]]
        assert values == sorted(values)
    page = policy.get(url, {"draws": "2000", "seed": "7"})
    html = page.content.decode()
    row = cells_of(html, "monte-carlo", "2025")
    assert row[3] == page.context["tables"]["montecarlo"].columns[3].display(float(first[5][3]))
    assert 'data-chart="chart-fan"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"draws": "100001"}, "draws"),
        ({"draws": "veel"}, "draws"),
        ({"seed": "-1"}, "seed"),
        ({"quantity": "banen"}, "quantity"),
    ],
)
def test_bad_monte_carlo_settings_are_field_errors_not_500(policy, query, field):
    save(policy, drop=["4"])
    url = reverse("cockpit:scenario", args=[Scenario.objects.get().pk])
    response = policy.get(url, query)
    assert response.status_code == 200
    assert field in response.context["settings_form"].errors
    assert "montecarlo" in response.context["tables"]  # the defaults are used meanwhile


def test_names_are_unique(policy):
    assert save(policy).status_code == 302
    response = save(policy, name="zonder innovatieregeling")
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Scenario.objects.count() == 1


def test_structured_fields_make_the_documented_structure(policy):
    response = save(
        policy,
        start_year="2022",
        start_7="2023",
        duration_2="1",
        ramp_8="0,4; 0,8; 1",
        param_0="7.user_share",
        min_0="0,05",
        max_0="0,08",
        param_1="general.flowback_share",
        min_1="0,4",
    )
    assert response.status_code == 302, response.context["errors"]
    assert Scenario.objects.get().overrides == {
        "start_year": 2022,
        "measures": {
            "2": {"duration_years": 1},
            "7": {"start_year": 2023, "params": {"user_share": {"min": 0.05, "max": 0.08}}},
            "8": {"ramp": [0.4, 0.8, 1.0]},
        },
        "general": {"flowback_share": 0.4},
    }


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        (
            {"advanced": 'measures:\n  "7":\n    params:\n      gebruik: 0.1\n'},
            "advanced",
            "measures.7.params.gebruik",
        ),
        ({"advanced": "drop: [4\n"}, "advanced", "(regel"),  # Dutch: "(regel 1, kolom 9)"
        ({"advanced": "- 4\n"}, "advanced", None),
        ({"advanced": "start_year: 2019\n"}, "advanced", "start_year: 2019"),
        ({"param_0": "7.user_share", "min_0": "0,1", "max_0": "0,05"}, "max_0", None),
        ({"min_0": "0,1"}, "param_0", None),
        ({"ramp_7": "half"}, "ramp_7", None),
        ({"start_year": "2019"}, "start_year", None),
        ({"macro-koplopers_value_added_share": "1,5"}, "macro-koplopers_value_added_share", None),
        ({"macro-peloton_start": "2027", "macro-peloton_end": "2026"}, "macro-peloton_start", None),
    ],
)
def test_problems_are_named_by_field_and_nothing_is_saved(policy, fields, field, text):
    response = save(policy, **fields)
    assert response.status_code == 200
    errors = {
        **response.context["form"].errors,
        **{
            f"macro-{k}" if k != "__all__" else k: v
            for k, v in response.context["macro_form"].errors.items()
        },
    }
    assert field in errors, errors
    if text:
        assert any(text in e for e in errors[field]), errors[field]
    html = response.content.decode()
    assert 'id="fouten"' in html and f'href="#id_{field}"' in html
    assert not Scenario.objects.exists()


def test_one_summary_lists_both_forms_and_links_the_checkboxes_first_box(policy):
    """The scenario page's two forms (scenario and macro view) share the one error summary
    (_error_summary.html with also=): a measure that is not in the list (the drop checkboxes)
    links to its first box, and a macro field to itself."""
    response = save(policy, drop=["99"], **{"macro-koplopers_value_added_share": "1,5"})
    html = response.content.decode()
    assert html.count('id="fouten"') == 1
    summary = html[html.index('id="fouten"') : html.index("</div>", html.index('id="fouten"'))]
    assert 'href="#id_drop_0"' in summary
    assert 'href="#id_macro-koplopers_value_added_share"' in summary
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("advanced", "expected"),
    [
        ("naam: x\n", ["naam: onbekende sleutel (zie de opbouw van een scenario hieronder)"]),
        ("start_year: 2019\n", ["start_year: 2019 ligt vóór het eerste jaar van het plan (2021)"]),
        (
            'measures: {"7": {ramp: []}}\n',
            ["measures.7.ramp: geef minstens één factor"],
        ),
    ],
)
def test_the_plan_models_problems_show_in_the_pages_language_with_their_key(
    policy, advanced, expected
):
    response = save(policy, advanced=advanced)
    assert response.context["form"].errors["advanced"] == expected


def test_macro_assumptions_change_the_second_view(policy):
    response = save(policy, **{"macro-peloton_ramp_factor": "5"})
    assert response.status_code == 302
    scenario = Scenario.objects.get()
    assert scenario.macro == {"peloton_ramp_factor": 5.0}
    page = policy.get(response["Location"])
    # with the peloton's gain growing 5x a year most of it lands in 2025 (macro.py: about
    # EUR 29.5 bn in 2025 instead of 35.0 with the default factor 2)
    expected = macro.project(macro.MacroAssumptions(peloton_ramp_factor=5.0)).year(2025).gap
    assert expected == pytest.approx(29.5, abs=0.1)
    row = cells_of(page.content.decode(), "macro-vergelijking", "2025")
    # three significant digits (#16): 35.03 -> 35,0; the scenario's 29.5 to 0.05
    assert row[1] == "35,0" and float(row[2].replace(",", ".")) == pytest.approx(expected, abs=0.05)


def test_edit_keeps_what_the_fields_cannot_hold_in_the_yaml_field(policy):
    save(policy, drop=["4"], advanced='measures:\n  "2":\n    duration_years: null\n')
    scenario = Scenario.objects.get()
    assert scenario.overrides == {"drop": ["4"], "measures": {"2": {"duration_years": None}}}
    form = policy.get(reverse("cockpit:scenario_edit", args=[scenario.pk])).context["form"]
    assert form["drop"].value() == ["4"]
    assert yaml.safe_load(form["advanced"].value()) == {"measures": {"2": {"duration_years": None}}}
    response = policy.post(
        reverse("cockpit:scenario_edit", args=[scenario.pk]),
        {"name": scenario.name, "drop": ["4", "9"], "advanced": form["advanced"].value()},
    )
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.overrides["drop"] == ["4", "9"]


def test_the_yaml_definition_runs_on_the_command_line(policy, tmp_path):
    save(policy, drop=["4"], description="Zonder 4", **{"macro-peloton_ramp_factor": "5"})
    scenario = Scenario.objects.get()
    response = policy.get(reverse("cockpit:scenario_yaml", args=[scenario.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="zonder-innovatieregeling.yaml"'
    text = response.content.decode()
    assert yaml.safe_load(text) == {
        "name": "Zonder innovatieregeling",
        "description": "Zonder 4",
        "drop": ["4"],
    }
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    from hulplijn.cli.main import app

    result = CliRunner().invoke(app, ["plan", "run", "--scenario", str(path)])
    assert result.exit_code == 0, result.output
    assert "1,20 → 0,00 (-1,20)" in result.output  # measure 4 in 2025, "[geschrapt]"
    assert "[geschrapt]" in result.output
    assert "30,04 → 28,84 (-1,20)" in result.output  # the same total as the page


def test_delete_asks_first_and_then_removes(policy):
    save(policy)
    scenario = Scenario.objects.get()
    url = reverse("cockpit:scenario_delete", args=[scenario.pk])
    assert policy.get(url).status_code == 200
    assert Scenario.objects.exists()
    assert policy.post(url)["Location"] == reverse("cockpit:scenarios")
    assert not Scenario.objects.exists()


def test_the_list_shows_each_scenario_against_the_baseline(policy):
    save(policy, drop=["4"])
    response = policy.get(reverse("cockpit:scenarios"))
    html = response.content.decode()
    assert "Zonder innovatieregeling" in html
    row = cells_of(html, "scenarios", "Zonder innovatieregeling")
    assert row[2:4] == ["28,8", "-1,20"]  # three significant digits (#16)


def test_a_stored_scenario_that_no_longer_applies_shows_its_problems(policy):
    scenario = Scenario.objects.create(name="Oud", overrides={"drop": ["11"]})
    response = policy.get(reverse("cockpit:scenario", args=[scenario.pk]))
    assert response.status_code == 200
    assert any("measures.11" in p for p in response.context["problems"])


# --- access --------------------------------------------------------------------------------------


def urls(pk: int) -> list[str]:
    return [
        reverse("cockpit:prioritisation"),
        reverse("cockpit:plan"),
        reverse("cockpit:scenarios"),
        reverse("cockpit:scenario_new"),
        reverse("cockpit:scenario", args=[pk]),
        reverse("cockpit:scenario_edit", args=[pk]),
        reverse("cockpit:scenario_delete", args=[pk]),
        reverse("cockpit:scenario_yaml", args=[pk]),
    ]


def test_anonymous_visitors_go_to_the_login_page(client):
    scenario = Scenario.objects.create(name="Basis")
    for url in urls(scenario.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("make", [UserFactory, AdviserFactory, lambda: UserFactory(is_staff=True)])
def test_other_users_get_403_and_cannot_save_or_delete(client, make):
    scenario = Scenario.objects.create(name="Basis")
    client.force_login(make())
    for url in urls(scenario.pk):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("cockpit:scenario_new"), {"name": "Nieuw"}).status_code == 403
    edit = reverse("cockpit:scenario_edit", args=[scenario.pk])
    assert client.post(edit, {"name": "Anders"}).status_code == 403
    delete = reverse("cockpit:scenario_delete", args=[scenario.pk])
    assert client.post(delete).status_code == 403
    assert list(Scenario.objects.values_list("name", flat=True)) == ["Basis"]


def test_policy_users_reach_every_page(policy):
    save(policy, drop=["4"])
    for url in urls(Scenario.objects.get().pk):
        assert policy.get(url).status_code == 200, url


def test_posts_need_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(PolicyUserFactory())
    scenario = Scenario.objects.create(name="Basis")
    assert client.post(reverse("cockpit:scenario_new"), {"name": "Nieuw"}).status_code == 403
    delete = reverse("cockpit:scenario_delete", args=[scenario.pk])
    assert client.post(delete).status_code == 403
    assert list(Scenario.objects.values_list("name", flat=True)) == ["Basis"]
