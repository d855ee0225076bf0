"""Public sample statements (tests/fixtures/bank/corpus/, sources and licences in SOURCES there)
read by our importers and by a small independent reader written here, which must agree.

The independent reader does not use the mt-940 library, lxml or anything of ours: MT940 is read
line by line with the SWIFT field layouts (``:60F:``/``:60M:`` opening, ``:61:`` entries,
``:62F:``/``:62M:`` closing, marks C, D, RC, RD); CAMT.053 with the standard library's XML
parser (``OPBD``/``PRCD`` opening, ``CLBD`` closing, booked ``Ntry``). Per statement it gives
the opening and closing balance, the number of entries and their sum. Then, per statement:

- in euros and adding up (opening + sum = closing): we read it, with the same four figures;
- in euros and not adding up (many public samples are anonymised by hand): we refuse it as
  ``unreconciled``, and the figures our refusal quotes are the reader's;
- in euros with its opening balance dated after its closing balance: refused as ``bad_dates``;
- in another currency: we leave it out (``ForeignAccount``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from hulplijn.core.cashflow import Statement
from hulplijn.imports import camt, mt940
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.statements import ForeignAccount

CORPUS = Path(__file__).parents[1] / "fixtures" / "bank" / "corpus"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.name != "SOURCES")


@dataclass
class Seen:
    """One statement as the independent reader sees it."""

    currency: str
    opening: Decimal
    opened: str  # the opening balance's date, yymmdd or yyyy-mm-dd
    closing: Decimal | None = None
    closed: str = ""
    count: int = 0
    total: Decimal = Decimal(0)

    @property
    def adds_up(self) -> bool:
        return self.opening + self.total == self.closing


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


BALANCE = re.compile(r"^:(60|62)[FM]?:([CD])(\d{6})([A-Z]{3})([\d,.]+)")
ENTRY = re.compile(r"^:61:\d{6}(?:\d{4}|\s{4})?(R?[CD])[A-Z]?\s?([\d,.]+)", re.IGNORECASE)


def read_mt940(data: bytes) -> list[Seen]:
    seen: list[Seen] = []
    current: Seen | None = None
    for line in data.decode("latin-1").replace("\x1a", "\n").replace("\r", "").split("\n"):
        balance = BALANCE.match(line)
        if balance:
            tag, mark, day, currency, amount = balance.groups()
            value = _amount(amount) * (-1 if mark == "D" else 1)
            if tag == "60":
                current = Seen(currency, value, day)
            elif current is not None:
                current.closing, current.closed = value, day
                seen.append(current)
                current = None
            continue
        entry = ENTRY.match(line)
        if entry and current is not None:
            mark, amount = entry.groups()
            sign = -1 if mark.upper() in ("D", "RC") else 1
            current.count += 1
            current.total += sign * _amount(amount)
    return seen


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        found = next((c for c in element if _local(c.tag) == name), None)
        if found is None:
            return None
        element = found
    return element


def read_camt(data: bytes) -> list[Seen]:
    seen: list[Seen] = []
    for stmt in ET.fromstring(data).iter():
        if _local(stmt.tag) != "Stmt":
            continue
        balances: dict[str, tuple[str, Decimal, str]] = {}
        for bal in (c for c in stmt if _local(c.tag) == "Bal"):
            code = _find(bal, "Tp", "CdOrPrtry", "Cd")
            amt, mark = _find(bal, "Amt"), _find(bal, "CdtDbtInd")
            if code is None or amt is None or mark is None:
                continue
            sign = -1 if mark.text == "DBIT" else 1
            when = _find(bal, "Dt", "Dt") or _find(bal, "Dt", "DtTm")
            day = (when.text or "")[:10] if when is not None else ""
            balances[code.text or ""] = (amt.get("Ccy", ""), sign * Decimal(amt.text or ""), day)
        currency, opening, opened = balances.get("OPBD") or balances["PRCD"]
        _, closing, closed = balances["CLBD"]
        statement = Seen(currency, opening, opened, closing, closed)
        for ntry in (c for c in stmt if _local(c.tag) == "Ntry"):
            status = _find(ntry, "Sts")
            code = (status.text or "").strip() if status is not None else ""
            if status is not None and not code:
                code = (_find(status, "Cd") or _find(status, "Prtry") or status).text or ""
            if code != "BOOK":
                continue
            amt, mark = _find(ntry, "Amt"), _find(ntry, "CdtDbtInd")
            assert amt is not None and mark is not None
            statement.count += 1
            statement.total += (-1 if mark.text == "DBIT" else 1) * Decimal(amt.text or "")
        seen.append(statement)
    return seen


def _independent(name: str, data: bytes) -> list[Seen]:
    return (
        read_camt(data)
        if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<")
        else read_mt940(data)
    )


def _ours(data: bytes) -> list[Statement | ImportRefused]:
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
        return camt.each(data)
    return mt940.each(data)


QUOTED = re.compile(
    r"opening balance (-?[\d.]+) plus the entries \((-?[\d.]+)\) is -?[\d.]+, but the closing "
    r"balance is (-?[\d.]+)"
)


def _agree(seen: Seen, ours: Statement | ImportRefused) -> str:
    """'' when ours agrees with the independent reading, else what differs."""
    if seen.currency != "EUR":
        return "" if isinstance(ours, ForeignAccount) else f"not left out: {ours!r}"
    if seen.opened > seen.closed:
        return "" if getattr(ours, "code", None) == "bad_dates" else f"not bad_dates: {ours!r}"
    if seen.adds_up:
        if not isinstance(ours, Statement):
            return f"refused: {ours.code} {ours.message('en')}"
        figures = (
            ours.opening_balance,
            ours.closing_balance,
            len(ours.entries),
            sum((a for _, a in ours.entries), Decimal(0)),
        )
        expected = (seen.opening, seen.closing, seen.count, seen.total)
        return "" if figures == expected else f"read {figures}, expected {expected}"
    if isinstance(ours, Statement) or ours.code != "unreconciled":
        return f"not refused as unreconciled: {ours!r}"
    quoted = QUOTED.search(ours.message("en"))
    assert quoted is not None
    figures = tuple(Decimal(q) for q in quoted.groups())
    expected = (seen.opening, seen.total, seen.closing)
    return "" if figures == expected else f"quoted {figures}, expected {expected}"


@pytest.mark.parametrize("name", FILES)
def test_public_sample_agrees_with_an_independent_reading(name):
    data = (CORPUS / name).read_bytes()
    seen = _independent(name, data)
    ours = _ours(data)
    assert seen, "the independent reader found no statement"
    assert len(ours) == len(seen)
    differences = {
        i: d for i, (s, o) in enumerate(zip(seen, ours, strict=True)) if (d := _agree(s, o))
    }
    assert differences == {}


def test_the_corpus_is_a_corpus():
    # every file has its source and licence in SOURCES; what it holds is what
    # docs/decisions/0021-bank-statement-review.md reports (update both when a file is added)
    sources = (CORPUS / "SOURCES").read_text()
    assert all(f"\n{name} |" in sources for name in FILES)
    outcomes: dict[str, int] = {}
    for name in FILES:
        for ours in _ours((CORPUS / name).read_bytes()):
            if isinstance(ours, Statement):
                outcome = "read"
            else:
                outcome = "foreign" if isinstance(ours, ForeignAccount) else ours.code
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert len(FILES) == 32
    assert outcomes == {"read": 121, "unreconciled": 31, "bad_dates": 3, "foreign": 12}
