"""Parse and cash-buffer time for one large bank statement, MT940 and CAMT.053, median of runs.

Generates in memory one statement per format with 100,000 booked entries spread over 2025 (a
fixed seed, so every run reads the same file), then times ``read_statements`` (sniffing, size
check, parsing, reconciliation) and ``buffer_for_round`` for the twelve months of 2025. The
CAMT entries are minimal (amount, sign, status, booking and value date): real exports carry
entry details and are several times larger per entry.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hulplijn.imports.bank import buffer_for_round, read_statements  # noqa: E402

ENTRIES = 100_000
START, END = date(2024, 12, 31), date(2025, 12, 31)
IBAN = "NL91ABNA0417164300"
MOMENTS = [f"2025-{m:02d}" for m in range(1, 13)]


def _entries(seed: int = 2025) -> tuple[int, list[tuple[date, int]]]:
    rng = random.Random(seed)
    opening = 2_500_000  # cents
    entries = sorted(
        (
            START + timedelta(days=rng.randint(1, 365)),
            rng.choice((-1, -1, 1)) * rng.randint(100, 250_000),
        )
        for _ in range(ENTRIES)
    )
    return opening, entries


def _euros_mt940(cents: int) -> str:
    return f"{abs(cents) // 100},{abs(cents) % 100:02d}"


def mt940_file(opening: int, entries: list[tuple[date, int]]) -> bytes:
    closing = opening + sum(c for _, c in entries)
    lines = [
        ":20:BENCH2025",
        f":25:{IBAN}",
        ":28C:1/1",
        f":60F:{'C' if opening >= 0 else 'D'}{START:%y%m%d}EUR{_euros_mt940(opening)}",
    ]
    for when, cents in entries:
        mark = "C" if cents > 0 else "D"
        lines.append(f":61:{when:%y%m%d}{when:%m%d}{mark}{_euros_mt940(cents)}NTRFNONREF")
        lines.append(":86:Bench entry")
    lines.append(f":62F:{'C' if closing >= 0 else 'D'}{END:%y%m%d}EUR{_euros_mt940(closing)}")
    lines.append("-")
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _bal(code: str, cents: int, day: date) -> str:
    sign = "CRDT" if cents >= 0 else "DBIT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def camt_file(opening: int, entries: list[tuple[date, int]]) -> bytes:
    closing = opening + sum(c for _, c in entries)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        "<BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId>"
        "<CreDtTm>2026-01-01T06:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH2025</Id>"
        f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>",
        _bal("PRCD", opening, START),
        _bal("CLBD", closing, END),
    ]
    for when, cents in entries:
        day = when.isoformat()
        parts.append(
            f'<Ntry><Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt>'
            f"<CdtDbtInd>{'CRDT' if cents > 0 else 'DBIT'}</CdtDbtInd>"
            f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt>"
            f"<ValDt><Dt>{day}</Dt></ValDt></Ntry>\n"
        )
    parts.append("</Stmt></BkToCstmrStmt></Document>\n")
    return "".join(parts).encode("utf-8")


def _time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(runs: int = 5) -> None:
    opening, entries = _entries()
    for name, content in (
        ("MT940", mt940_file(opening, entries)),
        ("CAMT.053", camt_file(opening, entries)),
    ):
        parse_s, statements = _time(lambda c=content, n=name: read_statements(c, n), runs)
        buffer_s, results = _time(lambda s=statements: buffer_for_round(s, MOMENTS), runs)
        values = [r.value for r in results.values() if r.value is not None]
        print(
            f"{name:8} {ENTRIES:,} entries, {len(content) / 2**20:.1f} MiB: "
            f"parse median {parse_s * 1000:.0f} ms, buffer days for 12 months median "
            f"{buffer_s * 1000:.0f} ms, total {(parse_s + buffer_s) * 1000:.0f} ms "
            f"({runs} runs; {len(values)} months computed)"
        )


if __name__ == "__main__":
    main()
