"""Pure cash-flow core: reconciliation, daily balances, cash buffer days, windows (hand numbers).

The hand example, Monday 1 to Monday 8 June 2026 (1 June 2026 is a Monday):

account X, opening 1000.00 dated Sun 31 May, closing 500.00 dated Mon 8 June
    Mon 1   -300.00 +50.00  ->  750.00
    Tue 2   +200.00         ->  950.00
    Wed 3   -150.00         ->  800.00
    Thu 4   -100.00         ->  700.00
    Fri 5, Sat 6, Sun 7: no entries (a weekday and a weekend): 700.00 carried
    Mon 8   -200.00         ->  500.00     (1000 - 300 + 50 + 200 - 150 - 100 - 200 = 500)
account Y, opening 2000.00 dated Wed 3 June, closing 1700.00 dated Mon 8 June
    before its opening date (1, 2 June) it counts at its opening balance 2000.00
    Thu 4   -400.00         -> 1600.00
    Mon 8   +100.00         -> 1700.00
both, end of day: 2750, 2950, 2800, 2300, 2300, 2300, 2300, 2200   (sum 19,900.00)
outflows: X 300 + 150 + 100 + 200 = 750, Y 400; total 1,150.00
average daily balance 19,900 / 8 = 2,487.50; average daily outflows 1,150 / 8 = 143.75
cash buffer days = 2,487.50 / 143.75 = 19,900 / 1,150 = 398/23 = 17.3043...
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hulplijn.core.cashflow import (
    CashflowError,
    Statement,
    daily_balances,
    reconcile,
    statement_buffer_days,
    uncovered_accounts,
    window_for,
)

D = Decimal
JUNE = [date(2026, 6, d) for d in range(1, 9)]


def stmt(account, opening, opening_date, closing, closing_date, entries=(), currency="EUR"):
    return Statement(
        account,
        currency,
        D(opening),
        opening_date,
        D(closing),
        closing_date,
        tuple((when, D(amount)) for when, amount in entries),
    )


X = stmt(
    "X",
    "1000.00",
    date(2026, 5, 31),
    "500.00",
    date(2026, 6, 8),
    [
        (date(2026, 6, 1), "-300.00"),
        (date(2026, 6, 1), "50.00"),
        (date(2026, 6, 2), "200.00"),
        (date(2026, 6, 3), "-150.00"),
        (date(2026, 6, 4), "-100.00"),
        (date(2026, 6, 8), "-200.00"),
    ],
)
Y = stmt(
    "Y",
    "2000.00",
    date(2026, 6, 3),
    "1700.00",
    date(2026, 6, 8),
    [
        (date(2026, 6, 4), "-400.00"),
        (date(2026, 6, 8), "100.00"),
    ],
)


# --- reconcile ------------------------------------------------------------------------------


def test_reconcile_accepts_balances_that_add_up():
    reconcile(X)
    reconcile(Y)
    reconcile(stmt("Z", "0.00", date(2026, 6, 1), "0.00", date(2026, 6, 1)))  # no entries


def test_reconcile_refuses_one_cent_off():
    off = stmt("X", "1000.00", date(2026, 5, 31), "500.01", date(2026, 6, 8), X.entries)
    with pytest.raises(CashflowError) as caught:
        reconcile(off)
    assert caught.value.code == "unreconciled"
    assert "500.00" in caught.value.text.en and "500.01" in caught.value.text.en
    assert "eindsaldo" in caught.value.text.nl


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        (stmt("X", "1", date(2026, 6, 1), "1", date(2026, 6, 1), currency="USD"), "not_eur"),
        (stmt("X", "1.001", date(2026, 6, 1), "1.001", date(2026, 6, 1)), "bad_amount"),
        (
            stmt("X", "1", date(2026, 6, 1), "1.50", date(2026, 6, 1), [(date(2026, 6, 1), "0.5")]),
            None,
        ),
        (stmt("X", "NaN", date(2026, 6, 1), "1", date(2026, 6, 1)), "bad_amount"),
        (stmt("X", "1", date(2026, 6, 2), "1", date(2026, 6, 1)), "bad_dates"),
    ],
)
def test_reconcile_other_checks(statement, code):
    if code is None:
        reconcile(statement)
        return
    with pytest.raises(CashflowError) as caught:
        reconcile(statement)
    assert caught.value.code == code
    assert caught.value.message("nl") != caught.value.message("en")


def test_float_amounts_are_refused():
    statement = Statement("X", "EUR", 1.0, date(2026, 6, 1), 1.0, date(2026, 6, 1))
    with pytest.raises(CashflowError, match="whole cents"):
        reconcile(statement)


# --- daily balances -------------------------------------------------------------------------


def test_daily_balances_one_account_with_gap_days():
    balances = daily_balances([X], JUNE[0], JUNE[-1])
    assert list(balances) == JUNE
    assert list(balances.values()) == [
        D(v) for v in ("750", "950", "800", "700", "700", "700", "700", "500")
    ]


def test_daily_balances_several_accounts_and_a_later_opening():
    balances = daily_balances([X, Y], JUNE[0], JUNE[-1])
    assert list(balances.values()) == [
        D(v) for v in ("2750", "2950", "2800", "2300", "2300", "2300", "2300", "2200")
    ]
    assert sum(balances.values()) == D("19900")


def test_daily_balances_before_opening_and_after_closing():
    # X opens 31 May at 1000.00 and closes 8 June at 500.00; outside that it carries
    balances = daily_balances([X], date(2026, 5, 29), date(2026, 6, 10))
    assert balances[date(2026, 5, 29)] == balances[date(2026, 5, 31)] == D("1000")
    assert balances[date(2026, 6, 9)] == balances[date(2026, 6, 10)] == D("500")


def test_an_entry_dated_outside_its_statement_counts_on_the_nearest_day():
    # booked 'on' 10 June in a statement closing 8 June: counts on 8 June
    late = stmt(
        "L", "100.00", date(2026, 6, 1), "90.00", date(2026, 6, 8), [(date(2026, 6, 10), "-10.00")]
    )
    balances = daily_balances([late], date(2026, 6, 7), date(2026, 6, 10))
    assert list(balances.values()) == [D("100"), D("90"), D("90"), D("90")]


def test_chained_daily_statements_cover_the_days_between_them():
    # a bank that sends a statement only for days with movements: 2, 4 and 8 June
    days = [
        stmt(
            "C",
            "100.00",
            date(2026, 6, 1),
            "80.00",
            date(2026, 6, 2),
            [(date(2026, 6, 2), "-20.00")],
        ),
        stmt(
            "C", "80.00", date(2026, 6, 2), "95.00", date(2026, 6, 4), [(date(2026, 6, 4), "15.00")]
        ),
        stmt(
            "C",
            "95.00",
            date(2026, 6, 7),
            "45.00",
            date(2026, 6, 8),
            [(date(2026, 6, 8), "-50.00")],
        ),
    ]
    balances = daily_balances(list(reversed(days)), JUNE[0], JUNE[-1])  # order does not matter
    assert list(balances.values()) == [
        D(v) for v in ("100", "80", "80", "95", "95", "95", "95", "45")
    ]
    assert uncovered_accounts(days, JUNE[0], JUNE[-1]) == ()
    # 95.00 -> 95.00 chains across 5-6 June; a break in the chain is not covered
    broken = [
        *days[:2],
        stmt(
            "C",
            "90.00",
            date(2026, 6, 7),
            "40.00",
            date(2026, 6, 8),
            [(date(2026, 6, 8), "-50.00")],
        ),
    ]
    assert uncovered_accounts(broken, JUNE[0], JUNE[-1]) == ("C",)
    assert uncovered_accounts(broken, JUNE[0], date(2026, 6, 4)) == ()


def test_overlapping_statements_are_refused_duplicates_count_once():
    assert daily_balances([X, X], JUNE[0], JUNE[-1]) == daily_balances([X], JUNE[0], JUNE[-1])
    other = stmt("X", "700.00", date(2026, 6, 4), "700.00", date(2026, 6, 10))
    with pytest.raises(CashflowError) as caught:
        daily_balances([X, other], JUNE[0], JUNE[-1])
    assert caught.value.code == "overlapping_statements"


def test_daily_balances_refuse_unreconciled_statements_and_reversed_windows():
    off = stmt("X", "1000.00", date(2026, 5, 31), "1.00", date(2026, 6, 8), X.entries)
    with pytest.raises(CashflowError, match="closing balance"):
        daily_balances([off], JUNE[0], JUNE[-1])
    with pytest.raises(CashflowError) as caught:
        daily_balances([X], JUNE[-1], JUNE[0])
    assert caught.value.code == "bad_window"


def test_no_statements_is_zero_every_day():
    assert set(daily_balances([], JUNE[0], JUNE[1]).values()) == {D(0)}


# --- cash buffer days -----------------------------------------------------------------------


def test_cash_buffer_days_hand_example():
    result = statement_buffer_days([X, Y], JUNE[0], JUNE[-1])
    assert result.reason is None
    assert result.days == 8
    assert result.average_balance == D("2487.50")
    assert result.average_outflow == D("143.75")
    assert result.value == float(Fraction(398, 23))  # 17.304...
    assert result.accounts == ("X", "Y")
    assert uncovered_accounts([X, Y], JUNE[0], JUNE[-1]) == ("Y",)  # Y opened on 3 June


def test_cash_buffer_days_one_account_small_window():
    # X, 3 to 5 June: balances 800, 700, 700 (sum 2200); outflows 150 + 100 = 250
    result = statement_buffer_days([X], date(2026, 6, 3), date(2026, 6, 5))
    assert result.value == pytest.approx(2200 / 250)  # 8.8 days
    assert result.average_balance == D("733.33")  # 2200 / 3
    assert result.average_outflow == D("83.33")  # 250 / 3


def test_no_outflows_gives_no_value_and_a_reason():
    # 5 to 7 June: the gap days, nothing booked
    result = statement_buffer_days([X, Y], date(2026, 6, 5), date(2026, 6, 7))
    assert result.value is None
    assert result.reason.code == "no_outflows"
    assert result.average_balance == D("2300.00")
    assert "geen geld" in result.reason.message("nl")


def test_no_statements_gives_a_reason():
    result = statement_buffer_days([], JUNE[0], JUNE[-1])
    assert result.value is None and result.reason.code == "no_statements"


def test_reversed_debit_is_an_inflow_not_a_smaller_outflow():
    # a direct debit of 100 reversed the same day: balance unchanged, outflow 100 counted
    bounced = stmt(
        "B",
        "1000.00",
        date(2026, 6, 1),
        "1000.00",
        date(2026, 6, 2),
        [(date(2026, 6, 2), "-100.00"), (date(2026, 6, 2), "100.00")],
    )
    result = statement_buffer_days([bounced], date(2026, 6, 1), date(2026, 6, 2))
    assert result.average_outflow == D("50.00")
    assert result.value == 20.0  # (1000 + 1000) / 100


def test_overdrawn_on_average_gives_negative_buffer_days():
    overdrawn = stmt(
        "O",
        "-500.00",
        date(2026, 6, 1),
        "-600.00",
        date(2026, 6, 2),
        [(date(2026, 6, 2), "-100.00")],
    )
    result = statement_buffer_days([overdrawn], date(2026, 6, 1), date(2026, 6, 2))
    assert result.value == -11.0  # (-500 - 600) / 100


# --- windows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "window"),
    [
        ("2026-03", (date(2026, 3, 1), date(2026, 3, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-02", (date(2023, 2, 1), date(2023, 2, 28))),
        ("2020-12", (date(2020, 12, 1), date(2020, 12, 31))),
    ],
)
def test_window_is_the_calendar_month(moment, window):
    assert window_for(moment) == window


@pytest.mark.parametrize("moment", ["2026-13", "2026-3", "26-03", "2026/03", "", None, "0000-01"])
def test_bad_moments_are_refused(moment):
    with pytest.raises(CashflowError) as caught:
        window_for(moment)
    assert caught.value.code == "bad_moment"


# --- properties -----------------------------------------------------------------------------

START = date(2026, 1, 1)
entries_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(-(10**9), 10**9)), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(opening=st.integers(-(10**11), 10**11), raw=entries_strategy, span=st.integers(0, 40))
def test_rebuilt_balances_add_up_and_only_move_on_entry_days(opening, raw, span):
    raw = [(min(offset, span), cents) for offset, cents in raw]
    closing = opening + sum(c for _, c in raw)
    statement = Statement(
        "P",
        "EUR",
        D(opening).scaleb(-2),
        START,
        D(closing).scaleb(-2),
        START + timedelta(days=span),
        tuple((START + timedelta(days=o), D(c).scaleb(-2)) for o, c in raw),
    )
    reconcile(statement)
    first, last = START - timedelta(days=3), START + timedelta(days=span + 3)
    balances = daily_balances([statement], first, last)
    net: dict[date, int] = {}
    for offset, cents in raw:
        day = START + timedelta(days=offset)
        net[day] = net.get(day, 0) + cents
    previous = D(opening).scaleb(-2)
    for day, balance in balances.items():
        # each day moves by exactly that day's entries: constant between entry days
        assert balance - previous == D(net.get(day, 0)).scaleb(-2)
        previous = balance
    assert balances[statement.closing_date] == statement.closing_balance
    assert balances[last] == statement.opening_balance + sum(a for _, a in statement.entries)


@settings(max_examples=100, deadline=None)
@given(opening=st.integers(0, 10**9), raw=entries_strategy, cut=st.integers(0, 40))
def test_splitting_a_statement_into_chained_pages_changes_nothing(opening, raw, cut):
    span = 40
    entries = tuple(sorted((START + timedelta(days=o), D(c).scaleb(-2)) for o, c in raw))
    closing = D(opening).scaleb(-2) + sum((a for _, a in entries), D(0))
    whole = Statement(
        "P", "EUR", D(opening).scaleb(-2), START, closing, START + timedelta(days=span), entries
    )
    split_day = START + timedelta(days=cut)
    head = tuple(e for e in entries if e[0] <= split_day)
    tail = tuple(e for e in entries if e[0] > split_day)
    middle = whole.opening_balance + sum((a for _, a in head), D(0))
    pages = [
        Statement("P", "EUR", whole.opening_balance, START, middle, split_day, head),
        Statement("P", "EUR", middle, split_day, closing, whole.closing_date, tail),
    ]
    end = whole.closing_date
    assert daily_balances(pages, START, end) == daily_balances([whole], START, end)
    assert statement_buffer_days(pages, START, end) == statement_buffer_days([whole], START, end)
    assert uncovered_accounts(pages, START, end) == ()


@settings(max_examples=100, deadline=None)
@given(
    opening=st.integers(0, 10**9),
    amounts=st.lists(st.integers(1, 10**6), min_size=1, max_size=12),
    outflows=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_same_day_pages_in_any_file_order_change_nothing(opening, amounts, outflows, order):
    # one day's statement over pages that all carry the statement's dates (ISO 20022 pages),
    # uploaded in any order: the same figures as the whole statement. Amounts of one sign, so
    # no two pages are alike (identical statements count once, by design)
    day = START + timedelta(days=1)
    cents = [-a if outflows else a for a in amounts]
    running = [opening + sum(cents[:i]) for i in range(len(cents) + 1)]
    pages = [
        Statement(
            "P",
            "EUR",
            D(running[i]).scaleb(-2),
            START,
            D(running[i + 1]).scaleb(-2),
            day,
            ((day, D(c).scaleb(-2)),),
        )
        for i, c in enumerate(cents)
    ]
    whole = Statement(
        "P",
        "EUR",
        D(opening).scaleb(-2),
        START,
        D(running[-1]).scaleb(-2),
        day,
        tuple((day, D(c).scaleb(-2)) for c in cents),
    )
    order.shuffle(pages)
    assert daily_balances(pages, START, day) == daily_balances([whole], START, day)
    assert statement_buffer_days(pages, START, day) == statement_buffer_days([whole], START, day)
