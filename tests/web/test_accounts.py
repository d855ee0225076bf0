"""Registration, login by e-mail, lockout after repeated failures."""

import pytest

from hulplijn.web.accounts.models import User
from tests.web.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_register_validation_messages(client):
    UserFactory(email="bestaat@example.nl")
    response = client.post(
        "/account/registreren/",
        {"email": "bestaat@example.nl", "password": "kort", "password_again": "anders"},
        **EN,
    )
    errors = response.context["form"].errors
    assert errors["email"] == [
        "There is already an account with this e-mail address. Log in instead."
    ]
    assert errors["password_again"] == ["The two passwords are not the same."]
    response = client.post(
        "/account/registreren/",
        {"email": "nieuw@example.nl", "password": "1234567890", "password_again": "1234567890"},
        **EN,
    )
    assert "This password is entirely numeric." in response.context["form"].errors["password"]
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_passwords_are_stored_with_argon2(client):
    client.post(
        "/account/registreren/",
        {"email": "a@example.nl", "password": PASSWORD, "password_again": PASSWORD},
    )
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher("default").algorithm in ("argon2", "md5")  # md5 only in the test settings
    from django.conf import settings

    assert "Argon2PasswordHasher" in settings.PASSWORD_HASHERS[1]


def test_login_with_wrong_password_says_so(client):
    user = UserFactory()
    response = client.post("/account/inloggen/", {"username": user.email, "password": "fout"}, **EN)
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_lockout_after_repeated_failures(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/inloggen/", {"username": user.email, "password": "fout"})
    response = client.post(
        "/account/inloggen/", {"username": user.email, "password": PASSWORD}, **EN
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_overview_needs_login(client):
    assert client.get("/account/")["Location"].startswith("/account/inloggen/")
