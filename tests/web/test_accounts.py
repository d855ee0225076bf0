"""Accounts on django-allauth: sign-up with e-mail verification and no account enumeration,
login, password reset and change, Dutch password rules, failed-login limits that never lock the
owner out of a browser they used before, a second factor for staff and the admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from hulplijn.web.accounts import devices
from hulplijn.web.accounts.models import User
from hulplijn.web.accounts.passwords import core, problem
from tests.web.factories import (
    PASSWORD,
    PolicyUserFactory,
    UserFactory,
    totp_code,
    with_second_factor,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NEW_PASSWORD = "een-ander-lang-wachtwoord-7"


def _link(message, part: str) -> str:
    """The site's own link in a sent e-mail that contains ``part``."""
    found = re.search(rf"https?://[^/\s]+(/\S*{part}\S*)", message.body)
    assert found, message.body
    return found.group(1)


def _sign_up(client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        "/account/signup/", {"email": email, "password1": password, "password2": password}, **extra
    )


def _log_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/account/login/", {"login": email, "password": password}, **extra)


def test_sign_up_needs_the_link_sent_to_the_address(client):
    response = _sign_up(client, "nieuw@example.nl")
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session  # not logged in before the address is proven
    [message] = mail.outbox
    assert message.to == ["nieuw@example.nl"]
    # the link's page asks to confirm (a POST), so a mail scanner opening it changes nothing
    confirm = _link(message, "confirm-email")
    assert client.get(confirm).status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified
    assert _log_in(client, "nieuw@example.nl").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_with_a_known_address_reveals_nothing(client):
    """Finding: registration told whether an address has an account, and a squatter could
    register a victim's address first. Now both answers look the same and the address's owner
    gets an e-mail; an unverified squatter never gets in."""
    UserFactory(email="bestaat@example.nl")
    known = _sign_up(client, "bestaat@example.nl", **EN)
    unknown = _sign_up(client, "onbekend@example.nl", **EN)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email="bestaat@example.nl").count() == 1
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["bestaat@example.nl", "onbekend@example.nl"]
    # the squatter's account on a victim's address cannot log in without the victim's mailbox
    mail.outbox.clear()
    response = _log_in(client, "onbekend@example.nl")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "confirm-email" in response["Location"]


def test_password_reset_does_not_reveal_accounts_and_works(client):
    user = UserFactory(email="vergeten@example.nl")
    for address in ("vergeten@example.nl", "niemand@example.nl"):
        response = client.post("/account/password/reset/", {"email": address})
        assert response.status_code == 302
        assert response["Location"] == "/account/password/reset/done/"
    assert len(mail.outbox) == 2  # the unknown address is told it has no account, by e-mail
    [reset] = [message for message in mail.outbox if message.to == ["vergeten@example.nl"]]
    link = _link(reset, "password/reset/key")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_asks_the_current_password(client):
    user = UserFactory()
    client.force_login(user)
    wrong = client.post(
        "/account/password/change/",
        {"oldpassword": "fout", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors["oldpassword"]
    client.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # the owner hears of it by e-mail (somebody else who changed it would be noticed)
    assert [message.to for message in mail.outbox] == [[user.email]]


@pytest.mark.parametrize(
    "password",
    ["Wachtwoord1", "mkbhulplijn", "W@chtw00rd2026!", "Feyenoord010", "MKB-Hulplijn!", "zomer2026"],
)
def test_common_dutch_passwords_and_the_site_name_are_refused(client, password):
    """Finding: "Wachtwoord1" and "mkbhulplijn" were accepted."""
    response = _sign_up(client, "zwak@example.nl", password, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="zwak@example.nl").exists()


def test_password_core():
    # "W@chtw00rd1!": trailing "1!" stripped, @ -> a, 0 -> o
    assert core("W@chtw00rd1!") == "wachtwoord"
    assert core("MKB-Hulplijn!") == "mkbhulplijn"
    assert problem("een-lang-wachtwoord-42") is None  # a passphrase is not a common word


def test_wrong_password_says_so_in_dutch(client):
    user = UserFactory()
    response = _log_in(client, user.email, "fout")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_failed_logins_are_limited_per_account(client):
    """Five failures on one account hold back further attempts from browsers it never used."""
    user = UserFactory()
    for _ in range(5):
        _log_in(client, user.email, "fout")
    response = _log_in(client, user.email, PASSWORD, **EN)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_failed_logins_are_limited_per_address(client):
    """Finding: 40 accounts tried from one address, none slowed. Now ten failures a minute per
    address, whichever accounts they try."""
    users = [UserFactory() for _ in range(11)]
    for user in users[:10]:
        _log_in(client, user.email, "fout")
    # the eleventh account, even with its right password, waits (in a browser it never used)
    response = _log_in(client, users[10].email, PASSWORD, **EN)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_browser_the_owner_used_before_is_never_locked_out(client, settings):
    """Finding: once an address passed the failure limit, valid credentials of others were
    refused too. A guesser's failures (same address, same account) do not hold back the
    owner's own browser, which carries the device cookie of an earlier login."""
    owner = UserFactory()
    _log_in(client, owner.email)
    assert devices.COOKIE in client.cookies
    device = client.cookies[devices.COOKIE].value
    client.post("/account/logout/")

    from django.test import Client

    guesser = Client()
    for _ in range(12):
        _log_in(guesser, owner.email, "fout")
    assert "_auth_user_id" not in guesser.session
    held_back = _log_in(guesser, owner.email, **EN)  # the guesser stays held back
    assert "Too many failed login attempts" in held_back.content.decode()
    assert "_auth_user_id" not in guesser.session

    client.cookies[devices.COOKIE] = device
    assert _log_in(client, owner.email).status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_a_forged_device_cookie_counts_for_nothing(client):
    owner = UserFactory()
    for _ in range(5):
        _log_in(client, owner.email, "fout")
    client.cookies[devices.COOKIE] = "forged:value"
    _log_in(client, owner.email)
    assert "_auth_user_id" not in client.session


def test_staff_log_in_with_a_second_factor(client):
    staff = PolicyUserFactory()
    response = _log_in(client, staff.email)
    assert response.status_code == 302 and response["Location"] == "/account/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    client.post("/account/2fa/authenticate/", {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/beleid/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth signals "authenticator added" on commit
def test_staff_without_a_second_factor_can_only_set_one_up(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    _log_in(client, staff.email)  # a password only: no authenticator yet
    for path in ("/beleid/", reverse("admin:index"), "/account/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/account/2fa/", path
    assert client.get("/account/2fa/").status_code == 200
    # setting up an authenticator app asks the password again, then the app's code proves the
    # secret shown on the page
    assert client.get("/account/2fa/totp/activate/")["Location"].startswith(
        "/account/reauthenticate/"
    )
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    page = client.get("/account/2fa/totp/activate/")
    secret = page.context["form"].secret
    client.post("/account/2fa/totp/activate/", {"code": totp_code(secret)})
    assert client.get("/account/").status_code == 200


def test_a_session_without_the_second_factor_is_sent_back(client):
    """A staff member with an authenticator whose session did not pass it (e.g. it began before
    the authenticator was added elsewhere) logs in again."""
    staff = with_second_factor(UserFactory(is_staff=True))
    from django.contrib.auth import SESSION_KEY

    client.get("/")
    session = client.session
    session[SESSION_KEY] = str(staff.pk)
    session["_auth_user_backend"] = "allauth.account.auth_backends.AuthenticationBackend"
    session["_auth_user_hash"] = staff.get_session_auth_hash()
    session.save()
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_has_no_password_only_login(client):
    """Finding: the admin held accounts and certificates behind a password only at /admin/."""
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_overview_needs_login(client):
    assert client.get("/account/")["Location"].startswith("/account/login/")


def test_old_dutch_addresses_lead_to_the_new_pages(client):
    assert client.get("/account/inloggen/?next=/account/")["Location"] == (
        "/account/login/?next=/account/"
    )
    assert client.get("/account/registreren/")["Location"] == "/account/signup/"
