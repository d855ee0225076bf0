"""Settings from the environment: a value that cannot be read stops start-up with one line
naming the variable and the value; a typo never becomes a default or ``False``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from hulplijn.web.conf import env

pytestmark = pytest.mark.django_db  # tests/web's fixtures clear the (database) cache


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        (" TRUE ", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        (" off\n", False),
    ],
)
def test_flag_reads_the_yes_and_no_words(monkeypatch, value, expected):
    monkeypatch.setenv("HULPLIJN_TEST_FLAG", value)
    assert env.flag("HULPLIJN_TEST_FLAG", not expected) is expected


def test_flag_without_the_variable_is_the_default(monkeypatch):
    monkeypatch.delenv("HULPLIJN_TEST_FLAG", raising=False)
    assert env.flag("HULPLIJN_TEST_FLAG", True) is True
    assert env.flag("HULPLIJN_TEST_FLAG", False) is False


@pytest.mark.parametrize("value", ["ture", "flase", "2", "", "y", "enabled", "nee"])
def test_flag_refuses_anything_else_naming_variable_and_value(monkeypatch, value):
    monkeypatch.setenv("HULPLIJN_SECURE_COOKIES", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        env.flag("HULPLIJN_SECURE_COOKIES", True)
    message = str(refused.value)
    assert message.startswith(f"HULPLIJN_SECURE_COOKIES={value!r} is not valid")
    assert "true, false" in message and "\n" not in message


def test_number_reads_whole_numbers(monkeypatch):
    monkeypatch.setenv("HULPLIJN_TEST_NUMBER", " 42 ")
    assert env.number("HULPLIJN_TEST_NUMBER", 1) == 42
    monkeypatch.delenv("HULPLIJN_TEST_NUMBER")
    assert env.number("HULPLIJN_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("value", ["", "ten", "1.5", "1e3", "60s"])
def test_number_refuses_non_integers_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("HULPLIJN_NUM_PROXIES", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        env.number("HULPLIJN_NUM_PROXIES", 0)
    assert str(refused.value).startswith(f"HULPLIJN_NUM_PROXIES={value!r} is not valid")


def test_number_below_the_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("HULPLIJN_NUM_PROXIES", "-1")
    with pytest.raises(ImproperlyConfigured, match=r"HULPLIJN_NUM_PROXIES='-1'.*at least 0"):
        env.number("HULPLIJN_NUM_PROXIES", 0, minimum=0)


def test_choice_gives_the_option_as_written_and_refuses_others(monkeypatch):
    monkeypatch.setenv("HULPLIJN_LOG_LEVEL", " warning ")
    assert env.choice("HULPLIJN_LOG_LEVEL", "INFO", ["INFO", "WARNING"]) == "WARNING"
    monkeypatch.setenv("HULPLIJN_LOG_LEVEL", "LOUD")
    with pytest.raises(ImproperlyConfigured) as refused:
        env.choice("HULPLIJN_LOG_LEVEL", "INFO", ["INFO", "WARNING"])
    assert str(refused.value) == "HULPLIJN_LOG_LEVEL='LOUD' is not valid: use one of INFO, WARNING"


def start(settings: str, **variables: str) -> subprocess.CompletedProcess:
    """Import a settings module in a fresh interpreter, as gunicorn or manage.py would."""
    environment = {
        **os.environ,
        "HULPLIJN_SECRET_KEY": "x" * 50,
        "HULPLIJN_ALLOWED_HOSTS": "hulplijn.example.nl",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import hulplijn.web.conf.{settings}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HULPLIJN_SECURE_COOKIES", "ture"),
        ("HULPLIJN_SSL_REDIRECT", "nee"),
        ("HULPLIJN_HSTS_SECONDS", "one year"),
        ("HULPLIJN_NUM_PROXIES", "-1"),
        ("HULPLIJN_EHERKENNING_MIN_LOA", "loa3"),
        ("HULPLIJN_LOG_LEVEL", "chatty"),
    ],
)
def test_production_does_not_start_with_an_unreadable_value(variable, value):
    result = start("production", **{variable: value})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"django.core.exceptions.ImproperlyConfigured: {variable}={value!r}")


def test_production_starts_with_valid_values():
    result = start("production", HULPLIJN_SECURE_COOKIES=" True ", HULPLIJN_NUM_PROXIES="1")
    assert result.returncode == 0, result.stderr


# --- the admin's address ---------------------------------------------------------------------


def test_admin_is_not_at_the_well_known_address(client, settings):
    assert settings.HULPLIJN_ADMIN_PATH == "beheer/"
    assert client.get("/admin/").status_code == 404
    response = client.get("/beheer/")
    assert response.status_code == 302 and "next=/beheer/" in response["Location"]


@pytest.mark.parametrize(
    ("value", "expected"), [("/intern/beheer", "intern/beheer/"), ("x-1/", "x-1/")]
)
def test_admin_path_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("HULPLIJN_ADMIN_PATH", value)
    assert env.url_path("HULPLIJN_ADMIN_PATH", "beheer/") == expected


@pytest.mark.parametrize("value", ["", "/", "a b/", "a//b", "../x", "?x"])
def test_admin_path_must_be_a_plain_path(monkeypatch, value):
    monkeypatch.setenv("HULPLIJN_ADMIN_PATH", value)
    with pytest.raises(ImproperlyConfigured, match="HULPLIJN_ADMIN_PATH="):
        env.url_path("HULPLIJN_ADMIN_PATH", "beheer/")
