"""Web tests: the synthetic reference artifact, and the report's example firm as wizard answers."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

# The report's example firm (docs/domain.md section 4) as the wizard's steps, Dutch number style.
EXAMPLE_STEPS = {
    "sector": {"sbi": "47", "working_persons": "60"},
    "resultaten": {
        "gross_margin_1": "909.000",
        "wage_costs_1": "329.000",
        "fte_1": "56",
        "gross_margin_2": "965.000",
        "wage_costs_2": "348.740",
        "fte_2": "58",
    },
    "liquiditeit": {
        "cash_1": "150000",
        "short_term_receivables_1": "20000",
        "trade_debtors_1": "90000",
        "short_term_debts_1": "110000",
        "trade_creditors_1": "70000",
        "interest_costs_1": "15000",
        "wage_costs_1": "340000",
        "other_costs_1": "180000",
        "cash_2": "95000",
        "short_term_receivables_2": "15000",
        "trade_debtors_2": "60000",
        "short_term_debts_2": "120000",
        "trade_creditors_2": "65000",
        "interest_costs_2": "15000",
        "wage_costs_2": "330000",
        "other_costs_2": "150000",
    },
    "solvabiliteit": {"equity": "520000", "total_assets": "1300000"},
    # the one extra question (issue 13): investing and borrowing opens KIA, BMKB and GO
    "plannen": {"plan_invest": "on", "plan_borrow": "on"},
    "toestemming": {"consent_statistics": "on"},
    "inschatting": {"guess_percentile": "60"},
}


@pytest.fixture(autouse=True)
def web_reference(settings, synthetic_reference_dir):
    """The synthetic reference, loaded once for the session: the cached artifact never changes,
    and the store keeps one Reference per folder (a test that points the store at another
    folder, or at none, loads or fails on its own; reference_store.clear() forgets them all)."""
    from django.core.cache import cache

    settings.HULPLIJN_REFERENCE_DIR = synthetic_reference_dir
    cache.clear()  # e.g. the cockpit's cached pass over the records
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (Dutch): a request with another
    language leaves it active in the thread (LocaleMiddleware), which would otherwise decide
    how the next test's lazy texts read."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def staff_second_factor_in_force_login(monkeypatch):
    """``client.force_login(staff)`` stands for a whole login, second factor included (staff
    must pass one, accounts/middleware.py); tests of that login itself post the real forms."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            from allauth.mfa.utils import is_mfa_enabled

            from tests.web.factories import with_second_factor

            if not is_mfa_enabled(user):
                with_second_factor(user)
            session = self.session
            session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def complete_wizard(client, steps=EXAMPLE_STEPS):
    """Walk the wizard with ``steps`` and calculate; returns the final response (followed)."""
    client.get("/zelfdiagnose/")
    for slug, data in steps.items():
        response = client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    return client.post("/zelfdiagnose/controle/", {"action": "calculate"}, follow=True)


@pytest.fixture(scope="session", autouse=True)
def compiled_messages(tmp_path_factory):
    """Compile the catalogues once, so a bare `pytest` on a fresh checkout shows Dutch too."""
    import contextlib
    import shutil

    from django.core.management import call_command
    from django.utils.translation import trans_real

    if shutil.which("msgfmt") is None:
        return
    with contextlib.chdir(tmp_path_factory.mktemp("messages")):
        call_command("compilemessages", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def limit_clock(monkeypatch):
    """The rate limits count in fixed windows of the wall clock (hulplijn.web.ops.limits). A test
    that sent its hits across the end of a minute saw its count start again and got 401 where it
    counted on 429 (CI run of ec709e2). Tests run on a clock pinned 30 s into tomorrow: every
    window of a second to a day began 30 s before and ends after the real clock's now."""
    from hulplijn.web.ops import limits

    pinned = (int(time.time()) // 86400 + 1) * 86400 + 30.0
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: pinned))
    return pinned
