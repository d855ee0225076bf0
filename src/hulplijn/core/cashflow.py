"""Bank statements as cash flow: reconciliation, daily balances and cash buffer days.

Pure: the adapters in ``hulplijn.imports`` read MT940 and CAMT.053 files into ``Statement``s;
this module only computes. Money is held as ``Decimal`` euros on the statement and summed as
integer cents, so every comparison is exact to the cent.

Definitions (see docs/reference/bank-statements.md):

- cash buffer days, JPMorgan Chase Institute, "Cash is King: Flows, Balances, and Buffer Days"
  (September 2016): the number of days of typical outflows a firm could pay out of its cash
  balance were its inflows to stop, measured as average daily balance / average daily outflows;
  the balance is the end-of-day balance summed over all the firm's deposit accounts;
- end-of-day balance of a statement on day d: opening balance + the booked entries dated up to
  and including d (ISO 20022 / SWIFT: closing booked balance = opening booked balance + credits
  - debits).

Choices the definitions leave open are documented on the functions that make them.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from itertools import accumulate, groupby

from hulplijn.core import numbers, period
from hulplijn.core.errors import Problem, Refused
from hulplijn.core.text import Text

CENT = Decimal("0.01")
EURO = "EUR"
MOMENT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Entry = tuple[date, Decimal]


class CashflowError(Refused):
    """Statements that cannot be used as they are: one problem, whose ``code`` names it and
    whose ``text`` says why (``hulplijn.imports`` passes it on as an ``ImportRefused``)."""


@dataclass(frozen=True)
class Statement:
    """One bank statement of one account: booked balances and booked entries.

    ``entries`` are (booking date, signed amount in euros): credits positive, debits negative.
    A reversal is signed by the direction the money moves (a reversed credit leaves the account,
    a reversed debit comes back), as SWIFT (RC/RD) and ISO 20022 (CdtDbtInd with RvslInd) do.
    ``pending_ignored`` counts entries the bank listed but had not booked (pending, information
    only); they are not in ``entries`` and not in the booked balances. ``reversals`` counts the
    booked entries marked as reversals (information only).
    """

    account: str
    currency: str
    opening_balance: Decimal
    opening_date: date
    closing_balance: Decimal
    closing_date: date
    entries: tuple[Entry, ...] = ()
    pending_ignored: int = 0
    reversals: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.entries, tuple):
            object.__setattr__(self, "entries", tuple(self.entries))


Reason = Problem
"""Why a figure cannot be computed: a ``code`` and a ``text``, without a path."""


@dataclass(frozen=True)
class BufferResult:
    """Cash buffer days over a window, or the reason they cannot be computed.

    ``value`` is None exactly when ``reason`` is set. ``average_balance`` and
    ``average_outflow`` are rounded to the cent for display; ``value`` is computed from the
    unrounded sums.
    """

    start: date | None
    end: date | None
    days: int
    value: float | None = None
    average_balance: Decimal | None = None
    average_outflow: Decimal | None = None
    accounts: tuple[str, ...] = ()
    reason: Reason | None = None


def _cents(amount: Decimal, what: str) -> int:
    """An amount in whole cents; sub-cent, non-finite and non-Decimal amounts are refused."""
    try:
        scaled = amount.scaleb(2)
        cents = int(scaled)
        if cents != scaled:
            raise ValueError
    except (AttributeError, TypeError, ValueError, OverflowError, InvalidOperation):
        raise CashflowError.one(
            "bad_amount",
            f"{what}: het bedrag {amount} is geen bedrag in hele centen",
            f"{what}: the amount {amount} is not an amount in whole cents",
        ) from None
    return cents


def _euros(cents: int, language: str) -> str:
    """An amount as a bank statement writes it: two decimals, no thousands separator."""
    return numbers.number(Decimal(cents).scaleb(-2), language, 2, grouping=False)


def _reconciled_cents(statement: Statement) -> tuple[int, int, list[int]]:
    """Opening, closing and entry amounts in cents, after the checks of ``reconcile``."""
    if statement.currency != EURO:
        raise CashflowError.one(
            "not_eur",
            f"rekening {statement.account} staat in {statement.currency}; we rekenen alleen met "
            "euro-rekeningen",
            f"account {statement.account} is in {statement.currency}; we only use euro accounts",
        )
    if statement.opening_date > statement.closing_date:
        raise CashflowError.one(
            "bad_dates",
            f"rekening {statement.account}: de datum van het beginsaldo "
            f"({statement.opening_date}) ligt na die van het eindsaldo "
            f"({statement.closing_date})",
            f"account {statement.account}: the opening balance date ({statement.opening_date}) "
            f"is after the closing balance date ({statement.closing_date})",
        )
    label = f"rekening/account {statement.account}"
    opening = _cents(statement.opening_balance, label)
    closing = _cents(statement.closing_balance, label)
    amounts = [_cents(amount, label) for _, amount in statement.entries]
    total = sum(amounts)
    if opening + total != closing:
        raise CashflowError.one(
            "unreconciled",
            f"rekening {statement.account}, {statement.opening_date} t/m "
            f"{statement.closing_date}: beginsaldo {_euros(opening, 'nl')} plus de boekingen "
            f"({_euros(total, 'nl')}) is {_euros(opening + total, 'nl')}, maar het eindsaldo is "
            f"{_euros(closing, 'nl')}; het afschrift is onvolledig of beschadigd",
            f"account {statement.account}, {statement.opening_date} to "
            f"{statement.closing_date}: opening balance {_euros(opening, 'en')} plus the entries "
            f"({_euros(total, 'en')}) is {_euros(opening + total, 'en')}, but the closing balance "
            f"is {_euros(closing, 'en')}; the statement is incomplete or damaged",
        )
    return opening, closing, amounts


def reconcile(statement: Statement) -> None:
    """Check that opening balance + the sum of the entries = closing balance, to the cent.

    ISO 20022 camt.053 and SWIFT MT940 both define the closing booked balance (CLBD, :62F:) as
    the opening booked balance (OPBD/PRCD, :60F:) plus the booked credits minus the booked
    debits of the statement. A statement for which that does not hold is missing entries or is
    damaged, and every figure built on it would be wrong: raises ``CashflowError`` with code
    ``unreconciled``. Also refused: a currency other than EUR (``not_eur``), amounts that are not
    ``Decimal``s in whole cents (``bad_amount``), an opening date after the closing date
    (``bad_dates``).
    """
    _reconciled_cents(statement)


class _Ledger:
    """One reconciled statement as cumulative cents per day, for fast look-ups."""

    __slots__ = (
        "closing",
        "closing_date",
        "cumulative",
        "days",
        "opening",
        "opening_date",
        "outflow_days",
        "outflows",
        "statement",
    )

    def __init__(self, statement: Statement):
        self.opening, self.closing, amounts = _reconciled_cents(statement)
        self.statement = statement
        first = self.opening_date = statement.opening_date
        last = self.closing_date = statement.closing_date
        net: dict[date, int] = defaultdict(int)
        out: dict[date, int] = defaultdict(int)
        for (day, _), cents in zip(statement.entries, amounts, strict=True):
            if day < first:
                day = first
            elif day > last:
                day = last
            net[day] += cents
            if cents < 0:
                out[day] -= cents
        self.days = sorted(net)
        self.cumulative = list(accumulate(net[d] for d in self.days))
        self.outflow_days = sorted(out)
        self.outflows = list(accumulate(out[d] for d in self.outflow_days))

    def balance(self, day: date) -> int:
        """End-of-day balance in cents on ``day`` (opening_date <= day <= closing_date)."""
        i = bisect_right(self.days, day)
        return self.opening + (self.cumulative[i - 1] if i else 0)

    def outflow(self, start: date, end: date) -> int:
        """Debits (as positive cents) booked from ``start`` to ``end`` inclusive."""
        hi = bisect_right(self.outflow_days, end)
        lo = bisect_right(self.outflow_days, start - timedelta(days=1))
        return (self.outflows[hi - 1] if hi else 0) - (self.outflows[lo - 1] if lo else 0)


def _chains(before: _Ledger, after: _Ledger) -> bool:
    """Whether ``after`` continues ``before`` although its opening date is a day earlier than
    ``before``'s closing date: its opening balance is exactly ``before``'s closing balance and
    none of its entries is dated before that closing date. Banks date the opening balance of a
    statement differently: Sparkasse dates :60F: on the previous booking day, a CAMT.053
    ``PRCD`` (previous closing booked) balance is dated the day before, and same-day pages of a
    CAMT.053 export both open and close on that day."""
    return (
        after.opening == before.closing
        and after.opening_date >= before.closing_date - timedelta(days=1)
        and (not after.days or after.days[0] >= before.closing_date)
    )


def _in_order(ledgers: list[_Ledger]) -> list[_Ledger]:
    """Statements by opening and closing date; statements with the same dates (same-day pages)
    in the order their balances chain (``_chained``), as the file order need not be the day's
    order."""

    def dates(ledger: _Ledger) -> tuple[date, date]:
        return ledger.opening_date, ledger.closing_date

    ordered: list[_Ledger] = []
    for _, grouped in groupby(sorted(ledgers, key=dates), key=dates):
        group = list(grouped)
        ordered += group if len(group) == 1 else _chained(group, ordered[-1] if ordered else None)
    return ordered


def _unplaced(candidates: deque[_Ledger] | None, placed: set[int]) -> _Ledger | None:
    while candidates:
        ledger = candidates.popleft()
        if id(ledger) not in placed:
            return ledger
    return None


def _chained(group: list[_Ledger], previous: _Ledger | None) -> list[_Ledger]:
    """Statements with the same dates, each followed by the one opening with its closing
    balance. The first is the one continuing ``previous``, else one that no other in the group
    chains into, else the first in the file; a break in the chain goes on in file order. Linear
    in the size of the group."""
    by_opening: dict[int, deque[_Ledger]] = defaultdict(deque)
    for ledger in group:
        by_opening[ledger.opening].append(ledger)
    closings = {ledger.closing for ledger in group}
    placed: set[int] = set()
    current = _unplaced(by_opening.get(previous.closing), placed) if previous else None
    current = current or next((x for x in group if x.opening not in closings), group[0])
    rest = iter(group)
    ordered: list[_Ledger] = []
    while len(ordered) < len(group):
        if current is None or id(current) in placed:
            current = next(x for x in rest if id(x) not in placed)
        placed.add(id(current))
        ordered.append(current)
        current = _unplaced(by_opening.get(current.closing), placed)
    return ordered


class _Account:
    """The statements of one account in date order, checked not to overlap."""

    def __init__(self, account: str, ledgers: list[_Ledger]):
        self.account = account
        self.ledgers = _in_order(ledgers)
        for before, after in zip(self.ledgers, self.ledgers[1:], strict=False):
            if after.opening_date < before.closing_date and _chains(before, after):
                # it takes over where ``before`` ends: from then on its balances count
                after.opening_date = before.closing_date
            if after.opening_date < before.closing_date:
                raise CashflowError.one(
                    "overlapping_statements",
                    f"rekening {account}: het afschrift {before.opening_date} t/m "
                    f"{before.closing_date} overlapt met {after.opening_date} t/m "
                    f"{after.closing_date}; lever elke periode maar één keer aan",
                    f"account {account}: the statement {before.opening_date} to "
                    f"{before.closing_date} overlaps {after.opening_date} to "
                    f"{after.closing_date}; provide each period only once",
                )
        self.openings = [x.opening_date for x in self.ledgers]

    def balance(self, day: date) -> int:
        """End-of-day balance in cents: the statement that covers ``day`` (the latest one that
        opened on or before it); after a statement's closing date its closing balance carries;
        before the first opening date the first opening balance holds."""
        i = bisect_right(self.openings, day) - 1
        if i < 0:
            return self.ledgers[0].opening
        ledger = self.ledgers[i]
        if day >= ledger.closing_date:
            return ledger.closing
        return ledger.balance(day)

    def outflow(self, start: date, end: date) -> int:
        return sum(x.outflow(start, end) for x in self.ledgers)

    def runs(self) -> list[tuple[date, date]]:
        """Spans with no unknown movements: consecutive statements join into one run when the
        next opening balance equals the previous closing balance."""
        spans: list[tuple[date, date]] = []
        previous: _Ledger | None = None
        for ledger in self.ledgers:
            if previous is not None and spans and ledger.opening == previous.closing:
                spans[-1] = (spans[-1][0], max(spans[-1][1], ledger.closing_date))
            else:
                spans.append((ledger.opening_date, ledger.closing_date))
            previous = ledger
        return spans


def _accounts(statements: Iterable[Statement]) -> list[_Account]:
    """Reconciled statements grouped per account. The same statement read twice (the same
    account, balances, dates and booked entries, say once as MT940 and once as CAMT.053) counts
    once."""
    unique = {
        (
            s.account,
            s.opening_balance,
            s.opening_date,
            s.closing_balance,
            s.closing_date,
            s.entries,
        ): s
        for s in statements
    }
    grouped: dict[str, list[_Ledger]] = defaultdict(list)
    for statement in unique.values():
        grouped[statement.account].append(_Ledger(statement))
    return [_Account(account, ledgers) for account, ledgers in sorted(grouped.items())]


def _days(start: date, end: date) -> list[date]:
    if start > end:
        raise CashflowError.one(
            "bad_window",
            f"de periode begint ({start}) na het einde ({end})",
            f"the window starts ({start}) after it ends ({end})",
        )
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def daily_balances(statements: Iterable[Statement], start: date, end: date) -> dict[date, Decimal]:
    """The end-of-day balance in euros for every calendar day from ``start`` to ``end``.

    The JPMorgan Chase Institute ("Cash is King", 2016) takes the cash balance at the end of each
    day across all of a firm's deposit accounts. Choices made here:

    - every calendar day counts, weekends and holidays included; a day without entries (a
      weekend, a holiday, a quiet weekday, a day between two statements) carries the previous
      end-of-day balance;
    - several accounts are summed per day; statements of the same account are put in date
      order and must not overlap (a later statement may open on the day the earlier one
      closes, as daily statements and continuation pages do); the same statement read twice
      counts once;
    - before an account's first opening date its balance is that opening balance, after its
      last closing date its closing balance (nothing is known about movements there: callers
      that need certainty check ``uncovered_accounts``);
    - an entry dated outside its statement's period (a value date used as booking date) counts
      on the nearest day of the period: the statement's balances are authoritative.

    Every statement is reconciled first (``reconcile``); a ``CashflowError`` names the first one
    that is not.
    """
    return Cashbook(statements).daily_balances(start, end)


def uncovered_accounts(statements: Iterable[Statement], start: date, end: date) -> tuple[str, ...]:
    """The accounts whose statements do not cover every day from ``start`` to ``end``.

    An account covers a day when the day lies in one run of its statements: from the opening
    date of a statement to the closing date of the last statement chained to it (the next
    statement's opening balance equals the previous closing balance, so no money moved in
    between; this accepts banks that only send a statement for days with movements). An account
    whose statements end before, or start after, the window does not cover it: its outflows
    there are unknown.
    """
    return Cashbook(statements).uncovered_accounts(start, end)


def statement_buffer_days(statements: Iterable[Statement], start: date, end: date) -> BufferResult:
    """Cash buffer days from bank statements = average daily balance / average daily outflows
    over the window (``metrics.cash_buffer_days`` is the balance-sheet figure the wizard asks for).

    JPMorgan Chase Institute, "Cash is King: Flows, Balances, and Buffer Days" (September 2016):
    cash buffer days are the days of typical outflows a firm could pay out of its cash balance
    were its inflows to stop, the ratio of the average daily cash balance to the average daily
    cash outflows; the median US small business held 27 (February-October 2015 data).

    - average daily balance = the sum of the end-of-day balances (``daily_balances``, all
      accounts together) / the number of calendar days in the window;
    - average daily outflows = the total outflows in the window / the same number of days;
      outflows are the debit entries (money leaving any account) as positive amounts, booked
      from ``start`` to ``end``. A reversal of a credit is money leaving and counts; a reversed
      debit (money coming back) is an inflow and is not netted against outflows;
    - the day counts cancel, so the value is computed exactly as (sum of daily balances) /
      (total outflows), then given as a float; a negative average balance (overdrawn on
      average) gives a negative value.

    No outflows in the window: ``value`` is None with reason ``no_outflows`` (the ratio is not
    defined); no statements at all: reason ``no_statements``.
    """
    return Cashbook(statements).statement_buffer_days(start, end)


class Cashbook:
    """Statements checked and indexed once, for the figures of many windows.

    Building one reconciles every statement, drops exact duplicates and refuses overlapping
    statements of one account (``CashflowError``); the methods are the module functions of the
    same name (whose docstrings give the definitions and choices) without repeating that work.
    """

    def __init__(self, statements: Iterable[Statement]) -> None:
        self._accounts = _accounts(statements)
        self.accounts = tuple(a.account for a in self._accounts)

    def daily_balances(self, start: date, end: date) -> dict[date, Decimal]:
        """See ``daily_balances``."""
        accounts = self._accounts
        return {
            day: Decimal(sum(a.balance(day) for a in accounts)).scaleb(-2)
            for day in _days(start, end)
        }

    def uncovered_accounts(self, start: date, end: date) -> tuple[str, ...]:
        """See ``uncovered_accounts``."""
        return tuple(
            a.account
            for a in self._accounts
            if not any(lo <= start and end <= hi for lo, hi in a.runs())
        )

    def statement_buffer_days(self, start: date, end: date) -> BufferResult:
        """See ``statement_buffer_days``."""
        days = _days(start, end)
        if not self._accounts:
            return BufferResult(
                start,
                end,
                len(days),
                reason=Reason(
                    "no_statements",
                    Text("er zijn geen bankafschriften", "there are no bank statements"),
                ),
            )
        balance = sum(a.balance(day) for a in self._accounts for day in days)
        outflow = sum(a.outflow(start, end) for a in self._accounts)
        average_balance = (Decimal(balance) / len(days) / 100).quantize(CENT, ROUND_HALF_EVEN)
        if outflow == 0:
            return BufferResult(
                start,
                end,
                len(days),
                average_balance=average_balance,
                average_outflow=Decimal("0.00"),
                accounts=self.accounts,
                reason=Reason(
                    "no_outflows",
                    Text(
                        "van {start} t/m {end} ging er geen geld af; de buffer in dagen "
                        "uitgaven is dan niet gedefinieerd",
                        "no money left the accounts from {start} to {end}; buffer days of "
                        "outflows are not defined then",
                    ).format(start=period.day(start), end=period.day(end)),
                ),
            )
        return BufferResult(
            start,
            end,
            len(days),
            value=float(Fraction(balance, outflow)),
            average_balance=average_balance,
            average_outflow=(Decimal(outflow) / len(days) / 100).quantize(CENT, ROUND_HALF_EVEN),
            accounts=self.accounts,
        )


def window_for(moment: str) -> tuple[date, date]:
    """The window of a liquidity moment ``yyyy-mm``: its calendar month, first to last day.

    The report asks for cash buffer days at a moment given as a month (an assessment round's
    ``moment_1`` / ``moment_2``); from bank statements they are computed over that whole month,
    so one quiet or busy day does not decide the figure and every day of the month weighs the
    same.
    """
    match = MOMENT.match(moment or "")
    if not match:
        raise CashflowError.one(
            "bad_moment",
            f"'{moment}' is geen maand in de vorm jjjj-mm (bijvoorbeeld 2020-02)",
            f"'{moment}' is not a month of the form yyyy-mm (for example 2020-02)",
        )
    year, month = int(match[1]), int(match[2])
    if year < 1:
        raise CashflowError.one(
            "bad_moment", f"'{moment}': jaar 0 bestaat niet", f"'{moment}': there is no year 0"
        )
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
