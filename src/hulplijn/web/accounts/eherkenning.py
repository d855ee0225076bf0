"""eHerkenning: a validated assertion (KvK number, level of assurance) becomes an account.

The SAML exchange itself (AuthnRequest, artifact resolution, signature checks) is done by
django-digid-eherkenning with the configuration the operator sets in the admin. This module
owns what comes after: the KvK number is the identity, and a login below the configured
level of assurance is refused."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from digid_eherkenning.backends import eHerkenningBackend
from digid_eherkenning.choices import AssuranceLevels
from digid_eherkenning.exceptions import eHerkenningError
from digid_eherkenning.models import ConfigCertificate, EherkenningConfiguration
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulplijn.web.accounts.models import EherkenningIdentity, User

logger = logging.getLogger(__name__)

BACKEND = "hulplijn.web.accounts.eherkenning.EherkenningBackend"
KVK_NUMBER = re.compile(r"^\d{8}$")
LEVELS = [level.value for level in AssuranceLevels]  # lowest first

LOA_TOO_LOW = _(
    "Your eHerkenning means is not strong enough for the mkb-hulplijn. "
    "Log in with an eHerkenning means of at least level of assurance %(level)s."
)
NO_KVK_NUMBER = _(
    "eHerkenning did not give us a KvK number, so we cannot tell which firm you log in for. "
    "Log in again and choose the firm (KvK number) you represent."
)
LINKED_ELSEWHERE = _(
    "This KvK number is already linked to another account of the mkb-hulplijn. "
    "Log out first and then log in with eHerkenning."
)

OTHER_KVK_NUMBER = _(
    "Your account is already linked to another KvK number. "
    "Log out first and then log in with eHerkenning for this firm."
)
SWITCHED_OFF = _("This account has been switched off.")


class LoginRefused(eHerkenningError):
    """An eHerkenning login that is technically valid but not accepted here."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Identity:
    """What a validated eHerkenning assertion says: the firm and how sure we are of it."""

    kvk_number: str
    level_of_assurance: str


def minimum_level() -> str:
    """The lowest level of assurance accepted (setting HULPLIJN_EHERKENNING_MIN_LOA)."""
    return settings.HULPLIJN_EHERKENNING_MIN_LOA


def minimum_level_label() -> str:
    """The minimum level as people know it, e.g. "Substantial (3)"."""
    return str(AssuranceLevels(minimum_level()).label)


def check_level(level: str) -> None:
    """Refuse an unknown level or one below the minimum, saying which level is needed."""
    required = minimum_level()
    if level not in LEVELS or LEVELS.index(level) < LEVELS.index(required):
        raise LoginRefused(LOA_TOO_LOW % {"level": minimum_level_label()})


def account_for(identity: Identity, current: User | None = None) -> User:
    """The account of this firm: the one already linked to the KvK number; else the account
    logged in right now (which gets linked); else a new account without e-mail address."""
    if not KVK_NUMBER.match(identity.kvk_number or ""):
        raise LoginRefused(NO_KVK_NUMBER)
    check_level(identity.level_of_assurance)
    with transaction.atomic():
        linked = (
            EherkenningIdentity.objects.select_for_update()
            .filter(kvk_number=identity.kvk_number)
            .select_related("user")
            .first()
        )
        if linked is not None:
            if current is not None and current.pk != linked.user_id:
                raise LoginRefused(LINKED_ELSEWHERE)
            if not linked.user.is_active:
                raise LoginRefused(SWITCHED_OFF)
            linked.level_of_assurance = identity.level_of_assurance
            linked.last_login_at = timezone.now()
            linked.save(update_fields=["level_of_assurance", "last_login_at"])
            return linked.user
        if current is not None:
            if EherkenningIdentity.objects.filter(user=current).exists():
                raise LoginRefused(OTHER_KVK_NUMBER)
            EherkenningIdentity.objects.create(
                user=current,
                kvk_number=identity.kvk_number,
                level_of_assurance=identity.level_of_assurance,
                last_login_at=timezone.now(),
            )
            return current
        user = User.objects.create_eherkenning_user(
            identity.kvk_number, identity.level_of_assurance
        )
        EherkenningIdentity.objects.filter(user=user).update(last_login_at=timezone.now())
        return user


def identity_from(response, attributes: dict) -> Identity:
    """The KvK number and level of assurance in a validated SAML response."""
    backend = eHerkenningBackend()
    kvk_number = backend.get_legal_subject_kvk(attributes) or backend.get_kvk_number(attributes)
    contexts = response.get_authn_contexts()
    return Identity(kvk_number=kvk_number or "", level_of_assurance=contexts[0] if contexts else "")


class EherkenningBackend(eHerkenningBackend):
    """django-digid-eherkenning's backend with the KvK number (not the RSIN) as the identity
    and the level of assurance checked against the setting."""

    def get_or_create_user(self, request, saml_response, saml_attributes):
        identity = identity_from(saml_response, saml_attributes)
        current = request.user if request.user.is_authenticated else None
        existed = EherkenningIdentity.objects.filter(kvk_number=identity.kvk_number).exists()
        user = account_for(identity, current)
        logger.info(
            "eHerkenning login for KvK %s at %s%s",
            identity.kvk_number,
            identity.level_of_assurance,
            "" if existed else " (newly linked)",
        )
        return user, not existed


def configured() -> bool:
    """True when the operator has set up eHerkenning in the admin: service, identity provider
    metadata and a certificate. Reads only; never fetches anything."""
    config = EherkenningConfiguration.objects.first()
    return bool(
        config is not None
        and config.entity_id
        and config.base_url
        and config.idp_metadata_file
        and config.idp_service_entity_id
        and ConfigCertificate.objects.for_config(config).exists()
    )


# the session remembers when its eHerkenning login happened: deleting an account without a
# password needs one from the last few minutes (somebody at an unlocked browser cannot)
LOGIN_AT = "eherkenning_login_at"
FRESH_LOGIN = timedelta(minutes=5)


def remember_login(request) -> None:
    """Note in the session that its user logged in with eHerkenning just now."""
    request.session[LOGIN_AT] = timezone.now().timestamp()


def logged_in_recently(request, within: timedelta = FRESH_LOGIN) -> bool:
    """True when this session's eHerkenning login is at most ``within`` old."""
    at = request.session.get(LOGIN_AT)
    if not isinstance(at, int | float):
        return False
    age = timezone.now().timestamp() - at
    return 0 <= age <= within.total_seconds()


def login_url(next_url: str) -> str | None:
    """Where to log in with eHerkenning and come back to ``next_url``: the broker when it is
    configured, else the development stand-in when that is on, else nowhere."""
    if configured():
        return f"{reverse('eherkenning:login')}?{urlencode({'next': next_url})}"
    if settings.HULPLIJN_EHERKENNING_DEV_LOGIN:
        return f"{reverse('accounts:eherkenning_stand_in')}?{urlencode({'next': next_url})}"
    return None
