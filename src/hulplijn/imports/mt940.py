"""MT940 bank statements (SWIFT customer statement message) into core ``Statement``s.

Parsed with the ``mt-940`` library (``import mt940``), one statement block per ``:20:``:

- ``:25:`` account identification (an IBAN, optionally with a BIC prefix or currency suffix);
- ``:60F:`` / ``:60M:`` opening balance (final, or intermediate on a continuation page), with
  date, currency and a C/D mark;
- ``:62F:`` / ``:62M:`` closing balance, the same way;
- ``:61:`` entries: value date, optional entry (booking) date MMDD, mark C, D, RC (reversal of
  a credit: money leaves) or RD (reversal of a debit: money comes back), amount. The booking
  date is the entry date when given, else the value date.

Refusals (``ImportRefused`` codes): ``too_large``, ``mt940_malformed`` (no statement block, or a
tag the library cannot read), ``mt940_truncated`` (a statement block without its closing
balance: the file ends early), ``missing_balance`` (no opening balance), ``no_account``,
``not_eur``, ``bad_amount``, ``bad_dates``, ``unreconciled``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import mt940

from hulplijn.core.cashflow import EURO, CashflowError, Statement, reconcile
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.safe_xml import check_size

OPTIONS = mt940.Options(reversal_sign=True, case_insensitive_marks=True, strip_bom=True)
# :86: details are not used: skip the library's structured-details step (a sixth of its time)
PROCESSORS: dict[str, list[Callable[..., Any]]] = {"post_transaction_details": []}
BLOCK = re.compile(r"(?m)^(?=:20:)")
CLOSING_TAG = re.compile(r"(?m)^:62[FM]?:")
IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        check_size(data.encode("utf-8", "surrogatepass"))
        return data.removeprefix("\ufeff")
    check_size(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # MT940 is ASCII; older exports use Latin-1 in :86:
    return text.removeprefix("\ufeff")


def _iban_ok(value: str) -> bool:
    if not IBAN.match(value):
        return False
    digits = "".join(str(int(c, 36)) for c in value[4:] + value[:4])
    return int(digits) % 97 == 1


def account_id(raw: str) -> str:
    """The account of ``:25:`` as written in CAMT: an IBAN without spaces where there is one.

    Banks write ``:25:`` as ``NL91ABNA0417164300``, ``ABNANL2A/NL91ABNA0417164300`` (BIC
    prefix) or ``NL91ABNA0417164300EUR`` (currency suffix); all three give the IBAN, so the same
    account read from MT940 and CAMT.053 is one account. Anything else is kept as written.
    """
    value = re.sub(r"\s+", "", raw).upper()
    candidates = [value, value.rsplit("/", 1)[-1]]
    for candidate in list(candidates):
        if len(candidate) > 3 and candidate[-3:].isalpha():
            candidates.append(candidate[:-3])
    for candidate in candidates:
        if _iban_ok(candidate):
            return candidate
    return value


def _plain(value: date) -> date:
    return date(value.year, value.month, value.day)


def _refused(error: CashflowError) -> ImportRefused:
    return ImportRefused(error.code, error.text.nl, error.text.en)


def _statement(block: str, number: int) -> Statement:
    where_nl, where_en = f"afschrift {number}", f"statement {number}"
    if not CLOSING_TAG.search(block):
        raise ImportRefused(
            "mt940_truncated",
            f"het MT940-bestand houdt op in {where_nl}, voor het eindsaldo (:62F:); is het "
            "volledig gedownload?",
            f"the MT940 file ends in {where_en}, before the closing balance (:62F:); was it "
            "downloaded completely?",
        )
    try:
        parsed = mt940.parse(io.StringIO(block), processors=PROCESSORS, options=OPTIONS)
    except Exception as error:  # the library raises RuntimeError, ValueError, decimal errors
        tag = error.args[1] if len(error.args) > 1 else None
        tag_id = f" (:{tag.id}:)" if tag is not None and getattr(tag, "id", None) else ""
        raise ImportRefused(
            "mt940_malformed",
            f"het MT940-bestand kan niet worden gelezen: {where_nl}{tag_id} klopt niet",
            f"the MT940 file cannot be read: {where_en}{tag_id} is malformed",
        ) from None
    data = parsed.data
    raw_account = data.get("account_identification")
    if not raw_account:
        raise ImportRefused(
            "no_account",
            f"{where_nl} noemt geen rekening (:25:)",
            f"{where_en} names no account (:25:)",
        )
    account = account_id(raw_account)
    opening = (
        data.get("final_opening_balance")
        or data.get("intermediate_opening_balance")
        or data.get("opening_balance")
    )
    closing = (
        data.get("final_closing_balance")
        or data.get("intermediate_closing_balance")
        or data.get("closing_balance")
    )
    if opening is None:
        raise ImportRefused(
            "missing_balance",
            f"rekening {account}: {where_nl} heeft geen beginsaldo (:60F:)",
            f"account {account}: {where_en} has no opening balance (:60F:)",
        )
    if closing is None:  # a :62: tag the library did not take as a balance
        raise ImportRefused(
            "mt940_malformed",
            f"rekening {account}: het eindsaldo van {where_nl} kan niet worden gelezen",
            f"account {account}: the closing balance of {where_en} cannot be read",
        )
    for balance in (opening, closing):
        currency = (balance.amount.currency or "").upper()
        if currency != EURO:
            raise ImportRefused(
                "not_eur",
                f"rekening {account} staat in {currency or '?'}; we rekenen alleen met "
                "euro-rekeningen",
                f"account {account} is in {currency or '?'}; we only use euro accounts",
            )
    entries: list[tuple[date, Decimal]] = []
    reversals = 0
    for transaction in parsed:
        amount = transaction.data.get("amount")
        if amount is None:
            continue  # details without a :61: line: nothing booked
        booked = transaction.data.get("entry_date") or transaction.data["date"]
        entries.append((_plain(booked), amount.amount))
        if (transaction.data.get("status") or "").upper().startswith("R"):
            reversals += 1
    statement = Statement(
        account=account,
        currency=EURO,
        opening_balance=opening.amount.amount,
        opening_date=_plain(opening.date),
        closing_balance=closing.amount.amount,
        closing_date=_plain(closing.date),
        entries=tuple(entries),
        reversals=reversals,
    )
    try:
        reconcile(statement)
    except CashflowError as error:
        raise _refused(error) from None
    return statement


def parse(data: bytes | str) -> list[Statement]:
    """Every statement in an MT940 file, each reconciled, in file order."""
    text = _decode(data)
    blocks = [b for b in BLOCK.split(text) if b.startswith(":20:")]
    if not blocks:
        raise ImportRefused(
            "mt940_malformed",
            "dit is geen MT940-bestand: er staat geen afschrift (:20:) in",
            "this is not an MT940 file: it holds no statement (:20:)",
        )
    return [_statement(block, number) for number, block in enumerate(blocks, 1)]
