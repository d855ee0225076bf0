"""Read time of many daily CAMT.053 files in one request, as a bank delivers them in a zip.

Not a test: it prints figures. Generates (fixed seed) one CAMT.053 file per day with entries
that carry details as real exports do (bank transaction code, end-to-end id, counterparty,
remittance text), zips them, then times ``bank.read_files`` plus ``buffer_for_round`` for two
moments. The figures justify ``bank.MAX_FILES`` (100 statement files per request): the buffer
needs at most 62 daily files per account, and time grows with the files read.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hulplijn.imports.bank import MAX_FILES, buffer_for_round, read_file  # noqa: E402

IBAN = "NL91ABNA0417164300"
MOMENTS = ["2025-03", "2025-12"]


def _balance(code: str, cents: int, day: date) -> str:
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt>'
        f"<CdtDbtInd>{'CRDT' if cents >= 0 else 'DBIT'}</CdtDbtInd>"
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def _entry(rng: random.Random, cents: int, day: date) -> str:
    return (
        f'<Ntry><Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt>'
        f"<CdtDbtInd>{'CRDT' if cents > 0 else 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>"
        f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
        "<BkTxCd><Prtry><Cd>N102</Cd><Issr>ABNAMRO</Issr></Prtry></BkTxCd>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>E2E{rng.randint(1, 10**9)}</EndToEndId></Refs>"
        "<RltdPties><Cdtr><Nm>Leverancier BV</Nm></Cdtr><CdtrAcct><Id>"
        "<IBAN>NL20INGB0001234567</IBAN></Id></CdtrAcct></RltdPties>"
        f"<RmtInf><Ustrd>Factuur {rng.randint(1, 99_999)}</Ustrd></RmtInf></TxDtls></NtryDtls>"
        "</Ntry>\n"
    )


def daily_zip(files: int, per_day: int, seed: int = 2025) -> tuple[bytes, int]:
    rng = random.Random(seed)
    balance, unpacked, buffer = 2_500_000, 0, io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(files):
            day = date(2025, 1, 1) + timedelta(days=i)
            amounts = [rng.choice((-1, -1, 1)) * rng.randint(100, 250_000) for _ in range(per_day)]
            closing = balance + sum(amounts)
            content = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022'
                f':tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>D{day:%Y%m%d}</MsgId>'
                f"<CreDtTm>{day}T06:00:00</CreDtTm></GrpHdr><Stmt><Id>S{day:%Y%m%d}</Id>"
                f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
                + _balance("PRCD", balance, day - timedelta(days=1))
                + _balance("CLBD", closing, day)
                + "".join(_entry(rng, cents, day) for cents in amounts)
                + "</Stmt></BkToCstmrStmt></Document>\n"
            ).encode()
            archive.writestr(f"camt053_{day:%Y%m%d}.xml", content)
            balance, unpacked = closing, unpacked + len(content)
    return buffer.getvalue(), unpacked


def main(runs: int = 3) -> None:
    for files, per_day in ((MAX_FILES, 20), (MAX_FILES, 100), (400, 20), (400, 100)):
        data, unpacked = daily_zip(files, per_day)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            statements = [s for r in read_file(data, "jaar.zip") for s in r.statements]
            buffer_for_round(statements, MOMENTS)
            times.append(time.perf_counter() - start)
        print(
            f"{files} daily files x {per_day} entries ({unpacked / 2**20:.1f} MiB unpacked): "
            f"read and buffer median {statistics.median(times):.2f} s ({runs} runs)"
        )


if __name__ == "__main__":
    main()
