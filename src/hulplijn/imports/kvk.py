"""A small client for the KVK API (Handelsregister): Basisprofiel and Vestigingsprofiel, v1.

Settings (read by the web layer and passed in as arguments; this module reads no environment):

- ``HULPLIJN_KVK_API_URL``: base URL, default ``https://api.kvk.nl/api/v1``; the KVK test
  environment is ``https://api.kvk.nl/test/api/v1``.
- ``HULPLIJN_KVK_API_KEY``: the API key, sent in the ``apikey`` header (never logged, never put in
  an error message).

Behaviour:

- the KvK number (8 digits, not starting with 00) and the vestigingsnummer (12 digits) are checked
  before any request is made;
- timeouts: connect 3 s, read 10 s;
- connection errors, connect timeouts, 5xx and 429 are retried twice (0.25 s, then 0.75 s; a 429's
  ``Retry-After`` is honoured up to 2 s); a read timeout is not retried (the user is waiting);
  other 4xx are never retried;
- every failure is a ``RegisterError`` (an ``ImportRefused``) with a Dutch and an English message:
  ``RegisterUnavailable`` (timeout, connection, 5xx, 429 after retries, an unreadable answer),
  ``RegisterNotFound`` (404), ``RegisterRefused`` (401/403: the API key is wrong; 400 and other
  4xx), ``InvalidRegisterNumber`` (a ``RegisterRefused`` raised before any request).
"""

from __future__ import annotations

import json
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

import httpx

from hulplijn.core.text import Text
from hulplijn.core.verification import RegisterFigures
from hulplijn.imports.errors import ImportRefused

ENV_URL = "HULPLIJN_KVK_API_URL"
ENV_KEY = "HULPLIJN_KVK_API_KEY"
DEFAULT_BASE_URL = "https://api.kvk.nl/api/v1"
TEST_BASE_URL = "https://api.kvk.nl/test/api/v1"
SOURCE = "KVK Handelsregister"

TIMEOUT = httpx.Timeout(10.0, connect=3.0)  # read, write and pool 10 s; connect 3 s
RETRIES = 2
BACKOFF = (0.25, 0.75)  # seconds before the first and the second retry
MAX_RETRY_AFTER = 2.0  # seconds; a longer Retry-After is not waited for
MAX_RESPONSE_BYTES = 1024 * 1024  # a profile is a few kB

_KVK_NUMBER = re.compile(r"(?!00)[0-9]{8}")
_VESTIGINGSNUMMER = re.compile(r"[0-9]{12}")


# --- errors -----------------------------------------------------------------------------------


class RegisterError(ImportRefused):
    """The register could not give an answer we can use; ``status`` is the HTTP status, if any."""

    def __init__(self, code: str, message_nl: str, message_en: str, status: int | None = None):
        super().__init__(code, message_nl, message_en)
        self.status = status


class RegisterUnavailable(RegisterError):
    """The register did not answer (timeout, connection, 5xx, rate limit) or answered nonsense;
    trying again later may help. The user can always type the figures in."""


class RegisterNotFound(RegisterError):
    """The register has no firm or establishment with this number (404)."""


class RegisterRefused(RegisterError):
    """The register refused the request: a wrong API key (401/403) or a bad request (400)."""


class InvalidRegisterNumber(RegisterRefused):
    """The number does not have the right form; no request was made."""


def _unavailable(code: str, status: int | None = None) -> RegisterUnavailable:
    return RegisterUnavailable(
        code,
        "het KVK-register is nu niet bereikbaar; probeer het later opnieuw of vul de gegevens "
        "zelf in",
        "the KVK register cannot be reached now; try again later or enter the figures yourself",
        status,
    )


# --- numbers ----------------------------------------------------------------------------------


def check_kvk_number(value: Any) -> str:
    """The KvK number as 8 digits (surrounding spaces removed), or InvalidRegisterNumber."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _KVK_NUMBER.fullmatch(text):
        raise InvalidRegisterNumber(
            "kvk_number_form",
            "een KVK-nummer bestaat uit 8 cijfers en begint niet met 00",
            "a KVK number has 8 digits and does not start with 00",
        )
    return text


def check_vestigingsnummer(value: Any) -> str:
    """The establishment number (vestigingsnummer) as 12 digits, or InvalidRegisterNumber."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _VESTIGINGSNUMMER.fullmatch(text):
        raise InvalidRegisterNumber(
            "vestigingsnummer_form",
            "een vestigingsnummer bestaat uit 12 cijfers",
            "an establishment number (vestigingsnummer) has 12 digits",
        )
    return text


# --- the profile ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SbiActivity:
    """One activity as registered: SBI code (digits, no dots), description, main activity or not."""

    code: str
    description: str
    main: bool


@dataclass(frozen=True)
class RegisterProfile:
    """What we use of a Basisprofiel or Vestigingsprofiel."""

    kind: Literal["basisprofiel", "vestigingsprofiel"]
    kvk_number: str
    name: str
    main_sbi: str | None
    sbi_codes: tuple[str, ...]
    activities: tuple[SbiActivity, ...]
    working_persons: int | None
    registration_date: date | None
    vestigingsnummer: str | None = None
    notes: tuple[Text, ...] = ()
    legal_form: str | None = None
    """The owner's legal form as the wizard asks it (``hulplijn.core.firm.LEGAL_FORMS``):
    eenmanszaak, vof, bv or other; None when the profile does not say."""

    def figures(
        self, retrieved: date, sbi_version: Literal["2008", "2025"] = "2008"
    ) -> RegisterFigures:
        """The profile as register figures for ``hulplijn.core.verification.verify``: sector and
        working persons (the Handelsregister holds no financial figures). The SBI version is an
        argument because KVK's switch to SBI 2025 is not announced in the v1 responses."""
        return RegisterFigures(
            source=SOURCE,
            retrieved=retrieved,
            sbi=self.main_sbi,
            sbi_version=sbi_version,
            working_persons=self.working_persons,
        )


def _malformed() -> RegisterUnavailable:
    return RegisterUnavailable(
        "kvk_malformed",
        "het KVK-register gaf een antwoord dat we niet kunnen lezen; probeer het later opnieuw "
        "of vul de gegevens zelf in",
        "the KVK register gave an answer we cannot read; try again later or enter the figures "
        "yourself",
    )


def _date(value: Any) -> date | None:
    """YYYYMMDD -> date; KVK writes unknown parts as 00 (``20120500``): those give None."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{8}", value):
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _working_persons(data: dict[str, Any]) -> int | None:
    """The number of working persons; 0 counts as not known (see ``ZERO_PERSONS``)."""
    total = _count(data.get("totaalWerkzamePersonen"))
    if total:
        return total
    full, part = (
        _count(data.get("voltijdWerkzamePersonen")),
        _count(data.get("deeltijdWerkzamePersonen")),
    )
    return ((full or 0) + (part or 0)) or None


def _reports_zero_persons(data: dict[str, Any]) -> bool:
    return any(
        data.get(key) == 0 and not isinstance(data.get(key), bool)
        for key in ("totaalWerkzamePersonen", "voltijdWerkzamePersonen", "deeltijdWerkzamePersonen")
    )


# The register holds working persons as the firm declared them; KVK's API documentation gives
# ``totaalWerkzamePersonen`` only as "Totaal aantal werkzame personen", optional (API v1.4.0, as
# modelled in minvws/generiekefuncties-docs), and nowhere as a count KVK checks. A 0 is what an
# entry without declared persons shows (a holding, a foundation, an entry never updated), so it
# says nothing we can compare with the owner's figure: it is read as "not known", with a note.
ZERO_PERSONS = Text(
    "het KVK-register vermeldt 0 werkzame personen; dat betekent dat er geen aantal is opgegeven, "
    "dus vergelijken we het aantal werkzame personen niet met het register",
    "the KVK register shows 0 working persons; that means no number was declared, so the number "
    "of working persons is not compared with the register",
)


def _registration_date(data: dict[str, Any]) -> date | None:
    """The formal registration date; when a profile has none, the start of the registration in
    fact (``materieleRegistratie.datumAanvang``), which KVK gives for every registration."""
    if data.get("formeleRegistratiedatum") not in (None, ""):
        return _date(data.get("formeleRegistratiedatum"))
    material = data.get("materieleRegistratie")
    return _date(material.get("datumAanvang")) if isinstance(material, dict) else None


def _activities(data: dict[str, Any]) -> tuple[SbiActivity, ...]:
    raw = data.get("sbiActiviteiten") or []
    if not isinstance(raw, list):
        raise _malformed()
    result = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("sbiCode"), str):
            raise _malformed()
        result.append(
            SbiActivity(
                item["sbiCode"].replace(".", "").strip(),
                str(item.get("sbiOmschrijving") or ""),
                item.get("indHoofdactiviteit") == "Ja",
            )
        )
    return tuple(result)


_LEGAL_FORMS = {
    "eenmanszaak": "eenmanszaak",
    "vennootschaponderfirma": "vof",
    "vof": "vof",
    "beslotenvennootschap": "bv",
    "bv": "bv",
}


def legal_form(data: dict[str, Any]) -> str | None:
    """The legal form of a Basisprofiel's owner (``_embedded.eigenaar.rechtsvorm``, else
    ``uitgebreideRechtsvorm``: "Eenmanszaak", "Vennootschap Onder Firma", "Besloten
    Vennootschap", "Stichting", ...) as the wizard's answer: eenmanszaak, vof, bv, or other for
    any other form the register names; None when it names none."""
    embedded = data.get("_embedded")
    owner = embedded.get("eigenaar") if isinstance(embedded, dict) else None
    if not isinstance(owner, dict):
        return None
    for key in ("rechtsvorm", "uitgebreideRechtsvorm"):
        value = owner.get(key)
        if isinstance(value, str) and value.strip():
            said = re.sub(r"[\s.]", "", value).lower()
            if said.startswith("eenmanszaak"):  # also "Eenmanszaak met meer dan een eigenaar"
                return "eenmanszaak"
            return _LEGAL_FORMS.get(said, "other")
    return None


def _name(data: dict[str, Any]) -> str:
    for key in ("naam", "eersteHandelsnaam", "statutaireNaam"):
        if isinstance(data.get(key), str) and data[key].strip():
            name: str = data[key].strip()
            return name
    names = data.get("handelsnamen")
    if isinstance(names, list) and names and isinstance(names[0], dict):
        return str(names[0].get("naam") or "")
    return ""


def parse_profile(data: Any, kind: Literal["basisprofiel", "vestigingsprofiel"]) -> RegisterProfile:
    """A decoded Basisprofiel or Vestigingsprofiel as a RegisterProfile, or RegisterUnavailable
    (``kvk_malformed``) when it lacks what every profile has."""
    if not isinstance(data, dict) or not isinstance(data.get("kvkNummer"), str):
        raise _malformed()
    embedded = data.get("_embedded")
    main_branch = embedded.get("hoofdvestiging") if isinstance(embedded, dict) else None
    activities = _activities(data)
    if not activities and isinstance(main_branch, dict):
        activities = _activities(main_branch)
    working = _working_persons(data)
    zero = working is None and _reports_zero_persons(data)
    if working is None and isinstance(main_branch, dict):
        working = _working_persons(main_branch)
        zero = working is None and (zero or _reports_zero_persons(main_branch))
    main = next((a.code for a in activities if a.main), None)
    vestigingsnummer = data.get("vestigingsnummer") if kind == "vestigingsprofiel" else None
    if kind == "vestigingsprofiel" and not isinstance(vestigingsnummer, str):
        raise _malformed()
    return RegisterProfile(
        kind=kind,
        kvk_number=data["kvkNummer"],
        name=_name(data),
        main_sbi=main,
        sbi_codes=tuple(dict.fromkeys(a.code for a in activities)),
        activities=activities,
        working_persons=working,
        registration_date=_registration_date(data),
        vestigingsnummer=vestigingsnummer,
        notes=(ZERO_PERSONS,) if zero else (),
        legal_form=legal_form(data),
    )


# --- the client -------------------------------------------------------------------------------


def http_client(timeout: httpx.Timeout, transport: httpx.BaseTransport | None) -> httpx.Client:
    """A client for a register's JSON API: JSON asked for, no redirect followed, and httpx's
    default TLS context (certifi's roots, or SSL_CERT_FILE) made once for all clients: making
    one reads the whole root store, 25 ms of CPU, and a client is made per lookup."""
    return httpx.Client(
        timeout=timeout,
        transport=transport,
        verify=_tls(),
        follow_redirects=False,
        headers={"Accept": "application/json", "User-Agent": "mkb-hulplijn"},
    )


@cache
def _tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()


class KvkClient:
    """``KvkClient(base_url, api_key)``; use as a context manager or call ``close()``.

    ``transport`` and ``sleep`` are for tests (respx mocks httpx without them).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str = "",
        *,
        timeout: httpx.Timeout = TIMEOUT,
        retries: int = RETRIES,
        backoff: tuple[float, ...] = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._client = http_client(timeout, transport)

    def __repr__(self) -> str:  # never show the key
        return f"KvkClient({self.base_url!r})"

    def __enter__(self) -> KvkClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def basisprofiel(self, kvk_number: str) -> RegisterProfile:
        """The Basisprofiel of a firm (``GET /basisprofielen/{kvkNummer}``)."""
        number = check_kvk_number(kvk_number)
        data = self._get(f"/basisprofielen/{number}", "firm")
        profile = parse_profile(data, "basisprofiel")
        if profile.kvk_number != number:
            raise _malformed()
        return profile

    def vestigingsprofiel(self, vestigingsnummer: str) -> RegisterProfile:
        """The Vestigingsprofiel of an establishment (``GET /vestigingsprofielen/{nummer}``)."""
        number = check_vestigingsnummer(vestigingsnummer)
        data = self._get(f"/vestigingsprofielen/{number}", "establishment")
        profile = parse_profile(data, "vestigingsprofiel")
        if profile.vestigingsnummer != number:
            raise _malformed()
        return profile

    # -- plumbing --

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        delay = self.backoff[min(attempt, len(self.backoff) - 1)] if self.backoff else 0.0
        if response is not None and response.status_code == 429:
            wanted = response.headers.get("Retry-After", "").strip()
            if re.fullmatch(r"[0-9]{1,6}(\.[0-9]+)?", wanted):  # seconds; an HTTP date is ignored
                delay = max(delay, min(float(wanted), MAX_RETRY_AFTER))
        return delay

    def _get(self, path: str, what: Literal["firm", "establishment"]) -> Any:
        if not self._api_key:
            raise RegisterRefused(
                "kvk_no_key",
                "de koppeling met het KVK-register is niet ingesteld (geen API-sleutel); vul de "
                "gegevens zelf in",
                "the link with the KVK register is not set up (no API key); enter the figures "
                "yourself",
            )
        url = self.base_url + path
        attempt = 0
        while True:
            response: httpx.Response | None = None
            try:
                response = self._client.get(url, headers={"apikey": self._api_key})
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if attempt < self.retries:
                    self._sleep(self._delay(attempt, None))
                    attempt += 1
                    continue
                raise _unavailable("kvk_connection") from None
            except httpx.TimeoutException:
                raise _unavailable("kvk_timeout") from None
            except httpx.HTTPError:
                raise _unavailable("kvk_connection") from None
            status = response.status_code
            if status == 429 or status >= 500:
                if attempt < self.retries:
                    self._sleep(self._delay(attempt, response))
                    attempt += 1
                    continue
                raise _unavailable(
                    "kvk_rate_limited" if status == 429 else "kvk_server_error", status
                )
            return self._answer(response, what)

    def _answer(self, response: httpx.Response, what: Literal["firm", "establishment"]) -> Any:
        status = response.status_code
        if status == 200:
            if len(response.content) > MAX_RESPONSE_BYTES:
                raise _malformed()
            try:
                return json.loads(response.content)
            except (ValueError, UnicodeDecodeError):
                raise _malformed() from None
        if status == 404:
            if what == "firm":
                raise RegisterNotFound(
                    "kvk_not_found",
                    "het KVK-register kent geen bedrijf met dit KVK-nummer; controleer het nummer",
                    "the KVK register has no firm with this KVK number; check the number",
                    status,
                )
            raise RegisterNotFound(
                "kvk_establishment_not_found",
                "het KVK-register kent geen vestiging met dit vestigingsnummer; controleer het "
                "nummer",
                "the KVK register has no establishment with this number; check the number",
                status,
            )
        if status in (401, 403):
            raise RegisterRefused(
                "kvk_bad_key",
                "het KVK-register weigert de koppeling (API-sleutel ongeldig of verlopen); vul de "
                "gegevens zelf in en meld het aan de beheerder",
                "the KVK register refuses the link (API key invalid or expired); enter the "
                "figures yourself and tell the administrator",
                status,
            )
        if status == 400:
            raise RegisterRefused(
                "kvk_bad_request",
                "het KVK-register weigert deze vraag; controleer het nummer",
                "the KVK register refuses this request; check the number",
                status,
            )
        if 400 <= status < 500:
            raise RegisterRefused(
                "kvk_refused",
                f"het KVK-register weigert deze vraag (status {status})",
                f"the KVK register refuses this request (status {status})",
                status,
            )
        raise _unavailable("kvk_unexpected_status", status)  # 1xx/2xx other than 200, 3xx
