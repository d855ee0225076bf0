"""Bank statement files (MT940 or CAMT.053) in, cash buffer days per liquidity moment out.

``read_statements`` recognises the format by content, not by file name: banks name MT940
exports ``.sta``, ``.940``, ``.swi``, ``.txt`` or ``.mt940`` and CAMT.053 exports ``.xml`` or
``.053``, and users rename files. A zip is unpacked first, every statement file in it (a bank
delivers one CAMT.053 file per day; ``safe_xml.unzip_all``'s zip-bomb checks; what macOS Finder
adds to a zip is skipped). ``read_file`` gives one ``FileResult`` per statement file, so one
unreadable file among several is named and the others still count. ``buffer_for_round``
computes the JPMorgan Chase Institute cash buffer days for each moment of an assessment round
over that moment's calendar month (``hulplijn.core.cashflow``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hulplijn.core.cashflow import (
    BufferResult,
    Cashbook,
    CashflowError,
    Reason,
    Statement,
    window_for,
)
from hulplijn.core.errors import Problem
from hulplijn.core.period import day, month
from hulplijn.core.text import Text
from hulplijn.imports import camt, mt940
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.safe_xml import check_size, count_members, other_members, unzip_all
from hulplijn.imports.statements import Read

__all__ = [
    "BufferResult",
    "FileResult",
    "Reason",
    "buffer_for_round",
    "read_file",
    "read_files",
    "read_statements",
    "sniff",
]

ZIP_MAGIC = b"PK\x03\x04"
ZIP_SUFFIXES = (".xml", ".053", ".sta", ".940", ".swi", ".mt940", ".txt")
MT940_START = re.compile(rb"(?m)^\s*:20:")
MT940_BALANCE = re.compile(rb"(?m)^:60[FM]?:")
SNIFF_BYTES = 64 * 1024
# Statement files read in one request, zip members included. The buffer needs the months of the
# round's two moments: at most 62 daily files per account. Reading and the buffer take about
# 4 ms per daily file of 20 entries and 18 ms of 100 (bench/statement_files.py: 100 files 0.4 and
# 1.8 s, 400 files of 100 entries 10 s, on the loaded 2-core development machine), so 100 files
# stay within a few seconds and a year of daily files (400 per zip in safe_xml) is refused.
MAX_FILES = 100


def sniff(data: bytes) -> str | None:
    """``"camt"`` for XML, ``"mt940"`` for SWIFT statement text, else None.

    XML is recognised by its first non-blank character (``<``, after an optional byte-order
    mark); whether it is really a CAMT.053 statement is then the CAMT reader's check
    (``not_camt053``). MT940 is recognised by a ``:20:`` tag at the start of a line and an opening
    balance tag (``:60F:`` / ``:60M:``) in the first 64 KiB.
    """
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "camt"
    if MT940_START.search(head) and MT940_BALANCE.search(head):
        return "mt940"
    return None


@dataclass(frozen=True)
class FileResult:
    """What one statement file gave: its euro statements and notes, or why it was refused.

    ``name`` is the uploaded file's name, or ``archive.zip: entry.xml`` for a file in a zip.
    """

    name: str
    statements: tuple[Statement, ...] = ()
    notes: tuple[Problem, ...] = ()
    refused: ImportRefused | None = None


def _read(data: bytes, filename: str) -> Read:
    kind = sniff(data)
    if kind == "camt":
        return camt.read(data)
    if kind == "mt940":
        return mt940.read(data)
    name = f" ({filename})" if filename else ""
    raise ImportRefused(
        "unknown_format",
        f"dit bestand{name} is geen bankafschrift in MT940- of CAMT.053-formaat; exporteer de "
        "afschriften uit uw internetbankieren als MT940 of CAMT.053",
        f"this file{name} is not a bank statement in MT940 or CAMT.053 format; export the "
        "statements from your online banking as MT940 or CAMT.053",
    )


def _result(data: bytes, name: str) -> FileResult:
    try:
        found = _read(data, name)
    except ImportRefused as refused:
        return FileResult(name, refused=refused)
    return FileResult(name, tuple(found.statements), tuple(found.notes))


def read_file(data: bytes, filename: str = "") -> list[FileResult]:
    """One result per statement file in an upload: the file itself, or every statement file in
    a zip (``name: entry``). A refusal of the upload as a whole (too large, a damaged zip, a zip
    bomb) is one refused result under the upload's name."""
    try:
        check_size(data)
        if not data.startswith(ZIP_MAGIC):
            return [_result(data, filename)]
        members = unzip_all(data, ZIP_SUFFIXES)
        others = other_members(data, ZIP_SUFFIXES)
    except ImportRefused as refused:
        return [FileResult(filename, refused=refused)]
    read = [_result(content, f"{filename}: {entry}") for entry, content in members]
    return read + [FileResult(f"{filename}: {entry}", refused=_NOT_READ) for entry in others]


_NOT_READ = ImportRefused(
    "not_a_statement",
    "dit bestand in het zip-bestand is geen bankafschrift (MT940 of CAMT.053) en is niet "
    "gelezen; de afschriften ernaast tellen wel mee",
    "this file in the zip is not a bank statement (MT940 or CAMT.053) and was not read; the "
    "statements beside it do count",
)
"""A file in an uploaded zip that is not a statement (a PDF, a spreadsheet): named, not read."""


def read_files(uploads: Iterable[tuple[bytes, str]]) -> list[FileResult]:
    """``read_file`` for each ``(data, filename)`` of one request, or a single refusal
    (``too_many_files``, without a name) when they hold more than ``MAX_FILES`` statement files
    together: counted from the zips' directories before anything is unpacked or parsed."""
    uploads = list(uploads)
    count = 0
    for data, _name in uploads:
        try:
            count += count_members(data, ZIP_SUFFIXES) if data.startswith(ZIP_MAGIC) else 1
        except ImportRefused:
            count += 1  # a damaged zip: read_file names it
    if count > MAX_FILES:
        refused = ImportRefused(
            "too_many_files",
            f"u heeft {count} afschriftbestanden gekozen (bestanden in een zip meegeteld); we "
            f"lezen er hoogstens {MAX_FILES} tegelijk. Kies alleen de afschriften van de twee "
            "maanden waar de zelfdiagnose naar vraagt",
            f"you chose {count} statement files (files in a zip included); we read at most "
            f"{MAX_FILES} at a time. Choose only the statements of the two months the "
            "self-assessment asks about",
        )
        return [FileResult("", refused=refused)]
    return [result for data, name in uploads for result in read_file(data, name)]


def read_statements(data: bytes, filename: str = "") -> list[Statement]:
    """Every statement in an uploaded MT940 or CAMT.053 file (bytes, or a zip of such files),
    each reconciled.

    Raises ``ImportRefused`` naming the first problem: ``too_large``, ``unknown_format``, the
    zip refusals of ``safe_xml`` and every refusal of ``hulplijn.imports.mt940.read`` and
    ``hulplijn.imports.camt.read``. ``read_file`` gives a result per file instead.
    """
    statements: list[Statement] = []
    for result in read_file(data, filename):
        if result.refused is not None:
            raise result.refused
        statements += result.statements
    return statements


def buffer_for_round(
    statements: Iterable[Statement], moments: Iterable[str]
) -> dict[str, BufferResult]:
    """Cash buffer days for each moment (``yyyy-mm``), over that moment's calendar month.

    The figure for a moment is ``statement_buffer_days`` over ``window_for(moment)``, for all the
    accounts in ``statements`` together. It is not computed, and the result carries the reason
    instead, when the moment is not of the form ``yyyy-mm`` (``bad_moment``), there are no
    statements (``no_statements``), some account's statements do not cover every day of the
    month (``not_covered``: its outflows there are unknown), statements of one account overlap
    (``overlapping_statements``) or no money left the accounts that month (``no_outflows``).
    """
    statements = list(statements)
    book: Cashbook | CashflowError | None = None
    results: dict[str, BufferResult] = {}
    for moment in moments:
        try:
            start, end = window_for(moment)
        except CashflowError as error:
            results[moment] = BufferResult(start=None, end=None, days=0, reason=_reason(error))
            continue
        days = (end - start).days + 1
        if not statements:
            results[moment] = BufferResult(
                start,
                end,
                days,
                reason=Reason(
                    "no_statements",
                    Text(
                        "er zijn geen bankafschriften aangeleverd",
                        "no bank statements were provided",
                    ),
                ),
            )
            continue
        if book is None:
            try:
                book = Cashbook(statements)  # reconciled and indexed once for every moment
            except CashflowError as error:
                book = error
        if isinstance(book, CashflowError):
            results[moment] = BufferResult(start, end, days, reason=_reason(book))
            continue
        missing = book.uncovered_accounts(start, end)
        if missing:
            names = ", ".join(missing)
            results[moment] = BufferResult(
                start,
                end,
                days,
                accounts=book.accounts,
                reason=Reason(
                    "not_covered",
                    Text(
                        "de afschriften dekken {month} niet helemaal (van {start} t/m {end}) "
                        "voor rekening {names}; lever afschriften aan die de hele maand beslaan",
                        "the statements do not cover all of {month} ({start} to {end}) for "
                        "account {names}; provide statements spanning the whole month",
                    ).format(month=month(moment), start=day(start), end=day(end), names=names),
                ),
            )
            continue
        results[moment] = book.statement_buffer_days(start, end)
    return results


def _reason(error: CashflowError) -> Reason:
    return error.problems[0]
