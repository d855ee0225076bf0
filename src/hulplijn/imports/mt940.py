"""MT940 bank statements (SWIFT customer statement message) into core ``Statement``s.

Parsed with the ``mt-940`` library (``import mt940``), one statement block per ``:20:``:

- ``:25:`` account identification (an IBAN, optionally with a BIC prefix or currency suffix);
- ``:60F:`` / ``:60M:`` opening balance (final, or intermediate on a continuation page), with
  date, currency and a C/D mark;
- ``:62F:`` / ``:62M:`` closing balance, the same way;
- ``:61:`` entries: value date, optional entry (booking) date MMDD, mark C, D, RC (reversal of
  a credit: money leaves) or RD (reversal of a debit: money comes back), amount. The booking
  date is the entry date when given, else the value date.

Where the library's reading is extended (through its own extension points: tag classes passed
as ``tags``, docs/decisions/0021-bank-statement-review.md): every tag parses without logging (the
library logs a line it cannot match, IBAN, name and amount, at ERROR); the ``:61:`` reference
may be 34 characters (ASN Bank and SNS write the counterparty's IBAN there); amounts may have a
decimal point instead of the comma, and an amount that would need a guess (``1.000,12``, a third
decimal) is refused; a SUB character (0x1A) between messages ends a line, so the ``:20:`` after
it starts a statement.

Refusals (``ImportRefused`` codes): ``too_large``, ``mt940_malformed`` (no statement block, or a
tag the library cannot read), ``mt940_truncated`` (a statement block without its closing
balance: the file ends early), ``mt940_merged`` (a block with two opening or closing balances:
two statements run together), ``missing_balance`` (no opening balance), ``no_account``,
``not_eur`` (a statement in two currencies, or every account in another currency: an account
in another currency among euro accounts is left out with a note, ``imports.statements``),
``bad_amount``, ``bad_dates``, ``unreconciled``.
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
from hulplijn.core.text import Text
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.safe_xml import check_size
from hulplijn.imports.statements import ForeignAccount, Read, keep_euro

OPTIONS = mt940.Options(reversal_sign=True, case_insensitive_marks=True, strip_bom=True)
# :86: details are not used: skip the library's structured-details step (a sixth of its time)
PROCESSORS: dict[str, list[Callable[..., Any]]] = {"post_transaction_details": []}
BLOCK = re.compile(r"(?m)^(?=:20:)")
OPENING_TAG = re.compile(r"(?m)^:60[FM]?:")
# the currency of a balance (:60F:C260301EUR...), read before the amounts: an account in another
# currency is left out whatever its amounts look like (a currency with three decimals, such as
# the Bahraini dinar of ING's sample MING05, is no malformed euro amount)
BALANCE_CURRENCY = re.compile(r"(?m)^:6[02][FM]?:[CD]?\d{6}([A-Z]{3})")
ACCOUNT_TAG = re.compile(r"(?m)^:25:(.*)$")
CLOSING_TAG = re.compile(r"(?m)^:62[FM]?:")
IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
# SWIFT 15d: digits, a comma as decimal mark, at most the currency's decimals (2 for EUR). Some
# banks write a decimal point instead; one mark of either kind is read, anything else (a
# thousands separator, a third decimal) is refused rather than guessed.
AMOUNT = re.compile(r"^\d{1,15}(?:[,.]\d{0,2})?$")
# SUB (0x1A, the DOS end-of-file mark): old Rabobank exports write it between messages, right
# before the next :20:, which then no longer starts a line
SUB = "\x1a"


_PARTS = {
    "20": Text("het begin van het afschrift", "the start of the statement"),
    "25": Text("het rekeningnummer", "the account number"),
    "28C": Text("het afschriftnummer", "the statement number"),
    "60F": Text("het beginsaldo", "the opening balance"),
    "60M": Text("het beginsaldo", "the opening balance"),
    "61": Text("een boeking", "an entry"),
    "62F": Text("het eindsaldo", "the closing balance"),
    "62M": Text("het eindsaldo", "the closing balance"),
    "86": Text("de omschrijving van een boeking", "the description of an entry"),
}
"""What an owner calls the part of a statement an MT940 tag holds (the tags themselves, :61:,
mean nothing to an owner)."""
_PART = Text("een regel", "a line")


class _Unreadable(Exception):
    """A tag the patterns do not match; carries the tag id only, never the tag's content."""

    def __init__(self, tag_id: str | int):
        super().__init__(tag_id)
        self.tag_id = tag_id


class _BadAmount(Exception):
    """An amount that is not in MT940 form (``1.000,12``, ``12,345``)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class _QuietTag(mt940.tags.Tag):
    """The library's tag parse without its logging: on a mismatch the library logs the raw
    line (account, name, amount) at ERROR and every matching step at INFO, and statement content
    must not reach the logs. Raises ``_Unreadable`` with the tag id only."""

    def parse(self, transactions: mt940.models.Transactions, value: str) -> dict[str, str | None]:
        del transactions
        match = self.re.match(value)
        if match is None:
            raise _Unreadable(self.id)
        return match.groupdict()


def _checked(value: dict[str, Any]) -> dict[str, Any]:
    amount = value.get("amount") or ""
    if not AMOUNT.match(amount):
        raise _BadAmount(amount)
    return value


class _CheckedBalance(_QuietTag):
    """A balance (``:60F:``, ``:62F:``...) whose amount may have a decimal point, and must end
    the line: the library's pattern stops at the first character that is not a digit or a comma,
    so it read ``1000.12`` as 1000."""

    pattern = r"""^
    (?P<status>[DC])  # 1!a debit/credit
    (?P<year>\d{2})(?P<month>\d{2})(?P<day>\d{2})  # 6!n date (YYMMDD)
    (?P<currency>.{3})  # 3!a currency
    (?P<amount>[\d,.]{1,16})  # 15d amount
    (?=\s|$)"""

    def __call__(
        self, transactions: mt940.models.Transactions, value: dict[str, Any]
    ) -> dict[str, Any]:
        result: dict[str, Any] = super().__call__(transactions, _checked(value))
        return result


class _CheckedStatementLine(_QuietTag):
    """A ``:61:`` line as the library reads it, with two changes: the customer reference may be
    up to 34 characters, as ASN Bank and SNS (de Volksbank) write the counterparty's IBAN
    (18 characters for a Dutch one) there with the name on the next line, where the library
    takes 16; and the amount may have a decimal point (checked as for balances)."""

    pattern = r"""^
    (?P<year>\d{2})(?P<month>\d{2})(?P<day>\d{2})  # 6!n value date (YYMMDD)
    (?P<entry_month>\d{2}|\s{2})?  # [4!n] entry date (MMDD)
    (?P<entry_day>\d{2}|\s{2})?
    (?P<status>R?[DC])  # 2a debit/credit mark
    (?P<funds_code>[A-Z])?  # [1!a] funds code
    [\n ]?
    (?P<amount>[\d,.]{1,15})  # 15d amount
    (?P<id>[A-Z][A-Z0-9 ]{3})?  # 1!a3!c transaction type
    (?P<customer_reference>((?!//)[^\n]){0,34})
    (//(?P<bank_reference>.{0,23}))?
    (\n?(?P<extra_details>.*))?
    $"""

    def __call__(
        self, transactions: mt940.models.Transactions, value: dict[str, Any]
    ) -> dict[str, Any]:
        result: dict[str, Any] = super().__call__(transactions, _checked(value))
        return result


def _tags() -> dict[int | str, mt940.tags.Tag]:
    """Every tag the library knows, as a subclass of the library's own (same class name, so the
    same slug, result keys and processors) that parses quietly; balances and :61: checked."""
    balances = (
        mt940.tags.OpeningBalance,
        mt940.tags.FinalOpeningBalance,
        mt940.tags.IntermediateOpeningBalance,
        mt940.tags.ClosingBalance,
    )
    tags: dict[int | str, mt940.tags.Tag] = {}
    for member in mt940.tags.Tags:
        base = type(member.value)
        mixin: type[_QuietTag] = _QuietTag
        if issubclass(base, balances):
            mixin = _CheckedBalance
        elif issubclass(base, mt940.tags.Statement):
            mixin = _CheckedStatementLine
        cls: type[mt940.tags.Tag] = type(base.__name__, (mixin, base), {})
        tags[member.value.id] = cls()
    return tags


TAGS = _tags()


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
            f"het MT940-bestand houdt op in {where_nl}, voor het eindsaldo; is het volledig "
            "gedownload?",
            f"the MT940 file ends in {where_en}, before the closing balance; was it downloaded "
            "completely?",
        )
    if len(OPENING_TAG.findall(block)) > 1 or len(CLOSING_TAG.findall(block)) > 1:
        # two statements run together (a :20: the split did not see): reading them as one
        # would keep the last one's balances and lose the other account
        raise ImportRefused(
            "mt940_merged",
            f"het MT940-bestand kan niet worden gelezen: {where_nl} heeft meer dan één begin- "
            "of eindsaldo, zodat we niet kunnen zien waar het volgende afschrift begint; "
            "exporteer de afschriften opnieuw, bij voorkeur als CAMT.053",
            f"the MT940 file cannot be read: {where_en} has more than one opening or closing "
            "balance, so we cannot tell where the next statement starts; export the statements "
            "again, preferably as CAMT.053",
        )
    currencies = set(BALANCE_CURRENCY.findall(block))
    account_line = ACCOUNT_TAG.search(block)
    if len(currencies) == 1 and EURO not in currencies and account_line:
        # an account in another currency: skipped with a note, its amounts not read
        raise ForeignAccount(account_id(account_line.group(1).strip()), currencies.pop())
    try:
        parsed = mt940.parse(io.StringIO(block), processors=PROCESSORS, tags=TAGS, options=OPTIONS)
    except _BadAmount as bad:
        raise ImportRefused(
            "bad_amount",
            f"het MT940-bestand kan niet worden gelezen: in {where_nl} staat het bedrag "
            f"'{bad.text}', dat niet de MT940-vorm heeft (cijfers met één komma of punt als "
            "decimaalteken, hoogstens twee decimalen, zonder scheidingsteken voor duizendtallen); "
            "exporteer de afschriften opnieuw, bij voorkeur als CAMT.053",
            f"the MT940 file cannot be read: {where_en} holds the amount '{bad.text}', which is "
            "not in MT940 form (digits with one comma or point as decimal mark, at most two "
            "decimals, no thousands separator); export the statements again, preferably as "
            "CAMT.053",
        ) from None
    except Exception as error:  # the library raises RuntimeError, ValueError, decimal errors
        tag = str(error.tag_id) if isinstance(error, _Unreadable) else None
        part = _PARTS.get(tag or "", _PART)
        raise ImportRefused(
            "mt940_malformed",
            f"het MT940-bestand kan niet worden gelezen: in {where_nl} klopt {part.nl} niet; "
            "exporteer de afschriften opnieuw, bij voorkeur als CAMT.053",
            f"the MT940 file cannot be read: in {where_en} {part.en} is malformed; export the "
            "statements again, preferably as CAMT.053",
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
    currencies = {(b.amount.currency or "").upper() for b in (opening, closing)}
    if currencies != {EURO}:
        currency = "/".join(sorted(c or "?" for c in currencies))
        if len(currencies) == 1:  # an account in another currency: skipped with a note
            raise ForeignAccount(account, currency)
        raise ImportRefused(
            "not_eur",
            f"rekening {account} staat in {currency}; we rekenen alleen met euro-rekeningen",
            f"account {account} is in {currency}; we only use euro accounts",
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


def blocks(text: str) -> list[str]:
    """The statement blocks of MT940 text, one per ``:20:``. A SUB character (0x1A, the DOS
    end-of-file mark some exports write between messages) ends a line: before it was read as
    text, the ``:20:`` after it started no block and two statements ran together."""
    text = text.replace(SUB, "\n")
    return [b for b in BLOCK.split(text) if b.startswith(":20:")]


def each(data: bytes | str) -> list[Statement | ImportRefused]:
    """Every statement block of an MT940 file read on its own: the statement, or why it was
    refused (for a look at a whole file; ``read`` refuses a file at its first refusal)."""
    found = blocks(_decode(data))
    if not found:
        raise ImportRefused(
            "mt940_malformed",
            "dit is geen MT940-bestand: er staat geen afschrift in",
            "this is not an MT940 file: it holds no statement",
        )
    out: list[Statement | ImportRefused] = []
    for number, block in enumerate(found, 1):
        try:
            out.append(_statement(block, number))
        except ImportRefused as refused:
            out.append(refused)
    return out


def read(data: bytes | str) -> Read:
    """Every euro statement in an MT940 file, each reconciled, in file order; accounts in
    another currency are left out with a note (refused when no euro statement is left)."""
    return keep_euro(each(data))


def parse(data: bytes | str) -> list[Statement]:
    """Every euro statement in an MT940 file (``read`` without its notes)."""
    return read(data).statements
