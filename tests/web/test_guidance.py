"""Guidance on the dashboard: measures with reasons by programme, mini-surveys, practices, PDF."""

import copy
import shutil
import subprocess

import pytest

from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.guidance.models import BestPractice, SurveyResponse
from tests.web.conftest import complete_wizard
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SURVEY = params.surveys()[0]  # entrepreneurship and management practices


@pytest.fixture
def stored(client):
    complete_wizard(client)
    return Assessment.objects.get()


def answers(score_of_theme: dict[str, int]) -> dict[str, str]:
    return {q.code: str(score_of_theme[q.theme]) for q in SURVEY.questions}


def test_measures_grouped_by_programme_with_reasons(client, stored):
    html = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    # the example firm (accelerate) qualifies for the investment discount (measure 2)
    assert "U komt in aanmerking omdat uw bedrijf in het groeisegment" in html
    assert "niet van toepassing" in html and "U komt niet in aanmerking omdat" in html
    context = client.get(f"/beoordeling/{stored.pk}/", **EN).context
    groups = context["measures"]
    assert [g["code"] for g in groups] == [
        "innovatie_groei",
        "ondernemende_arbeidsmarkt",
        "productiviteitssprong",
        None,
    ]
    # issue 13: the 2021-2022 investment discount (measure 2) has ended: history, shown last
    # in its group and never as suiting the firm (it used to come first, as "eligible")
    first = groups[0]["items"]
    assert first[-1]["id"] == "2" and first[-1]["status"] == "ended"
    assert first[-1]["sentence"].startswith("This measure ran until 31 December 2022")
    assert not any(i["invites"] for g in groups for i in g["items"])
    assert len([i for g in groups for i in g["items"]]) == 20


def test_survey_validation_storage_scores_and_programmes(client, stored):
    url = f"/beoordeling/{stored.pk}/vragenlijst/{SURVEY.code}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {SURVEY.questions[0].code: "2"}, **EN)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert len(errors) == len(SURVEY.questions) - 1
    assert errors[SURVEY.questions[1].code] == ["Please choose one answer."]
    # goals weak (2), the rest fine (4): one point to improve
    scores = {t: 4 for t in SURVEY.themes} | {"goal_setting": 2}
    assert client.post(url, answers(scores)).status_code == 302
    saved = SurveyResponse.objects.get()
    assert saved.answers[SURVEY.questions[0].code] in (2, 4)
    context = client.get(f"/beoordeling/{stored.pk}/", **EN).context
    result = context["surveys"][0]
    assert result.answered and result.weak == ["goal_setting"]
    # area score = mean of theme scores: (4 + 4 + 2 + 4) / 4 = 3.5
    assert result.area_score == pytest.approx(3.5)
    assert result.programmes, "a weak theme leads to at least one programme"
    assert all(p["url"].startswith("http") for p in result.programmes)
    assert context["action_plan"]


def test_survey_comparison_needs_ten_consenting_respondents(client, stored):
    url = f"/beoordeling/{stored.pk}/vragenlijst/{SURVEY.code}/"
    client.post(url, answers({t: 4 for t in SURVEY.themes}))

    def add_others(count, score):
        for _ in range(count):
            other = copy.copy(stored)
            other.pk = None
            other.id = None
            other._state.adding = True
            other.save()
            SurveyResponse.objects.create(
                assessment=other,
                survey=SURVEY.code,
                answers={q.code: score for q in SURVEY.questions},
            )

    add_others(9, 2)
    result = client.get(f"/beoordeling/{stored.pk}/", **EN).context["surveys"][0]
    assert result.comparison_n == 9 and result.themes[0]["others"] is None
    add_others(1, 3)
    result = client.get(f"/beoordeling/{stored.pk}/", **EN).context["surveys"][0]
    # nine firms answered 2 everywhere, one answered 3: mean (9 x 2 + 3) / 10 = 2.1
    assert result.comparison_n == 10
    assert result.themes[0]["others"] == pytest.approx(2.1)
    # firms without consent are never counted
    Assessment.objects.exclude(pk=stored.pk).update(consent_statistics=False)
    result = client.get(f"/beoordeling/{stored.pk}/", **EN).context["surveys"][0]
    assert result.comparison_n == 0


def test_only_the_owner_fills_in_surveys(client, stored):
    client.logout()
    client.force_login(UserFactory())
    assert client.get(f"/beoordeling/{stored.pk}/vragenlijst/{SURVEY.code}/").status_code == 404


def test_best_practices_fit_the_firm_and_are_translated(client, stored):
    assert BestPractice.objects.count() >= 22
    context = client.get(f"/beoordeling/{stored.pk}/", **EN).context
    chosen = context["practices"]
    assert chosen
    for practice in chosen:
        assert practice.fits("G", "midden", "accelerate")
    html = client.get(f"/beoordeling/{stored.pk}/", **EN).content.decode()
    assert chosen[0].title_en in html
    dutch = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert chosen[0].title_nl in dutch


def test_best_practices_name_their_source_in_the_pages_language(client, stored):
    """Noticed in review: the Dutch page said "Lees meer: Katapult, Digitale Werkplaatsen (help
    with online sales and marketing)". Each source is now described in Dutch and in English,
    and says when the page it links to is in the other language."""
    from django.utils.html import escape

    data = {p["code"]: p for p in params.best_practices()["practices"]}
    chosen = client.get(f"/beoordeling/{stored.pk}/").context["practices"]
    dutch = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    english = client.get(f"/beoordeling/{stored.pk}/", **EN).content.decode()
    for practice in chosen:
        assert escape(data[practice.code]["source"]) in dutch
        assert escape(data[practice.code]["source_en"]) in english
    # every source in both languages; an English page is marked for Dutch readers and a Dutch
    # one for English readers (the OECD outlook is in English, the KVK tips in Dutch)
    for practice in BestPractice.objects.all():
        assert (practice.source_nl, practice.source_en) == (
            data[practice.code]["source"],
            data[practice.code]["source_en"],
        )
    assert data["bp_growth_route"]["source"].endswith("(Engelstalig)")
    assert data["bp_price_review"]["source_en"].endswith("; in Dutch)")


def test_the_source_migration_keeps_what_an_editor_changed():
    """guidance 0005 gives both languages to rows still holding the text 0002 loaded, and keeps
    an editor's own text in both (a fake of the historical model: the function only reads and
    saves rows)."""
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module(
        "hulplijn.web.guidance.migrations.0005_source_in_both_languages"
    )
    saved = []

    def row(code, source):
        practice = SimpleNamespace(code=code, source=source, source_nl=None, source_en=None)
        practice.save = lambda update_fields: saved.append(practice)
        return practice

    rows = [
        row("bp_price_review", migration.OLD_SOURCES["bp_price_review"]),
        row("bp_growth_route", "Eigen tekst van de redactie"),
    ]
    model = SimpleNamespace(objects=SimpleNamespace(all=lambda: rows))
    migration.both_languages(SimpleNamespace(get_model=lambda app, name: model), None)
    assert [(r.source_nl, r.source_en) for r in saved] == [
        (
            "KVK, Bepaal je nieuwe prijs met deze 10 tips",
            "KVK, Bepaal je nieuwe prijs met deze 10 tips (ten tips for setting a new price; in "
            "Dutch)",
        ),
        ("Eigen tekst van de redactie", "Eigen tekst van de redactie"),
    ]


def test_pdf_report_of_the_example_firm(client, stored, tmp_path):
    SurveyResponse.objects.create(
        assessment=stored, survey=SURVEY.code, answers={q.code: 2 for q in SURVEY.questions}
    )
    response = client.get(f"/beoordeling/{stored.pk}/rapport.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(response.content)
    assert shutil.which("pdftoppm"), "poppler-utils is installed by `make test` (pdf-tools)"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 2 <= len(pages) <= 8
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    result = stored.result
    assert "Versnellen & uitbreiden" in text
    assert "SBI 47" in text and stored.round.name in text
    assert result["reference_vintage"] in text
    assert "€ 16.638" in text  # 965,000 / 58 FTE, Dutch notation
    prize = f"{result['size_of_prize']['euros']:,.0f}".replace(",", ".")
    assert prize in text
    assert "U komt in aanmerking omdat" in text
    english = client.get(f"/beoordeling/{stored.pk}/rapport.pdf?lang=en")
    (tmp_path / "en.pdf").write_bytes(english.content)
    text_en = subprocess.run(
        ["pdftotext", str(tmp_path / "en.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Accelerate & expand" in text_en and "You qualify because" in text_en


def test_pdf_only_for_those_who_may_see_it(client, stored):
    client.logout()
    from django.test import Client

    assert Client().get(f"/beoordeling/{stored.pk}/rapport.pdf").status_code == 404


def test_the_pdf_marks_a_low_confidence_reading(client, stored, tmp_path):
    # #16: the example firm's -5% comes from Panteia's middenbedrijf column, a low-confidence
    # reading (sector_impact.yaml); the PDF printed it as fact
    assert stored.result["sector_impact"]["confidence"] == "low"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(client.get(f"/beoordeling/{stored.pk}/rapport.pdf").content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "beschouw de waarde daarom als een indicatie" in " ".join(text.split())
