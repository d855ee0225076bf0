"""Shares that work (issue 14): a share link's reader gets the PDF and the what-if, read-only; an
adviser reads the owner's answers and changes none; a share carries the owner's label.

Thought of as an attacker: a token gives no write access, reaches no other firm's data and no
address of the assessment's own (its id), and dies with its share."""

from __future__ import annotations

import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hulplijn.web.assessments.models import Assessment, Share
from hulplijn.web.audit.models import AccessEvent
from hulplijn.web.guidance.models import MeasureUptake, SurveyResponse
from tests.web.conftest import complete_wizard
from tests.web.factories import AdviserFactory, UserFactory

pytestmark = pytest.mark.django_db

WHAT_IF = {"fte": "30", "gross_margin": "965.000"}


class Links(HTMLParser):
    """The page's own addresses: links (href) and forms (method, action)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.forms: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "a" and (values.get("href") or "").startswith("/"):
            self.hrefs.append(values["href"].split("#")[0])
        if tag == "form":
            self.forms.append(((values.get("method") or "get").lower(), values.get("action", "")))


def links(response) -> Links:
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def snapshot() -> dict:
    """Every row of every model but the audit log, sessions and the rate counters (which count
    the reader's requests): what a reader must not change."""
    skip = {"audit.accessevent", "sessions.session", "ops.limitcounter"}
    return {
        model._meta.label_lower: sorted(map(repr, model.objects.values()))
        for model in apps.get_models()
        if model._meta.label_lower not in skip and model._meta.managed
    }


@pytest.fixture
def owned(client):
    """An assessment of a logged-in owner (on ``client``), with a link and an adviser share;
    the owner said "Ik ga dit aanvragen" on the first scheme that invites an answer.
    Returns (owner, assessment, link share, adviser, measure)."""
    owner = UserFactory()
    client.force_login(owner)
    complete_wizard(client)
    stored = Assessment.objects.get()
    adviser = AdviserFactory()
    client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": adviser.email},
    )
    measure = next(m["id"] for m in stored.result["schemes"] if m["invites_application"])
    client.post(reverse("assessments:uptake", args=[stored.pk, measure]), {"status": "intend"})
    assert MeasureUptake.objects.get().status == "intend"
    return owner, stored, Share.objects.get(adviser__isnull=True), adviser, measure


# --- a share link's reader --------------------------------------------------------------------


def test_a_link_reader_downloads_the_pdf_from_the_page(owned):
    """Finding: the recipient of a share link got 404 on the PDF."""
    _owner, _stored, link, _adviser, _measure = owned
    reader = Client()
    page = reader.get(f"/gedeeld/{link.token}/")
    pdfs = [href for href in links(page).hrefs if href.endswith(".pdf")]
    assert pdfs == [f"/gedeeld/{link.token}/rapport.pdf"]
    response = reader.get(pdfs[0])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert AccessEvent.objects.filter(action="pdf", role="link").count() == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "javascript"])
def test_a_link_reader_computes_the_what_if_and_nothing_is_saved(owned, htmx):
    """Finding: the what-if answered 404 for a link's recipient (with JavaScript nothing
    happened). Now it computes and saves nothing."""
    _owner, _stored, link, _adviser, _measure = owned
    reader = Client()
    page = reader.get(f"/gedeeld/{link.token}/")
    actions = [action for method, action in links(page).forms if "wat-als" in action]
    assert actions == [f"/gedeeld/{link.token}/wat-als/"]
    assert f'hx-post="/gedeeld/{link.token}/wat-als/"' in page.content.decode()
    before = snapshot()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = reader.post(actions[0], WHAT_IF, **headers)
    assert response.status_code == 200
    assert "in deze wat-als-berekening" in response.content.decode()
    assert response.context["what_if"] is not None
    assert snapshot() == before, "the what-if of a link saved something"


def test_a_link_page_offers_no_write_and_no_dead_link(owned):
    _owner, stored, link, _adviser, _measure = owned
    reader = Client()
    page = reader.get(f"/gedeeld/{link.token}/")
    posts = {action for method, action in links(page).forms if method == "post"}
    assert posts == {f"/gedeeld/{link.token}/wat-als/", reverse("set_language")}
    for href in set(links(page).hrefs):
        assert reader.get(href).status_code != 404, href
    assert str(stored.pk) not in page.content.decode(), "the page names the assessment's id"


def test_a_link_reader_gains_no_access_to_the_assessment_itself(owned):
    """Having read the link, the same browser still cannot use any address of the assessment:
    not the dashboard, not a survey, not a measure answer, not sharing, deleting or feedback."""
    _owner, stored, link, _adviser, measure = owned
    reader = Client()
    assert reader.get(f"/gedeeld/{link.token}/").status_code == 200
    before = snapshot()
    for url in (
        f"/beoordeling/{stored.pk}/",
        f"/beoordeling/{stored.pk}/rapport.pdf",
        f"/beoordeling/{stored.pk}/wat-als/",
        f"/beoordeling/{stored.pk}/feedback/",
        f"/beoordeling/{stored.pk}/delen/",
        f"/beoordeling/{stored.pk}/delen/{link.pk}/stoppen/",
        f"/beoordeling/{stored.pk}/verwijderen/",
        f"/beoordeling/{stored.pk}/vragenlijst/survey_entrepreneurship/",
        f"/beoordeling/{stored.pk}/maatregel/{measure}/",
    ):
        for method in ("get", "post"):
            data = {"status": "not_for_me", "kind": "link", "rating": "1", **WHAT_IF}
            response = getattr(reader, method)(url, data if method == "post" else None)
            assert response.status_code in (404, 405), (method, url, response.status_code)
    assert snapshot() == before


def test_a_token_reaches_only_its_own_assessment(owned, client):
    """Another firm's assessment is never reachable through this firm's token, and a token in
    another firm's address does nothing."""
    _owner, stored, link, _adviser, _measure = owned
    other_owner = UserFactory()
    other = Client()
    other.force_login(other_owner)
    complete_wizard(other)
    theirs = Assessment.objects.exclude(pk=stored.pk).get()
    reader = Client()
    page = reader.get(f"/gedeeld/{link.token}/")
    assert page.context["stored"].pk == stored.pk
    what_if = reader.post(f"/gedeeld/{link.token}/wat-als/", {**WHAT_IF, "pk": theirs.pk})
    assert what_if.context["stored"].pk == stored.pk
    # the token where an id goes, and the other firm's id where the token goes
    assert reader.get(f"/beoordeling/{link.token}/").status_code == 404
    assert reader.get(f"/gedeeld/{theirs.pk}/rapport.pdf").status_code == 404


@pytest.mark.parametrize("suffix", ["", "rapport.pdf", "wat-als/"])
def test_a_dead_token_opens_nothing(owned, client, suffix):
    _owner, stored, link, adviser, _measure = owned
    adviser_token = Share.objects.get(adviser=adviser).token
    reader = Client()
    for token in (uuid.uuid4(), adviser_token):
        for method in ("get", "post"):
            url = f"/gedeeld/{token}/{suffix}"
            assert getattr(reader, method)(url, WHAT_IF).status_code == 404, (method, url)
    Share.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reader.get(f"/gedeeld/{link.token}/{suffix}").status_code in (405, 410)
    assert reader.post(f"/gedeeld/{link.token}/{suffix}", WHAT_IF).status_code in (405, 410)
    client.post(f"/beoordeling/{stored.pk}/delen/{link.pk}/stoppen/")
    assert reader.get(f"/gedeeld/{link.token}/{suffix}").status_code == 404
    assert reader.post(f"/gedeeld/{link.token}/{suffix}", WHAT_IF).status_code == 404


def test_the_what_if_of_a_link_answers_only_post(owned):
    _owner, _stored, link, _adviser, _measure = owned
    assert Client().get(f"/gedeeld/{link.token}/wat-als/").status_code == 405


# --- an adviser -------------------------------------------------------------------------------


def test_an_adviser_cannot_overwrite_the_owners_answer_on_a_measure(owned):
    """Finding: a read-only adviser share let the adviser replace "Ik ga dit aanvragen" with
    "Niet voor mij"."""
    _owner, stored, _link, adviser, measure = owned
    reader = Client()
    reader.force_login(adviser)
    before = snapshot()
    url = reverse("assessments:uptake", args=[stored.pk, measure])
    assert reader.post(url, {"status": "not_for_me"}).status_code == 404
    assert MeasureUptake.objects.get(assessment=stored, measure=measure).status == "intend"
    assert snapshot() == before
    assert not AccessEvent.objects.filter(action="change").exists()


def test_an_adviser_reads_the_owners_answer_and_is_offered_no_form(owned):
    _owner, stored, _link, adviser, measure = owned
    reader = Client()
    reader.force_login(adviser)
    page = reader.get(f"/beoordeling/{stored.pk}/")
    html = page.content.decode()
    assert reverse("assessments:uptake", args=[stored.pk, measure]) not in html
    assert "Het antwoord van de eigenaar:" in html and "Ik ga dit aanvragen" in html
    posts = {action for method, action in links(page).forms if method == "post"}
    assert posts == {
        f"/beoordeling/{stored.pk}/wat-als/",
        f"/beoordeling/{stored.pk}/notities/",  # the adviser's own notes, below
        reverse("set_language"),
        reverse("account_logout"),
    }


def test_an_adviser_page_has_no_survey_links_and_no_dead_links(owned):
    """Finding: the adviser's page showed survey links that answered 404."""
    _owner, stored, _link, adviser, _measure = owned
    SurveyResponse.objects.create(assessment=stored, survey="survey_entrepreneurship", answers={})
    reader = Client()
    reader.force_login(adviser)
    page = reader.get(f"/beoordeling/{stored.pk}/")
    hrefs = set(links(page).hrefs)
    assert not [h for h in hrefs if "/vragenlijst/" in h]
    for href in hrefs:
        assert reader.get(href).status_code != 404, href
    for code in ("survey_entrepreneurship", "survey_human_capital"):
        url = f"/beoordeling/{stored.pk}/vragenlijst/{code}/"
        assert reader.post(url, {}).status_code == 404


def test_the_owner_still_answers_and_sees_the_survey_links(owned, client):
    _owner, stored, _link, _adviser, measure = owned
    url = reverse("assessments:uptake", args=[stored.pk, measure])
    assert client.post(url, {"status": "applied"}).status_code == 302
    assert MeasureUptake.objects.get().status == "applied"
    page = client.get(f"/beoordeling/{stored.pk}/")
    assert [h for h in links(page).hrefs if "/vragenlijst/" in h]
    assert url in page.content.decode()


# --- an adviser's batch: names kept, each row in the round of its years ------------------------


def batch_csv(rows: list[dict[str, str]]) -> bytes:
    from hulplijn.imports.csv_batch import COLUMNS, EXAMPLE_ROW

    names = [c.name for c in COLUMNS]
    lines = [";".join(names)]
    for changes in rows:
        row = {**EXAMPLE_ROW, **changes}
        lines.append(";".join(row[n] for n in names))
    return ("\r\n".join(lines) + "\r\n").encode()


NO_LIQUIDITY = {
    f"moment_{n}{s}": ""
    for n in (1, 2)
    for s in (
        "",
        *(
            f"_{i}"
            for i in (
                "cash",
                "short_term_receivables",
                "trade_debtors",
                "short_term_debts",
                "trade_creditors",
                "interest_costs",
                "wage_costs",
                "other_costs",
            )
        ),
    )
}


@pytest.fixture
def two_rounds():
    """The report's round (2016/2018, February and July 2020) and a newer current one
    (2024/2025, June 2025), both open."""
    from hulplijn.web.assessments.models import AssessmentRound
    from tests.web.factories import current_round

    report = current_round()
    assert report.years == (2016, 2018)
    newer = AssessmentRound.objects.create(
        name="Ronde 2024/2025", year_1=2024, year_2=2025, moment_1="2025-06"
    )
    assert AssessmentRound.current() == newer
    return report, newer


def run_batch(client, data: bytes, capture, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with capture(execute=True):
        response = client.post("/adviseur/batch/", {"file": SimpleUploadedFile("f.csv", data)})
    assert response.status_code == 302
    return client.get(response["Location"]).context["job"]


def test_a_batch_keeps_each_firms_name_and_takes_its_round_from_its_years(
    client, settings, django_capture_on_commit_callbacks, two_rounds
):
    """Findings: batch rows lost the firm's name and all got the current round whatever their
    years."""
    report, newer = two_rounds
    adviser = AdviserFactory()
    client.force_login(adviser)
    data = batch_csv(
        [
            {"firm": "Bakkerij De Vries"},  # 2016/2018 with February and July 2020
            {"firm": "Kapsalon Knip", **NO_LIQUIDITY},  # 2016/2018, no liquidity
            {
                "firm": "Webwinkel Nu",
                "year_1": "2024",
                "year_2": "2025",
                **NO_LIQUIDITY,
            },
            {"firm": "Oude Cijfers BV", "year_1": "2010", "year_2": "2012"},
        ]
    )
    job = run_batch(client, data, django_capture_on_commit_callbacks, settings)
    assert (job.status, job.saved, job.problems) == ("done", 3, 1)
    by_name = {a.label: a for a in Assessment.objects.filter(owner=adviser)}
    assert set(by_name) == {"Bakkerij De Vries", "Kapsalon Knip", "Webwinkel Nu"}
    assert by_name["Bakkerij De Vries"].round == report
    assert by_name["Kapsalon Knip"].round == report
    assert by_name["Webwinkel Nu"].round == newer
    refused = next(r for r in job.report["rows"] if r[1] == "Oude Cijfers BV")
    assert refused[2] is None
    assert refused[3] == [
        "rij 5, kolom year_1: de jaren 2010 en 2012 horen bij geen open beoordelingsronde; "
        "gebruik de jaren van een open ronde (2016-2018, 2024-2025)"
    ]
    # the adviser's own list names each firm
    overview = client.get("/account/").content.decode()
    assert "Bakkerij De Vries" in overview and "Webwinkel Nu" in overview


def test_a_batch_rows_name_stays_with_the_adviser(
    client, settings, django_capture_on_commit_callbacks, two_rounds
):
    """The name is the adviser's: not on the page of somebody the adviser shares it with, and
    never in the anonymised statistics."""
    from hulplijn.web.cockpit import statistics
    from hulplijn.web.cockpit.models import StatisticalRecord
    from tests.web.factories import AssessmentFactory

    adviser, colleague = AdviserFactory(), AdviserFactory()
    client.force_login(adviser)
    run_batch(
        client,
        batch_csv([{"firm": "Bakkerij De Vries"}]),
        django_capture_on_commit_callbacks,
        settings,
    )
    stored = Assessment.objects.get(label="Bakkerij De Vries")
    assert not stored.consent_statistics
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "email": colleague.email, "label": "Dossier 17"},
    )
    reader = Client()
    reader.force_login(colleague)
    page = reader.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert "Bakkerij De Vries" not in page
    assert "Dossier 17" in reader.get("/account/").content.decode()
    # consenting assessments with a name: the statistics written from them do not carry it
    for _ in range(statistics.batch_minimum()):
        AssessmentFactory(consent_statistics=True, label="Bakkerij De Vries")
    assert statistics.flush(force=True) >= statistics.batch_minimum()
    rows = list(StatisticalRecord.objects.values())
    assert rows and "Bakkerij" not in repr(rows)


# --- owners name what they share ---------------------------------------------------------------


def test_shared_with_me_names_each_client(owned, client):
    """Finding: "Met mij gedeeld" listed "SBI 56, micro, 7 Dec 2026" without a client name."""
    _owner, stored, _link, adviser, _measure = owned
    Share.objects.filter(adviser=adviser).delete()
    response = client.post(
        f"/beoordeling/{stored.pk}/delen/", {"kind": "adviser", "email": adviser.email}
    )
    assert not Share.objects.filter(adviser=adviser).exists()  # a name is asked for
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "email": adviser.email, "label": "Bakkerij De Vries"},
    )
    assert Share.objects.get(adviser=adviser).label == "Bakkerij De Vries"
    assert "Bakkerij De Vries" in client.get(f"/beoordeling/{stored.pk}/").content.decode()
    reader = Client()
    reader.force_login(adviser)
    overview = reader.get("/account/")
    assert [s.label for s in overview.context["shared"]] == ["Bakkerij De Vries"]
    html = overview.content.decode()
    assert f'href="/beoordeling/{stored.pk}/">Bakkerij De Vries</a>' in html
    # renamed by sharing again: still one share
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "email": adviser.email, "label": "De Vries (bakkerij)"},
    )
    assert [s.label for s in Share.objects.filter(adviser=adviser)] == ["De Vries (bakkerij)"]
    assert response.status_code == 302


# --- an adviser's own notes -----------------------------------------------------------------------


def test_an_advisers_notes_are_kept_apart_and_seen_by_that_adviser_only(owned, client):
    from hulplijn.web.accounts import gdpr
    from hulplijn.web.assessments.models import AdviserNote

    owner, stored, link, adviser, _measure = owned
    colleague = AdviserFactory()
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": colleague.email},
    )
    reader = Client()
    reader.force_login(adviser)
    uptake_before = list(MeasureUptake.objects.values())
    response = reader.post(f"/beoordeling/{stored.pk}/notities/", {"text": "Bellen over BMKB"})
    assert response.status_code == 302
    assert AdviserNote.objects.get().text == "Bellen over BMKB"
    assert list(MeasureUptake.objects.values()) == uptake_before
    assert "Bellen over BMKB" in reader.get(f"/beoordeling/{stored.pk}/").content.decode()
    other = Client()
    other.force_login(colleague)
    for somebody, url in (
        (client, f"/beoordeling/{stored.pk}/"),
        (other, f"/beoordeling/{stored.pk}/"),
        (Client(), f"/gedeeld/{link.token}/"),
    ):
        assert "Bellen over BMKB" not in somebody.get(url).content.decode(), url
    assert "Bellen over BMKB" not in repr(gdpr.export(owner))
    assert "Bellen over BMKB" in repr(gdpr.export(adviser))
    # the owner keeps no notes here; a link's reader and a stranger cannot write one
    client.post(f"/beoordeling/{stored.pk}/notities/", {"text": "eigenaar"})
    assert Client().post(f"/beoordeling/{stored.pk}/notities/", {"text": "x"}).status_code == 404
    assert AdviserNote.objects.count() == 1
    # a revoked share: the note can no longer be read or changed
    Share.objects.filter(adviser=adviser).update(revoked_at=timezone.now())
    assert reader.post(f"/beoordeling/{stored.pk}/notities/", {"text": "y"}).status_code == 404
    assert AdviserNote.objects.get().text == "Bellen over BMKB"
