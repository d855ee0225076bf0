"""eHerkenning: a validated assertion (KvK number, level of assurance) becomes an account.

The SAML exchange with a broker cannot run without one; these tests fake only that boundary
(artifact resolution) and test what the project owns: the mapping to an account, the level
of assurance check, the login page, the development stand-in and its refusal in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from digid_eherkenning.choices import AssuranceLevels, ConfigTypes
from digid_eherkenning.models import ConfigCertificate, EherkenningConfiguration
from digid_eherkenning.saml2.eherkenning import eHerkenningClient
from django.contrib.messages import get_messages
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.utils import translation
from simple_certmanager.constants import CertificateTypes
from simple_certmanager.models import Certificate

from hulplijn.web.accounts import eherkenning
from hulplijn.web.accounts.models import EherkenningIdentity, User
from hulplijn.web.assessments.models import Assessment
from tests.web.conftest import complete_wizard
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db

LOA2 = AssuranceLevels.low.value
LOA3 = AssuranceLevels.substantial.value
LOA4 = AssuranceLevels.high.value


class FakeResponse:
    """What python3-saml's validated response gives the backend."""

    def __init__(self, contexts):
        self.contexts = contexts

    def get_authn_contexts(self):
        return self.contexts


def attributes(kvk_number: str) -> dict:
    """The eHerkenning attribute statement as python3-saml parses it."""
    return {
        "urn:etoegang:core:LegalSubjectID": [
            {
                "NameID": {
                    "NameQualifier": "urn:etoegang:1.9:EntityConcernedID:KvKnr",
                    "value": kvk_number,
                }
            }
        ]
    }


# --- mapping an identity to an account ------------------------------------------------------


def test_new_kvk_number_makes_an_account_without_email_or_password():
    user = eherkenning.account_for(eherkenning.Identity("12345678", LOA3))
    assert user.email is None and not user.has_usable_password()
    assert user.eherkenning.kvk_number == "12345678" and str(user) == "KvK 12345678"
    # the same firm again: the same account, the level of this login remembered
    again = eherkenning.account_for(eherkenning.Identity("12345678", LOA4))
    assert again.pk == user.pk and User.objects.count() == 1
    assert EherkenningIdentity.objects.get().level_of_assurance == LOA4


def test_two_firms_without_email_are_two_accounts():
    a = eherkenning.account_for(eherkenning.Identity("12345678", LOA3))
    b = eherkenning.account_for(eherkenning.Identity("87654321", LOA3))
    assert a.pk != b.pk and User.objects.filter(email__isnull=True).count() == 2


@pytest.mark.parametrize("level", [LOA2, AssuranceLevels.low_plus.value, "urn:other", ""])
def test_a_lower_or_unknown_level_of_assurance_is_refused(level):
    with pytest.raises(eherkenning.LoginRefused) as refused:
        eherkenning.account_for(eherkenning.Identity("12345678", level))
    assert eherkenning.minimum_level_label() in str(refused.value)
    assert not User.objects.exists()


def test_the_minimum_level_comes_from_the_setting(settings):
    settings.HULPLIJN_EHERKENNING_MIN_LOA = LOA4
    with pytest.raises(eherkenning.LoginRefused):
        eherkenning.account_for(eherkenning.Identity("12345678", LOA3))
    assert eherkenning.account_for(eherkenning.Identity("12345678", LOA4)).pk


@pytest.mark.parametrize("kvk_number", ["", "1234567", "123456789", "abcdefgh"])
def test_no_valid_kvk_number_is_refused(kvk_number):
    with pytest.raises(eherkenning.LoginRefused):
        eherkenning.account_for(eherkenning.Identity(kvk_number, LOA3))


def test_logged_in_email_account_gets_linked_and_another_cannot_take_the_firm():
    owner = UserFactory()
    assert eherkenning.account_for(eherkenning.Identity("12345678", LOA3), owner) == owner
    assert owner.eherkenning.kvk_number == "12345678"
    with pytest.raises(eherkenning.LoginRefused):  # linked to somebody else already
        eherkenning.account_for(eherkenning.Identity("12345678", LOA3), UserFactory())
    with pytest.raises(eherkenning.LoginRefused):  # this account has another KvK number
        eherkenning.account_for(eherkenning.Identity("87654321", LOA3), owner)


def test_switched_off_account_cannot_log_in():
    user = eherkenning.account_for(eherkenning.Identity("12345678", LOA3))
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(eherkenning.LoginRefused):
        eherkenning.account_for(eherkenning.Identity("12345678", LOA3))


# --- the backend at the SAML boundary -------------------------------------------------------


def test_backend_reads_kvk_number_and_level_from_the_assertion(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    backend = eherkenning.EherkenningBackend()
    user, created = backend.get_or_create_user(
        request, FakeResponse([LOA3]), attributes("12345678")
    )
    assert created and user.eherkenning.kvk_number == "12345678"
    with pytest.raises(eherkenning.LoginRefused):
        backend.get_or_create_user(request, FakeResponse([LOA2]), attributes("12345678"))
    with pytest.raises(eherkenning.LoginRefused):  # no level at all
        backend.get_or_create_user(request, FakeResponse([]), attributes("12345678"))


def test_backend_falls_back_to_the_represented_kvk_attribute():
    identity = eherkenning.identity_from(
        FakeResponse([LOA3]),
        {"urn:etoegang:1.11:attribute-represented:KvKnr": ["11223344"]},
    )
    assert identity == eherkenning.Identity("11223344", LOA3)


@pytest.fixture
def broker(monkeypatch):
    """Fake the broker's side of the artifact resolution (the only network step)."""
    answer = {}

    def artifact_resolve(self, request, saml_art):
        assert saml_art == "artifact-1"
        return answer["response"]

    class Resolved(FakeResponse):
        def __init__(self, kvk_number, level):
            super().__init__([level])
            self.kvk_number = kvk_number

        def get_attributes(self):
            return attributes(self.kvk_number)

    monkeypatch.setattr(eHerkenningClient, "artifact_resolve", artifact_resolve)
    monkeypatch.setattr(eHerkenningClient, "conf", property(lambda self: {}))

    def respond(kvk_number, level):
        answer["response"] = Resolved(kvk_number, level)

    return respond


def test_return_from_broker_logs_in_and_offers_this_sessions_work(
    client, broker, settings, tmp_path
):
    configure(tmp_path, settings)
    complete_wizard(client)  # anonymous work in this session
    broker("12345678", LOA3)
    response = client.get("/account/eherkenning/acs/", {"SAMLart": "artifact-1"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    user = User.objects.get(eherkenning__kvk_number="12345678")
    assert client.get("/account/").context["user"] == user
    # the anonymous work is offered, and moves once the person says yes (tests/web/test_claim.py)
    assert Assessment.objects.get().owner is None
    assert client.post("/zelfdiagnose/overnemen/", {"answer": "yes"}).status_code == 302
    assert Assessment.objects.get().owner == user
    assert eherkenning.logged_in_recently(client)  # the session knows it was eHerkenning, now


def test_return_from_broker_with_low_level_is_refused_with_a_clear_message(
    client, broker, settings, tmp_path
):
    configure(tmp_path, settings)
    broker("12345678", LOA2)
    response = client.get("/account/eherkenning/acs/", {"SAMLart": "artifact-1"})
    assert response.status_code == 302 and response["Location"] == resolve_url(settings.LOGIN_URL)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    with translation.override("nl"):
        expected = str(eherkenning.LOA_TOO_LOW) % {"level": eherkenning.minimum_level_label()}
    assert shown == [expected]
    assert not User.objects.exists() and "_auth_user_id" not in client.session


# --- the login page ---------------------------------------------------------------------------


def configure(tmp_path, settings):
    """What the operator sets in the admin (files by name only; nothing is fetched)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    config = EherkenningConfiguration.get_solo()
    config.entity_id = "urn:etoegang:DV:00000001234567890000:entities:0001"
    config.base_url = "https://hulplijn.example.nl"
    config.idp_service_entity_id = "urn:etoegang:HM:00000003123456789000:entities:1234"
    config.idp_metadata_file.name = "metadata.xml"
    config.oin = "00000001234567890000"
    config.makelaar_id = "00000003123456789000"
    config.save()
    certificate = Certificate.objects.create(
        label="SP",
        type=CertificateTypes.key_pair,
        public_certificate="sp.crt",
        private_key="sp.key",
    )
    ConfigCertificate.objects.create(config_type=ConfigTypes.eherkenning, certificate=certificate)


def test_login_page_shows_eherkenning_only_when_configured(client, settings, tmp_path):
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = False
    page = client.get("/account/inloggen/", follow=True).content.decode()
    assert "/account/eherkenning/login/" not in page
    assert client.get("/account/eherkenning/login/").status_code == 404
    assert client.get("/account/eherkenning/metadata/eherkenning").status_code == 404
    configure(tmp_path, settings)
    assert eherkenning.configured()
    page = client.get("/account/inloggen/?next=/account/", follow=True).content.decode()
    assert "/account/eherkenning/login/?next=/account/" in page
    assert "/account/eherkenning/ontwikkeling/" not in page


# --- the development stand-in -----------------------------------------------------------------


def test_stand_in_is_404_when_the_flag_is_off(client, settings):
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = False
    assert client.get("/account/eherkenning/ontwikkeling/").status_code == 404
    response = client.post(
        "/account/eherkenning/ontwikkeling/", {"kvk_number": "12345678", "level_of_assurance": LOA3}
    )
    assert response.status_code == 404 and not User.objects.exists()


def test_stand_in_logs_in_through_the_same_checks(client, settings):
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = True
    assert (
        "/account/eherkenning/ontwikkeling/"
        in client.get("/account/inloggen/", follow=True).content.decode()
    )
    refused = client.post(
        "/account/eherkenning/ontwikkeling/", {"kvk_number": "12345678", "level_of_assurance": LOA2}
    )
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert not User.objects.exists()
    response = client.post(
        "/account/eherkenning/ontwikkeling/", {"kvk_number": "12345678", "level_of_assurance": LOA3}
    )
    assert response.status_code == 302
    page = client.get("/account/").content.decode()
    assert "12345678" in page


def test_production_settings_refuse_the_stand_in():
    env = {
        **os.environ,
        "HULPLIJN_SECRET_KEY": "x" * 50,
        "HULPLIJN_ALLOWED_HOSTS": "hulplijn.example.nl",
        "HULPLIJN_EHERKENNING_DEV_LOGIN": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import hulplijn.web.conf.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "HULPLIJN_EHERKENNING_DEV_LOGIN" in result.stderr


# --- the library's SAML side, offline: a real AuthnRequest and our metadata -------------------

IDP_METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    entityID="urn:etoegang:HM:00000003123456789000:entities:1234">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data>
    </ds:KeyInfo></md:KeyDescriptor>
    <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
        Location="https://broker.example.nl/artifact" index="0"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://broker.example.nl/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="https://broker.example.nl/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


def key_pair() -> tuple[bytes, bytes]:
    """A self-signed certificate and its key (PEM), made here: nothing is downloaded."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hulplijn.example.nl")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
    )


def test_configured_library_builds_a_signed_request_and_our_metadata(client, settings, tmp_path):
    cert_pem, key_pem = key_pair()
    (tmp_path / "sp.crt").write_bytes(cert_pem)
    (tmp_path / "sp.key").write_bytes(key_pem)
    body = b"".join(line for line in cert_pem.splitlines() if b"-----" not in line).decode()
    (tmp_path / "metadata.xml").write_text(IDP_METADATA.format(cert=body))
    configure(tmp_path, settings)
    config = EherkenningConfiguration.get_solo()
    config.service_name = "mkb-hulplijn"
    config.service_description = "Zelfdiagnose"
    config.privacy_policy = "https://hulplijn.example.nl/privacy/"
    config.save()

    response = client.get("/account/eherkenning/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'action="https://broker.example.nl/sso"' in page and 'name="SAMLRequest"' in page
    policy = response.get("Content-Security-Policy", "")
    assert "form-action 'self' https://broker.example.nl" in policy
    metadata = client.get("/account/eherkenning/metadata/eherkenning")
    assert metadata.status_code == 200
    assert b"https://hulplijn.example.nl/account/eherkenning/acs/" in metadata.content


# --- every login address answers 404 until it is configured ---------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/account/eherkenning/login/",
        "/account/eherkenning/acs/?SAMLart=x",
        "/account/eherkenning/acs/",
        "/account/eherkenning/metadata/eherkenning",
        "/account/eherkenning/metadata/eherkenning/dienstcatalogus",
        "/account/eherkenning/ontwikkeling/",
    ],
)
def test_eherkenning_addresses_answer_404_when_not_configured(client, settings, url):
    """The broker's return address used to answer 500 (no configuration to resolve with)."""
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = False
    assert not eherkenning.configured()
    assert client.get(url).status_code == 404
    assert client.post(url, {"SAMLart": "x"}).status_code in (404, 405)
    assert not User.objects.exists()


def test_return_address_works_once_configured(client, broker, settings, tmp_path):
    configure(tmp_path, settings)
    broker("12345678", LOA3)
    response = client.get("/account/eherkenning/acs/", {"SAMLart": "artifact-1"})
    assert response.status_code == 302


# --- deleting an account without a password: a fresh eHerkenning login, never the KvK number ---

DELETE = "/account/verwijderen/"


def stand_in_login(client, kvk_number: str, next_url: str = ""):
    query = f"?next={next_url}" if next_url else ""
    return client.post(
        f"/account/eherkenning/ontwikkeling/{query}",
        {"kvk_number": kvk_number, "level_of_assurance": LOA3},
    )


def test_typing_the_kvk_number_never_deletes_an_eherkenning_account(client, settings):
    """A KvK number is public: somebody at an unlocked browser must not delete with it."""
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = True
    user = eherkenning.account_for(eherkenning.Identity("12345678", LOA3))
    client.force_login(user)  # a session whose eHerkenning login is not recent
    page = client.get(DELETE).content.decode()
    assert "/account/eherkenning/ontwikkeling/?next=%2Faccount%2Fverwijderen%2F" in page
    assert 'name="confirmation"' not in page
    for confirmation in ("12345678", "on"):
        refused = client.post(DELETE, {"confirmation": confirmation})
        assert refused.status_code == 200
        assert (
            refused.context["form"]
            .errors["confirmation"][0]
            .startswith("Log ter bevestiging opnieuw in")
        )
    assert User.objects.filter(pk=user.pk).exists()


def test_eherkenning_account_is_deleted_within_minutes_of_logging_in_again(client, settings):
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = True
    back = stand_in_login(client, "12345678", next_url=DELETE)
    assert back.status_code == 302 and back["Location"] == DELETE
    user = User.objects.get(eherkenning__kvk_number="12345678")
    page = client.get(DELETE).content.decode()
    assert 'name="confirmation"' in page and 'type="checkbox"' in page
    assert client.post(DELETE, {}).status_code == 200  # the box not ticked: nothing happens
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(DELETE, {"confirmation": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EherkenningIdentity.objects.exists()


def test_an_eherkenning_login_older_than_five_minutes_does_not_confirm(client, settings):
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = True
    stand_in_login(client, "12345678")
    session = client.session
    session[eherkenning.LOGIN_AT] -= 5 * 60 + 1
    session.save()
    refused = client.post(DELETE, {"confirmation": "on"})
    assert refused.status_code == 200 and refused.context["login_again"]
    assert User.objects.filter(eherkenning__kvk_number="12345678").exists()


def test_stand_in_returns_only_to_pages_of_this_site(client, settings):
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = True
    response = stand_in_login(client, "12345678", next_url="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/account/"
