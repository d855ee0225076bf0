"""Hostile input is answered, not obeyed (issue #12): YAML bombs and absurd numbers in a cockpit
scenario, junk fields in the wizard, oversized requests and uploads; and logs without content
(no library writes a statement's IBAN, name or amounts to our log)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from pathlib import Path

import pytest
import yaml
from django.core.files import temp as django_temp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hulplijn.imports import safe_yaml
from hulplijn.web.assessments.models import Draft
from hulplijn.web.cockpit.models import Scenario
from hulplijn.web.ops.logs import JsonFormatter, json_logging
from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures"
MB = 1024 * 1024

# "billion laughs": 9 ** 9 strings from 342 bytes
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.fixture
def policy(client):
    client.force_login(PolicyUserFactory())
    return client


def post_scenario(client, advanced: str, name: str = "Vijandig"):
    return client.post(
        reverse("cockpit:scenario_new"), {"name": name, "description": "", "advanced": advanced}
    )


def advanced_errors(response) -> list[str]:
    assert response.status_code == 200  # the form again, never a 500
    return response.context["form"].errors["advanced"]


@pytest.fixture
def nothing_built(monkeypatch):
    """Fails the test if PyYAML composes or constructs a document from text (an alias would be
    expanded there; the site's own data files, read from file handles, still load), and counts
    the parser events the loader reads."""

    def guarded(original):
        def check(stream, *args, **kwargs):
            if isinstance(stream, str | bytes):
                raise AssertionError("YAML text was composed or constructed")
            return original(stream, *args, **kwargs)

        return check

    for name in (
        "load",
        "safe_load",
        "full_load",
        "unsafe_load",
        "compose",
        "load_all",
        "safe_load_all",
        "compose_all",
    ):
        monkeypatch.setattr(yaml, name, guarded(getattr(yaml, name)))
    seen = {"events": 0}
    parse = yaml.parse

    def counting(*args, **kwargs):
        for event in parse(*args, **kwargs):
            seen["events"] += 1
            yield event

    monkeypatch.setattr(safe_yaml.yaml, "parse", counting)
    return seen


# --- YAML in the scenario form -----------------------------------------------------------------


def test_yaml_bomb_is_a_form_error_and_never_expanded(policy, nothing_built):
    assert len(BOMB) < 500
    errors = advanced_errors(post_scenario(policy, BOMB))
    assert len(errors) == 1
    assert "ankers en verwijzingen" in errors[0] and "regel 1" in errors[0]
    assert "lol" not in errors[0]  # no repr() of the user's data
    # refused at the first anchor: a handful of parser events, nothing composed (fixture)
    assert nothing_built["events"] < 10
    assert not Scenario.objects.exists()


def test_yaml_bomb_refused_by_the_loader_itself(nothing_built):
    with pytest.raises(safe_yaml.YamlRefused) as refused:
        safe_yaml.load(BOMB)
    assert refused.value.code == "alias"
    assert nothing_built["events"] < 10
    # an alias without an anchor of its own is refused as well
    with pytest.raises(safe_yaml.YamlRefused) as refused:
        safe_yaml.load("a: *nergens")
    assert refused.value.code == "alias"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("start_year: 1" + "0" * 5000, "te groot of geen eindig getal"),  # 10**5000
        ("general: {firms: .inf}", "te groot of geen eindig getal"),
        ("general: {firms: -.inf}", "te groot of geen eindig getal"),
        ("general: {firms: .nan}", "te groot of geen eindig getal"),
        ("general: {firms: 1000000000001}", "te groot of geen eindig getal"),
        ("[" * 10_000, "te diep genest"),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)), "te diep genest"),
        ("[" + "1," * 6_000 + "1]", "te veel waarden"),
        ("x: " + "y" * 25_000, "te lang"),
        ("general: !!python/object/apply:os.system [ls]", "YAML-tags"),
        ("drop: !!set {a, b}", "YAML-tags"),
        ("drop: [1]\ndrop: [2]", "sleutel 'drop' staat twee keer"),
        ("? [1, 2]\n: 3", "een sleutel moet een naam of getal zijn"),
        ("drop: [1]\n---\ndrop: [2]", "meer dan één YAML-document"),
    ],
    ids=lambda value: value[:24] if isinstance(value, str) else value,
)
def test_hostile_yaml_is_a_dutch_form_error(policy, nothing_built, text, expected):
    errors = advanced_errors(post_scenario(policy, text))
    assert any(expected in e for e in errors), errors
    assert all(len(e) < 300 for e in errors)  # never the text itself
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # quoted, these are text to YAML, but the plan model would read them as numbers
        ("general: {firms: {min: 1, max: 'inf'}}", "general.firms.max"),
        ("general: {firms: {value: 'nan'}}", "general.firms"),
        ("general: {firms: '1e400'}", "general.firms"),
        ("measures: {'7': {ramp: ['Infinity']}}", "measures.7.ramp.0"),
        ("measures: {'7': {params: {user_share: {min: 0, max: 1e300}}}}", "user_share.max"),
    ],
)
def test_numbers_the_plan_model_would_not_survive_are_refused(policy, text, field):
    errors = advanced_errors(post_scenario(policy, text))
    assert any(e.startswith(field) or f".{field}:" in e for e in errors), errors
    assert not Scenario.objects.exists()


def test_syntax_errors_keep_their_line_and_column(policy):
    errors = advanced_errors(post_scenario(policy, 'drop: ["2"\n'))
    assert errors == ["Dit is geen geldige YAML (regel 2, kolom 1)."] or errors[0].startswith(
        "Dit is geen geldige YAML (regel"
    )


def test_an_ordinary_scenario_still_saves(policy):
    text = (
        'measures:\n  "7": {duration_years: 3, ramp: [0.5, 1.0]}\ngeneral: {flowback_share: 0.4}\n'
    )
    response = post_scenario(policy, text)
    assert response.status_code == 302
    overrides = Scenario.objects.get().overrides
    assert overrides["measures"]["7"] == {"duration_years": 3, "ramp": [0.5, 1.0]}
    assert overrides["general"] == {"flowback_share": 0.4}


def test_cli_scenario_file_goes_through_the_same_loader(tmp_path, nothing_built):
    from typer.testing import CliRunner

    from hulplijn.cli.main import app

    path = tmp_path / "bom.yaml"
    path.write_text(BOMB)
    result = CliRunner().invoke(app, ["plan", "run", "--scenario", str(path)])
    assert result.exit_code == 2
    assert "ankers en verwijzingen" in result.output + str(getattr(result, "stderr", ""))
    path.write_text("x" * (safe_yaml.MAX_BYTES + 1))
    result = CliRunner().invoke(app, ["plan", "run", "--scenario", str(path)])
    assert result.exit_code == 2 and "te groot" in result.output + str(
        getattr(result, "stderr", "")
    )


# --- the wizard keeps only its own fields ------------------------------------------------------


def test_wizard_stores_only_its_own_fields(client):
    client.get("/zelfdiagnose/")
    junk = {f"veld_{i:04d}_{'x' * 20}": "j" * 15_000 for i in range(100)}  # 1.5 MB of junk
    response = client.post(
        "/zelfdiagnose/sector/",
        {
            "sbi": "47",
            "working_persons": "60",
            "kvk_number": "9" * 50_000,
            **junk,
            "action": "next",
        },
    )
    assert response.status_code in (200, 302)
    raw = Draft.objects.get().data["raw"]["sector"]
    assert set(raw) <= {"sbi", "sbi2025", "kvk_number", "working_persons"}
    assert raw["sbi"] == "47" and raw["working_persons"] == "60"
    assert len(raw["kvk_number"]) <= 1000  # a long answer is not kept whole
    assert len(json.dumps(Draft.objects.get().data)) < 10_000


def test_too_many_fields_get_the_friendly_400_page(client):
    client.get("/zelfdiagnose/")
    junk = {f"v{i}": "x" for i in range(600)}
    response = client.post("/zelfdiagnose/sector/", {"sbi": "47", **junk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit verzoek is geweigerd" in page and "This request was refused" in page
    assert "bestand boven de toegestane grootte" in page and 'href="/"' in page
    assert not Draft.objects.filter(data__raw__isnull=False).exists()


def test_too_much_form_text_gets_the_400_page(client):
    client.get("/zelfdiagnose/")
    response = client.post("/zelfdiagnose/sector/", {"sbi": "x" * (3 * MB)})
    assert response.status_code == 400
    assert "Dit verzoek is geweigerd" in response.content.decode()


# --- uploads stay in memory, and over the limit are refused by name ---------------------------


@pytest.fixture
def temp_files(monkeypatch, settings, tmp_path):
    """Every temporary file Django would make for an upload goes to tmp_path and is recorded."""
    import tempfile

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made = []
    original = django_temp.NamedTemporaryFile

    def recording(*args, **kwargs):
        handle = original(*args, **kwargs)
        made.append(handle.name)
        return handle

    monkeypatch.setattr(django_temp, "NamedTemporaryFile", recording)
    return tmp_path, made


def test_a_25_mb_upload_never_touches_the_disk_and_is_refused_by_name(client, temp_files):
    directory, made = temp_files
    client.get("/zelfdiagnose/")
    big = SimpleUploadedFile("jaarrekening.xbrl", b"<xbrl>" + b" " * (25 * MB) + b"</xbrl>")
    response = client.post("/zelfdiagnose/jaarrekening/", {"file": big})
    assert response.status_code == 200
    error = response.context["form"].errors["file"][0]
    assert error.startswith("Het bestand is te groot") or "te groot" in error, error
    assert "25" in error and "20" in error  # its size and the limit
    assert made == [] and list(directory.iterdir()) == []


def test_django_default_handlers_would_have_written_it(client, settings, temp_files):
    """The check above can see a temporary file: Django's own handlers make one."""
    directory, made = temp_files
    settings.FILE_UPLOAD_HANDLERS = [
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.get("/zelfdiagnose/")
    client.post("/zelfdiagnose/jaarrekening/", {"file": SimpleUploadedFile("a.xbrl", b" " * 4096)})
    assert made and all(Path(name).parent == directory for name in made)


def test_statement_over_the_limit_named_in_its_field(client, settings, temp_files):
    directory, made = temp_files
    settings.HULPLIJN_MAX_UPLOAD_BYTES = 64 * 1024
    client.get("/zelfdiagnose/")
    small = SimpleUploadedFile("maart.sta", (FIXTURES / "bank" / "two_accounts.sta").read_bytes())
    big = SimpleUploadedFile("april.sta", b":20:X\n" * 40_000)
    response = client.post("/zelfdiagnose/bankafschriften/", {"files": [small, big]})
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert any("april.sta" in e and "te groot" in e for e in errors), errors
    assert made == [] and list(directory.iterdir()) == []
    assert "bank_buffer" not in Draft.objects.get().data  # nothing half-read was used


def test_a_request_body_far_over_the_limit_is_refused_before_it_is_read(
    client, settings, temp_files
):
    directory, made = temp_files
    settings.HULPLIJN_MAX_REQUEST_BYTES = 256 * 1024
    client.get("/zelfdiagnose/")
    big = SimpleUploadedFile("a.xbrl", b" " * (512 * 1024))
    response = client.post("/zelfdiagnose/jaarrekening/", {"file": big})
    assert response.status_code == 400
    assert "Dit verzoek is geweigerd" in response.content.decode()
    assert made == [] and list(directory.iterdir()) == []


# --- logs without content ----------------------------------------------------------------------

IBAN = "NL91ABNA0417164300"
NAME = "Bakkerij Jansen-Vermeulen"
AMOUNT = "4321,09"


def broken_statement() -> bytes:
    """A statement whose second entry (:61:) cannot be read, after a :25: with an IBAN and a
    :86: with a name."""
    text = (FIXTURES / "bank" / "unreconciled.sta").read_text()
    assert IBAN in text
    text = text.replace(":86:Huur maart, Verhuur BV", f":86:{NAME}")
    text = text.replace(":61:2603030303C50,00NTRFFACT2026001", f":61:26030X0303C{AMOUNT}NTRF")
    return text.encode()


@pytest.fixture
def production_logging():
    """The production LOGGING (JSON lines, at DEBUG) for one test, its stdout handlers writing
    to a buffer the test reads; the logging set-up as it was afterwards."""
    manager = logging.Logger.manager
    saved = {
        name: (lg.level, list(lg.handlers), lg.propagate, lg.disabled)
        for name, lg in [("", logging.root), *manager.loggerDict.items()]
        if isinstance(lg, logging.Logger)
    }
    logging.config.dictConfig(json_logging("DEBUG"))
    buffer = io.StringIO()
    for lg in [logging.root, *manager.loggerDict.values()]:
        for handler in getattr(lg, "handlers", []):
            if isinstance(handler, logging.StreamHandler) and isinstance(
                handler.formatter, JsonFormatter
            ):
                handler.setStream(buffer)
    yield buffer
    for name, (level, handlers, propagate, disabled) in saved.items():
        lg = logging.getLogger(name or None)
        lg.setLevel(level)
        lg.handlers = handlers
        lg.propagate, lg.disabled = propagate, disabled


def assert_no_content(text: str) -> None:
    for secret in (IBAN, NAME, AMOUNT, "4321.09", "ABNA0417"):
        assert secret not in text, f"{secret!r} in the log"


def test_refused_statement_leaves_no_content_in_the_log(client, caplog):
    caplog.set_level(logging.DEBUG)  # the root logger, and so everything that propagates
    client.get("/zelfdiagnose/")
    upload = SimpleUploadedFile("maart.sta", broken_statement())
    response = client.post("/zelfdiagnose/bankafschriften/", {"files": [upload]})
    assert response.status_code == 200
    assert "maart.sta" in response.context["form"].errors["files"][0]  # refused, by name
    assert caplog.records  # the request itself was logged
    assert_no_content(caplog.text)
    assert_no_content(" ".join(str(r.args) for r in caplog.records))


def test_refused_statement_leaves_no_content_in_the_production_json_log(production_logging):
    client = Client()
    client.get("/zelfdiagnose/")
    upload = SimpleUploadedFile("maart.sta", broken_statement())
    response = client.post("/zelfdiagnose/bankafschriften/", {"files": [upload]})
    assert response.status_code == 200
    out = production_logging.getvalue()
    lines = [json.loads(line) for line in out.splitlines()]
    assert any(line.get("path") == "/zelfdiagnose/bankafschriften/" for line in lines)
    assert_no_content(out)


def test_library_records_lose_their_values(caplog):
    """A quiet library's warning keeps its fixed text, never its arguments or exception text."""
    caplog.set_level(logging.DEBUG)
    library = logging.getLogger("weasyprint")
    library.debug("ignored %s", IBAN)  # below WARNING: not written at all
    try:
        raise ValueError(NAME)
    except ValueError:
        library.warning("could not read %r for %s", NAME, IBAN, exc_info=True)
    logging.getLogger("mt940.tags.Statement").error('matching "%s"', IBAN)  # silenced
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["could not read %r for %s [ValueError]"]
    assert_no_content(caplog.text)


def test_json_formatter_output_of_a_library_warning_has_no_values(production_logging):
    logging.getLogger("httpx").warning("HTTP Request: %s %s", "GET", "/?kvkNummer=90012345")
    out = production_logging.getvalue()
    line = json.loads(out.strip().splitlines()[-1])
    assert line["logger"] == "httpx" and line["message"] == "HTTP Request: %s %s"
    assert "90012345" not in out
