"""Prefill from annual accounts and statements, register verification, CSV batches (web)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hulplijn.web.assessments.models import Assessment, AssessmentRound, Draft
from hulplijn.web.intake.models import RegisterRecord
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import AdviserFactory, UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def upload(name: str, folder: str = "xbrl") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / folder / name).read_bytes())


def test_annual_accounts_prefill_after_confirmation(client):
    client.get("/zelfdiagnose/")
    response = client.post("/zelfdiagnose/jaarrekening/", {"file": upload("micro-nt19.xbrl")})
    assert response.status_code == 200
    found = response.context["found"]
    # the micro firm's 2024 balance sheet: equity 45,300, total assets 128,750
    assert found["prefill"]["solvency"] == {"equity": "45300", "total_assets": "128750"}
    # shown as amounts, as the review shows them (issue 14: they read 45.300,00)
    rows = dict(response.context["found_rows"])
    assert rows["Eigen vermogen (euro)"] == "€ 45.300"
    assert rows["Balanstotaal (euro)"] == "€ 128.750"
    assert "solvabiliteit" not in Draft.objects.get().data.get("raw", {})  # not before confirming
    response = client.post("/zelfdiagnose/jaarrekening/", {"action": "apply"})
    assert response["Location"] == "/zelfdiagnose/solvabiliteit/"
    raw = Draft.objects.get().data["raw"]["solvabiliteit"]
    assert raw == {"equity": "45300", "total_assets": "128750"}
    page = client.get("/zelfdiagnose/solvabiliteit/")
    assert page.context["form"].data["total_assets"] == "128750"


def test_hostile_and_oversized_files_get_a_clear_message(client, settings):
    client.get("/zelfdiagnose/")
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<xbrl>&e;</xbrl>"
    )
    response = client.post(
        "/zelfdiagnose/jaarrekening/", {"file": SimpleUploadedFile("a.xbrl", xxe)}, **EN
    )
    assert response.status_code == 200
    assert "refers to outside files" in response.context["form"].errors["file"][0]
    settings.HULPLIJN_MAX_UPLOAD_BYTES = 1024
    response = client.post("/zelfdiagnose/jaarrekening/", {"file": upload("small-nt19.xbrl")}, **EN)
    message = response.context["form"].errors["file"][0]
    assert message.startswith("The file is too large") and "at most 1.0\xa0KB" in message


def test_statements_give_buffer_days_beside_the_balance_sheet(client):
    AssessmentRound.objects.create(
        name="Maart 2026", year_1=2023, year_2=2024, moment_1="2026-03", moment_2="2026-04"
    )
    client.get("/zelfdiagnose/")
    response = client.post(
        "/zelfdiagnose/bankafschriften/", {"files": [upload("two_accounts.sta", "bank")]}
    )
    assert not response.context["form"].errors
    buffer = Draft.objects.get().data["bank_buffer"]
    assert buffer["2026-03"]["value"] > 0
    assert buffer["2026-04"]["value"] is None and buffer["2026-04"]["reason_nl"]
    # the same accounts again from a CAMT.053 export overlap: said, not double counted
    client.post(
        "/zelfdiagnose/bankafschriften/",
        {"files": [upload("two_accounts.sta", "bank"), upload("camt053_v02.xml", "bank")]},
    )
    assert "overlapt" in Draft.objects.get().data["bank_buffer"]["2026-03"]["reason_nl"]
    bad = client.post(
        "/zelfdiagnose/bankafschriften/", {"files": [upload("unreconciled.sta", "bank")]}, **EN
    )
    assert "unreconciled.sta" in bad.context["form"].errors["files"][0]


def test_register_verification_flags_differences_on_the_dashboard(client):
    # the report's verification example: 2018 gross margin 965,000 entered, 910,000 in the
    # register (6.0% off, above the 5% tolerance); FTE 58 against 56
    RegisterRecord.objects.create(
        kvk_number="12345678",
        year=2018,
        gross_margin=910000,
        wage_costs=330000,
        fte=56,
        source="Test register",
    )
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": "12345678"}}
    complete_wizard(client, steps)
    stored = Assessment.objects.get()
    statuses = {c["path"]: c["status"] for c in stored.verification}
    assert statuses["years[1].gross_margin"] == "differs"
    assert statuses["years[1].fte"] == "differs"
    assert statuses["years[0].gross_margin"] == "not_in_register"
    html = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert "965.000" in html and "910.000" in html
    pdf = client.get(f"/beoordeling/{stored.pk}/rapport.pdf")
    assert pdf.status_code == 200


def test_kvk_number_is_validated_in_the_wizard(client):
    client.get("/zelfdiagnose/")
    response = client.post(
        "/zelfdiagnose/sector/",
        {"sbi": "47", "working_persons": "60", "kvk_number": "00123456", "action": "next"},
        **EN,
    )
    assert response.context["form"].errors["kvk_number"] == [
        "A KvK number has 8 digits and does not start with 00."
    ]


def test_import_register_command(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "kvk_number,year,gross_margin,fte\n12345678,2018,910000,56\n1234567,2016,800000,50\n"
    )
    call_command("import_register", path, source="Jaarrekeningen")
    assert RegisterRecord.objects.get(kvk_number="12345678").gross_margin == 910000
    assert RegisterRecord.objects.get(kvk_number="01234567").year == 2016  # leading zero kept


def test_csv_batch_for_advisers(client, settings, django_capture_on_commit_callbacks):
    # unit test: the job runs inside the request (the library's immediate backend);
    # tests/web/test_batch_jobs.py runs one through the database queue and its worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(UserFactory())
    assert client.get("/adviseur/batch/").status_code == 403
    client.force_login(AdviserFactory())
    template = client.get("/adviseur/batch/sjabloon.csv")
    assert template["Content-Type"].startswith("text/csv")
    assert b"gross_margin_1" in template.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/adviseur/batch/", {"file": upload("mixed_rows.csv", "csv")}, **EN)
    page = client.get(response["Location"], **EN)
    job = page.context["job"]
    assert job.status == "done" and job.saved and job.problems
    assert Assessment.objects.count() == job.saved
    first_problem = page.context["problem_rows"][0][3][0]
    assert first_problem.startswith("row ") and "column" in first_problem
    saved = page.context["saved_rows"][0][2]
    assert client.get(f"/beoordeling/{saved}/").status_code == 200  # the adviser owns it


def test_kvk_api_gives_sector_and_size_to_check(client, settings):
    import json

    import httpx
    import respx

    # the recorded KVK test-environment Basisprofiel: main activity 86210 (huisartsenzorg),
    # 4 working persons; the firm entered division 47 and 60 persons: both differ
    settings.HULPLIJN_KVK_API_KEY = "test-key"
    settings.HULPLIJN_KVK_API_URL = "https://api.kvk.example/test/api/v1"
    body = json.loads((FIXTURES / "kvk/kvk-test-basisprofiel-90006623.json").read_text())
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": "90006623"}}
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get("https://api.kvk.example/test/api/v1/basisprofielen/90006623")
        route.mock(return_value=httpx.Response(200, json=body))
        complete_wizard(client, steps)
    assert route.calls[0].request.headers["apikey"] == "test-key"
    statuses = {c["path"]: c["status"] for c in Assessment.objects.get().verification}
    assert statuses["sbi"] == "differs" and statuses["working_persons"] == "differs"


def test_kvk_zero_working_persons_is_not_compared_and_said(client, settings):
    import json

    import httpx
    import respx

    # the recorded Basisprofiel with totaalWerkzamePersonen 0: not "the register has 0" but no
    # comparison, and a note that says why
    settings.HULPLIJN_KVK_API_KEY = "test-key"
    settings.HULPLIJN_KVK_API_URL = "https://api.kvk.example/test/api/v1"
    body = json.loads(
        (FIXTURES / "kvk/kvk-test-basisprofiel-90006623-zero-persons.json").read_text()
    )
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": "90006623"}}
    with respx.mock(assert_all_called=True) as mock:
        mock.get("https://api.kvk.example/test/api/v1/basisprofielen/90006623").mock(
            return_value=httpx.Response(200, json=body)
        )
        complete_wizard(client, steps)
    checks = Assessment.objects.get().verification
    persons = next(c for c in checks if c["path"] == "working_persons")
    assert persons["status"] != "differs"
    assert "0" not in persons["message_nl"]
    (register,) = [c for c in checks if c["field"] == "register"]
    assert "0 werkzame personen" in register["message_nl"]


def test_unreachable_kvk_api_is_said_and_never_blocks(client, settings):
    import httpx
    import respx

    settings.HULPLIJN_KVK_API_KEY = "test-key"
    settings.HULPLIJN_KVK_API_URL = "https://api.kvk.example/test/api/v1"
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": "90006623"}}
    with respx.mock() as mock:
        mock.get("https://api.kvk.example/test/api/v1/basisprofielen/90006623").mock(
            return_value=httpx.Response(503)
        )
        response = complete_wizard(client, steps)
    assert response.status_code == 200
    stored = Assessment.objects.get()
    assert stored.segment == "accelerate"
    [note] = [c for c in stored.verification if c["field"] == "register"]
    assert "niet bereikbaar" in note["message_nl"] and "cannot be reached" in note["message_en"]


def test_the_wizard_checks_against_the_register_that_intake_provides(monkeypatch):
    """assessments does not import intake: intake hands its register lookup in at start-up, and
    without one the check fails loudly instead of passing every firm unchecked."""
    from django.core.exceptions import ImproperlyConfigured

    from hulplijn.web.assessments import register
    from hulplijn.web.intake import register as intake_register

    assert register._lookup is intake_register.figures
    monkeypatch.setattr(register, "_lookup", None)
    with pytest.raises(ImproperlyConfigured):
        register.figures("12345678", (2023, 2024))


def test_register_sources_are_off_by_default_and_listed_by_name_only(settings, capsys):
    for name in (
        "HULPLIJN_KVK_API_KEY",
        "HULPLIJN_DNB_KEY",
        "HULPLIJN_DNB_SECRET",
        "HULPLIJN_EXPERIAN_CLIENT_ID",
    ):
        setattr(settings, name, "")
    call_command("register_sources")
    assert capsys.readouterr().out.strip() == "none"
    settings.HULPLIJN_DNB_KEY, settings.HULPLIJN_DNB_SECRET = "key-x1", "secret-x2"
    settings.HULPLIJN_EXPERIAN_CLIENT_ID = "id-x3"  # the rest of Experian's five is missing
    call_command("register_sources")
    out = capsys.readouterr().out
    assert out.strip() == "Dun & Bradstreet"
    assert "key-x1" not in out and "secret-x2" not in out
    settings.HULPLIJN_KVK_API_KEY = "kvk-x4"
    for name in ("SECRET", "USERNAME", "PASSWORD", "SUBCODE"):
        setattr(settings, f"HULPLIJN_EXPERIAN_{'CLIENT_' if name == 'SECRET' else ''}{name}", "v")
    call_command("register_sources")
    assert capsys.readouterr().out.split("\n")[:3] == [
        "KVK Handelsregister",
        "Dun & Bradstreet",
        "Experian",
    ]


def test_statements_per_file_results_zips_and_a_bad_file_among_good_ones(client):
    import io
    import zipfile

    AssessmentRound.objects.create(
        name="Maart 2026", year_1=2023, year_2=2024, moment_1="2026-03", moment_2="2026-04"
    )
    client.get("/zelfdiagnose/")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # as macOS Finder makes it
        archive.writestr(
            "export/two_accounts.sta", (FIXTURES / "bank/two_accounts.sta").read_bytes()
        )
        archive.writestr("__MACOSX/export/._two_accounts.sta", b"\x00\x05\x16\x07\x00\x02")
    zipped = SimpleUploadedFile("export.zip", buffer.getvalue())
    response = client.post(
        "/zelfdiagnose/bankafschriften/",
        {"files": [zipped, upload("unreconciled.sta", "bank")]},
    )
    # the file that could not be read is named in the page's error summary, in Dutch, as well
    # as in the table; the other one is read
    assert response.context["form"].errors["files"] == [
        "unreconciled.sta: rekening NL91ABNA0417164300, 2026-02-28 t/m 2026-03-31: beginsaldo "
        "1000,00 plus de boekingen (500,00) is 1500,00, maar het eindsaldo is 1550,00; het "
        "afschrift is onvolledig of beschadigd"
    ]
    summary = response.content.decode().split('id="fouten"', 1)[1].split("</div>", 1)[0]
    assert "unreconciled.sta: rekening" in summary and "two_accounts" not in summary
    files = response.context["files"]
    assert [(f["name"], f["read"]) for f in files] == [
        ("export.zip: export/two_accounts.sta", True),
        ("unreconciled.sta", False),
    ]
    html = response.content.decode()
    # two_accounts.sta: 3 statements of A and B (tests/imports/test_bank.py)
    assert "3 afschriften gelezen, van rekeningen NL20INGB0001234567, NL91ABNA0417164300" in html
    assert "Niet gelezen:" in html and "onvolledig of beschadigd" in html  # unreconciled
    # the buffer is computed from the file that was read (March: 60.2 days, test_bank.py)
    assert round(Draft.objects.get().data["bank_buffer"]["2026-03"]["value"], 1) == 60.2
    # account B in dollars: left out with a note on the file's row, account A still counts
    text = (FIXTURES / "bank" / "two_accounts.sta").read_bytes()
    head, tail = text.split(b"{1:F01INGB", 1)
    usd = SimpleUploadedFile("usd.sta", head + b"{1:F01INGB" + tail.replace(b"EUR", b"USD"))
    english = client.post("/zelfdiagnose/bankafschriften/", {"files": [usd]}, **EN)
    assert not english.context["form"].errors
    html = english.content.decode()
    assert "1 statement read, of account NL91ABNA0417164300" in html
    assert "account NL20INGB0001234567 is in USD and was left out" in html
    assert Draft.objects.get().data["bank_buffer"]["2026-03"]["accounts"] == ["NL91ABNA0417164300"]


def test_statements_more_files_than_one_request_reads_are_refused_in_the_summary(client):
    import io
    import zipfile

    AssessmentRound.objects.create(
        name="Maart 2026", year_1=2023, year_2=2024, moment_1="2026-03", moment_2="2026-04"
    )
    client.get("/zelfdiagnose/")
    buffer = io.BytesIO()
    daily = (FIXTURES / "bank/camt053_v02.xml").read_bytes()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:  # a year of daily files
        for day in range(365):
            archive.writestr(f"camt053_{day:03d}.xml", daily)
    response = client.post(
        "/zelfdiagnose/bankafschriften/",
        {"files": [SimpleUploadedFile("jaar.zip", buffer.getvalue())]},
    )
    summary = response.content.decode().split('id="fouten"', 1)[1].split("</div>", 1)[0]
    assert "u heeft 365 afschriftbestanden gekozen" in summary
    assert "Kies alleen de afschriften van de twee maanden" in summary
    assert response.context["files"] == []
    assert "bank_buffer" not in Draft.objects.get().data


def test_kvk_request_urls_never_reach_the_logs_at_info(client, settings, caplog):
    import json
    import logging

    import httpx
    import respx

    # httpx logs every request's URL at INFO ("HTTP Request: GET .../basisprofielen/90006623");
    # httpx and httpcore are held to WARNING, and then only their fixed text (ops/logs.py,
    # QUIET_LIBRARIES, applied in every environment when the ops app is ready)
    settings.HULPLIJN_KVK_API_KEY = "test-key"
    settings.HULPLIJN_KVK_API_URL = "https://api.kvk.example/test/api/v1"
    body = json.loads((FIXTURES / "kvk/kvk-test-basisprofiel-90006623.json").read_text())
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": "90006623"}}
    caplog.set_level(logging.INFO)
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get("https://api.kvk.example/test/api/v1/basisprofielen/90006623")
        route.mock(return_value=httpx.Response(200, json=body))
        complete_wizard(client, steps)
    assert route.called  # the request was made, with the KvK number in its URL
    assert caplog.records  # the log was listening: the wizard's own requests are there
    for record in caplog.records:
        assert "90006623" not in record.getMessage(), record.name
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
