"""Intake in a real browser: prefill from XBRL annual accounts after confirmation, buffer days from
bank statements, register verification on the dashboard, hostile uploads, an adviser's CSV batch;
with and without JavaScript, and at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hulplijn.imports import bank, xbrl
from hulplijn.imports.errors import ImportRefused
from hulplijn.web.assessments.models import Assessment, Draft
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t
from tests.web.factories import AdviserFactory


def size_nl(size: int) -> str:
    """A file size as the server writes it in Dutch (Django's filesizeformat)."""
    from django.template.defaultfilters import filesizeformat
    from django.utils import translation

    with translation.override("nl"):
        return str(filesizeformat(size))


pytestmark = pytest.mark.e2e


def server_errors(page) -> list[str]:
    """Collects every response of 500 or above the page receives from now on."""
    errors: list[str] = []
    page.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}")
        if response.status >= 500
        else None,
    )
    return errors


def test_intake_with_javascript(page, shots):
    round = flows.intake_round_and_register()
    errors = server_errors(page)
    flows.start(page, shots)
    dashboard = flows.wizard_with_intake(page, shots, js=True)
    flag = flows.dashboard_verification(page, shots)

    stored = Assessment.objects.get(pk=flows.DASHBOARD_URL.search(dashboard).group("pk"))
    assert stored.round == round
    assert stored.kvk_number == flows.KVK_NUMBER
    assert stored.firm_input["solvency"] == {"equity": 45300, "total_assets": 128750}
    checks = {c["path"]: c["status"] for c in stored.verification}
    assert checks["years[1].gross_margin"] == "differs", checks
    assert stored.bank_buffer["2026-03"]["value"] > 0
    assert not errors
    assert "(2018)" in flag, flag  # the year as a year, not a grouped number


def test_hostile_uploads_get_a_clear_message_beside_the_field(page, shots, settings, tmp_path):
    errors = server_errors(page)
    page.goto("/zelfdiagnose/")
    page.goto("/zelfdiagnose/jaarrekening/")
    upload = flows.annual_accounts_file(page)

    # an XML external entity: refused before anything is resolved
    xxe = tmp_path / "jaarrekening.xbrl"
    xxe.write_bytes(flows.XXE)
    flows.upload_refused(page, upload, xxe, _xxe_message(), "id_file")
    expect(page.locator("h1")).to_have_text(t("Fill in from your annual accounts"))
    shots(page, "annual-accounts-xxe")

    # a file over the limit (the limit made small for the test; files go to pytest's tmp_path)
    settings.HULPLIJN_MAX_UPLOAD_BYTES = 1024 * 1024
    big = tmp_path / "groot.xbrl"
    big.write_bytes(b"<xbrl>" + b" " * (3 * 1024 * 1024) + b"</xbrl>")
    too_large = t("The file is too large (%(size)s; at most %(limit)s).") % {
        "size": size_nl(big.stat().st_size),
        "limit": size_nl(1024 * 1024),
    }
    flows.upload_refused(page, flows.annual_accounts_file(page), big, too_large, "id_file")
    shots(page, "annual-accounts-too-large")

    # the same on the statements page: an XXE in a CAMT.053 file, and a file over the limit
    page.goto("/zelfdiagnose/bankafschriften/")
    camt = tmp_path / "afschrift.xml"
    camt.write_bytes(flows.XXE.replace(b"<xbrl>&e;</xbrl>", b"<Document>&e;</Document>"))
    camt_refused = refusal(bank.read_statements, camt.read_bytes(), camt.name, "afschrift.xml: ")
    flows.upload_refused(page, flows.statements_files(page), camt, camt_refused, "id_files")
    shots(page, "statements-xxe")
    big_statement = tmp_path / "groot.sta"
    big_statement.write_bytes(b":20:X\n" + b" " * (3 * 1024 * 1024))
    flows.upload_refused(
        page,
        flows.statements_files(page),
        big_statement,
        t("%(name)s is too large (at most %(limit)s).")
        % {"name": "groot.sta", "limit": size_nl(1024 * 1024)},
        "id_files",
    )
    shots(page, "statements-too-large")
    assert not errors
    assert "bank_buffer" not in Draft.objects.get().data


def refusal(read, data: bytes, name: str, prefix: str = "") -> re.Pattern:
    """The whole error text for a file ``read`` refuses: the reader's own Dutch message
    (hulplijn.imports, not a catalogue), after ``prefix``."""
    try:
        read(data, name)
    except ImportRefused as refused:
        return re.compile("^" + re.escape(prefix + refused.message("nl")) + "$")
    raise AssertionError(f"{name} was not refused")


def _xxe_message() -> re.Pattern:
    return refusal(xbrl.read_annual_accounts, flows.XXE, "jaarrekening.xbrl")


def test_adviser_batch(page, shots):
    # an address as long as a factory makes late in a full run: the login message names it and
    # overflowed 360 px by 6-22 px (the alert's content, a flex item, would not shrink)
    adviser = AdviserFactory(email="adviseur1234@example.nl")
    flows.log_in(page, adviser.email, "/adviseur/batch/")
    flows.batch_page(page, shots)

    with page.expect_download() as started:
        page.get_by_role("link", name=t("Download the template (CSV)"), exact=True).click()
    download = started.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == "mkb-hulplijn-sjabloon.csv"
    template = download.path().read_text(encoding="utf-8-sig")
    assert "gross_margin_1" in template.splitlines()[0]

    paths = flows.batch_report(page, shots)
    assert Assessment.objects.filter(owner=adviser).count() == len(paths) == 1
    page.get_by_role("link", name="Goed A", exact=True).click()
    page.wait_for_url(f"**{paths[0]}")
    expect(page.locator(".hl-summary")).to_be_visible()
    expect(page.locator(".hl-matrix__cell--current")).to_be_attached()
    shots(page, "batch-dashboard")


def test_annual_accounts_without_javascript(new_page, shots):
    page = new_page(java_script_enabled=False)
    flows.start(page, shots)
    flows.search_sector(page, "47", js=False)
    flows.fill_step(page, "sector", {"sbi": "47", "working_persons": "60"})
    flows.next_step(page)
    page.wait_for_url("**/zelfdiagnose/resultaten/")
    flows.open_annual_accounts(page, shots)
    flows.annual_accounts_found(page, shots)
    flows.use_found_figures(page, shots)
    raw = Draft.objects.get().data["raw"]["solvabiliteit"]
    assert raw == flows.MICRO_PREFILL


def test_phone_width_intake_pages_have_no_horizontal_scrolling(new_page, shots, axe, tmp_path):
    """At 360px nothing scrolls sideways; a table that scrolls inside its container can be
    reached and scrolled with the keyboard (axe-core at this width too)."""
    flows.intake_round_and_register()
    page = new_page(viewport=PHONE)
    too_wide: list[str] = []

    def fits(page, name):
        too_wide.extend(flows.phone_layout(page, name))
        axe(page, f"{name} at 360px")

    flows.start(page, shots)
    page.goto("/zelfdiagnose/jaarrekening/")
    xxe = tmp_path / "jaarrekening.xbrl"
    xxe.write_bytes(flows.XXE)
    flows.upload_refused(page, flows.annual_accounts_file(page), xxe, _xxe_message(), "id_file")
    shots(page, "annual-accounts-error")
    fits(page, "annual accounts with an error")
    page.goto("/zelfdiagnose/")
    flows.wizard_with_intake(page, shots, js=True, check=fits)
    flows.dashboard_verification(page, shots, check=fits)

    # an address as long as a factory makes late in a full run: the login message names it and
    # overflowed 360 px by 6-22 px (the alert's content, a flex item, would not shrink)
    adviser = AdviserFactory(email="adviseur1234@example.nl")
    batch = new_page(viewport=PHONE)
    flows.log_in(batch, adviser.email, "/adviseur/batch/")
    flows.batch_page(batch, shots, check=fits)
    flows.batch_report(batch, shots, check=fits)
    assert not too_wide, "does not fit 360px:\n" + "\n".join(too_wide)
    axe.assert_clean()
