"""Register and credit data about a firm, looked up by its KvK number: one interface, three sources.

``RegisterSource`` is what every source offers: ``lookup(kvk_number) -> RegisterFacts`` (name,
SBI code, working persons, registration date and, from a credit bureau, a ``CreditScore`` with
its scale and date). The sources:

- ``KvkSource``: the KVK Handelsregister (wraps ``hulplijn.imports.kvk.KvkClient``);
- ``DnbSource``: Dun & Bradstreet Direct+ (OAuth2 client credentials at ``/v2/token``; the
  KvK number is matched to a D-U-N-S number with ``/v1/match/cleanseMatch``, then
  ``/v1/data/duns/{duns}?blockIDs=...`` gives company information and the failure score);
- ``ExperianSource``: Experian Business Information Services (OAuth2 token at
  ``/oauth2/v1/token``, scores at ``/businessinformation/businesses/v1/scores``). Experian's
  public API is keyed by its own business number (BIN) and takes no KvK number: the source needs
  a ``bin_for`` function that gives the BIN of a KvK number (none is configured by default).

This module reads no environment: the web layer reads ``HULPLIJN_KVK_*``, ``HULPLIJN_DNB_*`` and
``HULPLIJN_EXPERIAN_*`` and builds the sources that are configured (all are off by default).
Network is only used through the injected or created ``httpx.Client``; keys, secrets and
tokens are never logged, shown in ``repr`` or put in an error message. Every failure is a
``kvk.RegisterError`` (an ``ImportRefused``) with a Dutch and an English message; decisions/0023
says why the sources look as they do and docs/reference/register-and-batch.md how they are read.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import httpx

from hulplijn.core.text import Text
from hulplijn.core.verification import RegisterFigures
from hulplijn.imports import kvk
from hulplijn.imports.kvk import (
    InvalidRegisterNumber,
    RegisterNotFound,
    RegisterRefused,
    RegisterUnavailable,
    check_kvk_number,
)

TIMEOUT = kvk.TIMEOUT
RETRIES = kvk.RETRIES
BACKOFF = kvk.BACKOFF
MAX_RESPONSE_BYTES = kvk.MAX_RESPONSE_BYTES

DNB_DEFAULT_URL = "https://plus.dnb.com"
DNB_BLOCKS = ("companyinfo_L2_v1", "financialstrengthinsight_L2_v1")
EXPERIAN_DEFAULT_URL = "https://us-api.experian.com"


# --- what a source gives ----------------------------------------------------------------------


@dataclass(frozen=True)
class CreditScore:
    """A credit bureau's score for a firm, with what it means.

    ``value`` as the bureau gives it, on ``scale`` (``low``..``high``; ``higher_is_safer`` says
    its direction); ``risk_class`` and its description when the bureau groups scores;
    ``probability_of_default`` (0..1, over 12 months) only when the bureau states one;
    ``as_of`` the score's date, or the day it was retrieved when the bureau gives none
    (``dated_by_retrieval``).
    """

    model: str
    value: float
    scale: str
    low: float
    high: float
    higher_is_safer: bool
    as_of: date | None
    risk_class: str | None = None
    probability_of_default: float | None = None
    dated_by_retrieval: bool = False


@dataclass(frozen=True)
class RegisterFacts:
    """What one source says about a firm."""

    source: str
    kvk_number: str
    name: str = ""
    sbi: str | None = None
    working_persons: int | None = None
    registration_date: date | None = None
    credit: CreditScore | None = None
    source_id: str | None = None  # the source's own number for the firm (D-U-N-S, BIN)
    notes: tuple[Text, ...] = ()
    legal_form: str | None = None  # eenmanszaak, vof, bv or other (KVK); None: not said

    def figures(self, retrieved: date) -> RegisterFigures:
        """As register figures for ``hulplijn.core.verification.verify`` (sector and size)."""
        return RegisterFigures(
            source=self.source,
            retrieved=retrieved,
            sbi=self.sbi,
            working_persons=self.working_persons,
        )


class RegisterSource(Protocol):
    """A register or credit bureau that can be asked about a firm by its KvK number."""

    name: str

    def lookup(self, kvk_number: str) -> RegisterFacts:
        """The source's facts, or a ``kvk.RegisterError`` (``InvalidRegisterNumber`` before any
        request, ``RegisterNotFound``, ``RegisterRefused``, ``RegisterUnavailable``)."""
        ...

    def close(self) -> None: ...


# --- KVK ----------------------------------------------------------------------------------------


class KvkSource:
    """The KVK Handelsregister's Basisprofiel as ``RegisterFacts`` (no credit data)."""

    name = kvk.SOURCE

    def __init__(self, client: kvk.KvkClient):
        self._client = client

    def __repr__(self) -> str:
        return f"KvkSource({self._client!r})"

    def lookup(self, kvk_number: str) -> RegisterFacts:
        profile = self._client.basisprofiel(kvk_number)
        return RegisterFacts(
            source=self.name,
            kvk_number=profile.kvk_number,
            name=profile.name,
            sbi=profile.main_sbi,
            working_persons=profile.working_persons,
            registration_date=profile.registration_date,
            notes=profile.notes,
            legal_form=profile.legal_form,
        )

    def close(self) -> None:
        self._client.close()


# --- shared HTTP plumbing -----------------------------------------------------------------------


def _unavailable(source: str, code: str, status: int | None = None) -> RegisterUnavailable:
    return RegisterUnavailable(
        code,
        f"{source} is nu niet bereikbaar; probeer het later opnieuw",
        f"{source} cannot be reached now; try again later",
        status,
    )


def _malformed(source: str, code: str) -> RegisterUnavailable:
    return RegisterUnavailable(
        code,
        f"{source} gaf een antwoord dat we niet kunnen lezen",
        f"{source} gave an answer we cannot read",
    )


class _Http:
    """One ``httpx.Client`` with KVK's timeouts and retry policy: connection errors, connect
    timeouts, 5xx and 429 are retried twice; a read timeout and other 4xx are not."""

    def __init__(
        self,
        source: str,
        code: str,
        *,
        transport: httpx.BaseTransport | None,
        sleep: Callable[[float], None],
        retries: int = RETRIES,
        backoff: tuple[float, ...] = BACKOFF,
    ):
        self.source, self.code = source, code
        self._sleep, self.retries, self.backoff = sleep, retries, backoff
        self.client = kvk.http_client(TIMEOUT, transport)

    def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = self.client.request(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if attempt < self.retries:
                    self._sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
                    attempt += 1
                    continue
                raise _unavailable(self.source, f"{self.code}_connection") from None
            except httpx.TimeoutException:
                raise _unavailable(self.source, f"{self.code}_timeout") from None
            except httpx.HTTPError:
                raise _unavailable(self.source, f"{self.code}_connection") from None
            if response.status_code == 429 or response.status_code >= 500:
                if attempt < self.retries:
                    self._sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
                    attempt += 1
                    continue
                raise _unavailable(self.source, f"{self.code}_server_error", response.status_code)
            return response

    def json(self, response: httpx.Response, what: str) -> Any:
        """The decoded body of a 200, or the refusal its status means."""
        status = response.status_code
        if status == 200:
            if len(response.content) > MAX_RESPONSE_BYTES:
                raise _malformed(self.source, f"{self.code}_malformed")
            try:
                return json.loads(response.content)
            except (ValueError, UnicodeDecodeError):
                raise _malformed(self.source, f"{self.code}_malformed") from None
        if status == 404:
            raise RegisterNotFound(
                f"{self.code}_not_found",
                f"{self.source} kent {what} niet",
                f"{self.source} does not know {what}",
                status,
            )
        if status in (401, 403):
            raise RegisterRefused(
                f"{self.code}_bad_credentials",
                f"{self.source} weigert de koppeling (sleutel ongeldig of verlopen); meld het "
                "aan de beheerder",
                f"{self.source} refuses the link (key invalid or expired); tell the administrator",
                status,
            )
        if 400 <= status < 500:
            raise RegisterRefused(
                f"{self.code}_refused",
                f"{self.source} weigert deze vraag (status {status})",
                f"{self.source} refuses this request (status {status})",
                status,
            )
        raise _unavailable(self.source, f"{self.code}_unexpected_status", status)

    def close(self) -> None:
        self.client.close()


@dataclass
class _Token:
    value: str = field(repr=False, default="")
    expires: float = 0.0

    def valid(self, now: float) -> bool:
        return bool(self.value) and now < self.expires


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _seconds(value: Any) -> float:
    """A token lifetime in seconds, a number or digits in a string (0 when unreadable: the
    token is then used for this lookup only)."""
    if isinstance(value, str) and value.strip().isdigit():
        return float(value.strip())
    return _number(value) or 0.0


# --- Dun & Bradstreet Direct+ -------------------------------------------------------------------


class DnbSource:
    """D&B Direct+: KvK number -> D-U-N-S (identity resolution on the registration number),
    then the data blocks for that D-U-N-S.

    Credentials are the Direct+ consumer key and secret (``HULPLIJN_DNB_KEY`` /
    ``HULPLIJN_DNB_SECRET``); the access token is requested once and kept until shortly before
    its ``expiresIn`` (24 hours in D&B's documentation) runs out.
    """

    name = "Dun & Bradstreet"
    MIN_CONFIDENCE = 8  # D&B's confidence code, 1-10; below this a match is not trusted

    def __init__(
        self,
        key: str,
        secret: str,
        base_url: str = DNB_DEFAULT_URL,
        *,
        blocks: tuple[str, ...] = DNB_BLOCKS,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
    ):
        self.base_url = base_url.rstrip("/")
        self.blocks = blocks
        self._key, self._secret = key, secret
        self._token = _Token()
        self._clock, self._today = clock, today
        self._http = _Http(self.name, "dnb", transport=transport, sleep=sleep)

    def __repr__(self) -> str:  # never the key, the secret or the token
        return f"DnbSource({self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def _bearer(self) -> str:
        if self._token.valid(self._clock()):
            return self._token.value
        if not (self._key and self._secret):
            raise RegisterRefused(
                "dnb_no_key",
                "de koppeling met Dun & Bradstreet is niet ingesteld",
                "the link with Dun & Bradstreet is not set up",
            )
        response = self._http.send(
            "POST",
            f"{self.base_url}/v2/token",
            json={"grant_type": "client_credentials"},
            auth=(self._key, self._secret),
        )
        body = self._http.json(response, "deze sleutel")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise _malformed(self.name, "dnb_malformed")
        seconds = _seconds(body.get("expiresIn"))
        self._token = _Token(token, self._clock() + max(seconds - 60.0, 0.0))
        return token

    def _get(self, path: str, params: Mapping[str, str], what: str) -> Any:
        response = self._http.send(
            "GET",
            f"{self.base_url}{path}",
            params=dict(params),
            headers={"Authorization": f"Bearer {self._bearer()}"},
        )
        if response.status_code == 401:  # a token D&B no longer accepts: one new token
            self._token = _Token()
            response = self._http.send(
                "GET",
                f"{self.base_url}{path}",
                params=dict(params),
                headers={"Authorization": f"Bearer {self._bearer()}"},
            )
        return self._http.json(response, what)

    def duns_for(self, kvk_number: str) -> str:
        """The D-U-N-S number D&B matches to the KvK number with enough confidence."""
        number = check_kvk_number(kvk_number)
        body = self._get(
            "/v1/match/cleanseMatch",
            {"countryISOAlpha2Code": "NL", "registrationNumber": number},
            "dit KVK-nummer",
        )
        candidates = body.get("matchCandidates") if isinstance(body, dict) else None
        if not isinstance(candidates, list):
            raise _malformed(self.name, "dnb_malformed")
        for candidate in candidates:
            if not isinstance(candidate, dict):
                continue
            organization = candidate.get("organization") or {}
            quality = candidate.get("matchQualityInformation") or {}
            duns = organization.get("duns") if isinstance(organization, dict) else None
            confidence = quality.get("confidenceCode") if isinstance(quality, dict) else None
            if (
                isinstance(duns, str | int)
                and isinstance(confidence, int)
                and confidence >= self.MIN_CONFIDENCE
            ):
                return str(duns).zfill(9)
        raise RegisterNotFound(
            "dnb_no_match",
            "Dun & Bradstreet vindt dit KVK-nummer niet met zekerheid",
            "Dun & Bradstreet does not find this KVK number with certainty",
        )

    def lookup(self, kvk_number: str) -> RegisterFacts:
        number = check_kvk_number(kvk_number)
        duns = self.duns_for(number)
        body = self._get(
            f"/v1/data/duns/{duns}", {"blockIDs": ",".join(self.blocks)}, "dit D-U-N-S-nummer"
        )
        organization = body.get("organization") if isinstance(body, dict) else None
        if not isinstance(organization, dict):
            raise _malformed(self.name, "dnb_malformed")
        return RegisterFacts(
            source=self.name,
            kvk_number=number,
            name=str(organization.get("primaryName") or ""),
            sbi=_dnb_sbi(organization),
            working_persons=_dnb_employees(organization),
            registration_date=_iso_date(organization.get("incorporatedDate"))
            or _iso_date(organization.get("startDate")),
            credit=_dnb_failure_score(organization, self._today()),
            source_id=duns,
        )


def _dnb_sbi(organization: Mapping[str, Any]) -> str | None:
    """SBI from D&B's NACE Rev. 2 code: SBI 2008 is NACE Rev. 2 with a fifth digit added, so its
    first four digits are the NACE class (the highest-priority NACE code is used)."""
    codes = organization.get("industryCodes")
    if not isinstance(codes, list):
        return None
    nace = [
        c
        for c in codes
        if isinstance(c, dict)
        and "nace" in str(c.get("typeDescription") or "").lower()
        and isinstance(c.get("code"), str)
    ]
    nace.sort(key=lambda c: c["priority"] if isinstance(c.get("priority"), int) else 99)
    for entry in nace:
        digits = re.sub(r"\D", "", entry["code"])
        if 2 <= len(digits) <= 4:
            return digits
    return None


def _dnb_employees(organization: Mapping[str, Any]) -> int | None:
    """Employees at the site or the firm (not the whole group); 0 is not known, as at KVK."""
    entries = organization.get("numberOfEmployees")
    if not isinstance(entries, list):
        return None
    usable = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), int)]
    usable.sort(key=lambda e: "consolidated" in str(e.get("informationScopeDescription")).lower())
    for entry in usable:
        if entry["value"] > 0:
            value: int = entry["value"]
            return value
    return None


def _dnb_failure_score(organization: Mapping[str, Any], today: date) -> CreditScore | None:
    """D&B's failure score (the risk that the firm stops trading with unpaid debts within 12
    months): national percentile 1-100, 100 is the lowest risk, with class 1 (low) to 5."""
    assessment = organization.get("dnbAssessment")
    score = assessment.get("failureScore") if isinstance(assessment, dict) else None
    if not isinstance(score, dict):
        return None
    percentile = _number(score.get("nationalPercentile"))
    if percentile is None:
        return None
    as_of = _iso_date(score.get("scoreDate"))
    risk = score.get("classScore")
    description = score.get("classScoreDescription")
    return CreditScore(
        model="D&B Failure Score",
        value=percentile,
        scale="national percentile 1-100 (100 = lowest risk)",
        low=1,
        high=100,
        higher_is_safer=True,
        as_of=as_of or today,
        risk_class=(f"{risk} ({description})" if description else str(risk))
        if risk is not None
        else None,
        dated_by_retrieval=as_of is None,
    )


# --- Experian -----------------------------------------------------------------------------------


class ExperianSource:
    """Experian Business Information Services: the Intelliscore Plus commercial score of a
    business by its Experian business number (BIN).

    OAuth2 (password grant, as Experian's own client library sends it: ``client_id`` and
    ``client_secret`` as headers, user name and password in the body). ``bin_for`` gives the BIN
    of a KvK number, or None: Experian's public API takes no KvK number.
    """

    name = "Experian"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        username: str,
        password: str,
        subcode: str,
        base_url: str = EXPERIAN_DEFAULT_URL,
        *,
        bin_for: Callable[[str], str | None] = lambda kvk_number: None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
    ):
        self.base_url = base_url.rstrip("/")
        self._credentials = (client_id, client_secret, username, password)
        self._subcode = subcode
        self._bin_for = bin_for
        self._token = _Token()
        self._clock, self._today = clock, today
        self._http = _Http(self.name, "experian", transport=transport, sleep=sleep)

    def __repr__(self) -> str:  # never the credentials or the token
        return f"ExperianSource({self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def _bearer(self) -> str:
        if self._token.valid(self._clock()):
            return self._token.value
        client_id, client_secret, username, password = self._credentials
        if not all(self._credentials):
            raise RegisterRefused(
                "experian_no_key",
                "de koppeling met Experian is niet ingesteld",
                "the link with Experian is not set up",
            )
        response = self._http.send(
            "POST",
            f"{self.base_url}/oauth2/v1/token",
            headers={
                "client_id": client_id,
                "client_secret": client_secret,
                "grant_type": "password",
                "Content-Type": "application/json",
            },
            json={"username": username, "password": password},
        )
        body = self._http.json(response, "deze gebruiker")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise _malformed(self.name, "experian_malformed")
        seconds = _seconds(body.get("expires_in"))
        self._token = _Token(token, self._clock() + max(seconds - 60.0, 0.0))
        return token

    def lookup(self, kvk_number: str) -> RegisterFacts:
        number = check_kvk_number(kvk_number)
        bin_number = self._bin_for(number)
        if not bin_number:
            raise RegisterNotFound(
                "experian_no_bin",
                "voor dit KVK-nummer is geen Experian-bedrijfsnummer (BIN) bekend",
                "no Experian business number (BIN) is known for this KVK number",
            )
        if not re.fullmatch(r"[0-9]{9}", bin_number):
            raise InvalidRegisterNumber(
                "experian_bin_form",
                "een Experian-bedrijfsnummer (BIN) bestaat uit 9 cijfers",
                "an Experian business number (BIN) has 9 digits",
            )
        request = {
            "bin": bin_number,
            "subcode": self._subcode,
            "commercialScore": True,
            "fsrScore": False,
        }
        response = self._http.send(
            "POST",
            f"{self.base_url}/businessinformation/businesses/v1/scores",
            headers={"Authorization": f"Bearer {self._bearer()}"},
            json=request,
        )
        body = self._http.json(response, "dit bedrijfsnummer")
        if not isinstance(body, dict) or body.get("success") is not True:
            raise _malformed(self.name, "experian_malformed")
        results = body.get("results")
        if not isinstance(results, dict):
            raise _malformed(self.name, "experian_malformed")
        header = results.get("businessHeader")
        name = header.get("businessName") if isinstance(header, dict) else None
        return RegisterFacts(
            source=self.name,
            kvk_number=number,
            name=name if isinstance(name, str) else "",
            credit=_experian_score(results.get("commercialScore"), self._today()),
            source_id=bin_number,
        )


def _experian_score(score: Any, today: date) -> CreditScore | None:
    """Intelliscore Plus: 1-100, 100 is the lowest risk of serious delinquency in 12 months;
    the scores response carries no score date, so the day of retrieval is its date."""
    if not isinstance(score, dict):
        return None
    value = _number(score.get("score"))
    if value is None:
        return None
    risk = score.get("riskClass")
    risk_class = None
    if isinstance(risk, dict) and risk.get("code") is not None:
        definition = risk.get("definition")
        risk_class = f"{risk['code']} ({definition})" if definition else str(risk["code"])
    return CreditScore(
        model=str(score.get("modelTitle") or "Intelliscore Plus"),
        value=value,
        scale="1-100 (100 = lowest risk)",
        low=1,
        high=100,
        higher_is_safer=True,
        as_of=today,
        risk_class=risk_class,
        dated_by_retrieval=True,
    )
