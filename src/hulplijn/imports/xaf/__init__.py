"""Prefill the wizard from an XML Auditfile Financieel (XAF 3.1, 3.2, 3.2.1 and 4.0), the export
of the books that Dutch bookkeeping packages make for the Belastingdienst.

One module per job: ``reader`` reads the file, ``trial_balance`` adds up the balances per
account, ``mapping`` proposes which figure each account counts towards (by RGS code, else a
marked guess), ``figures`` turns balances and mapping into the wizard's figures. The owner
checks and may change the mapping before anything is filled in (hulplijn.web.intake.xaf_views).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hulplijn.core import numbers
from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.xaf import trial_balance
from hulplijn.imports.xaf.figures import Period
from hulplijn.imports.xaf.reader import Auditfile, read

# An auditfile holds every booking line of a year: some tens of elements per line, so the
# 20 MB of an upload are at most about a million elements, read in a few seconds.
MAX_BYTES = safe_xml.MAX_BYTES
MAX_ELEMENTS = 1_500_000
SUFFIXES = (".xaf", ".xml")

__all__ = ["Auditfile", "Period", "period", "read_auditfile", "require_round"]

DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _as_declared(data: bytes) -> bytes:
    """The file as UTF-8 when it says it is UTF-8 (or says nothing) but is written in
    Windows-1252, as some packages write names with accents (Unit4 Multivers' demo export:
    "L\xf6wenbrau" under encoding="UTF-8"). Only text changes its bytes: every amount, date
    and account number of an auditfile is ASCII, the same in both encodings."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    declared = DECLARED_ENCODING.match(body)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return data  # another encoding declared: the parser reads it as declared
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return body.decode("cp1252").encode("utf-8")
        except UnicodeDecodeError:
            return data  # not Windows-1252 either: refused as malformed XML
    return data


def read_auditfile(data: bytes, filename: str = "") -> Auditfile:
    """The auditfile in ``data`` (XML, or a zip holding one .xaf/.xml), or ImportRefused."""
    safe_xml.check_size(data, MAX_BYTES)
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".zip"):
        data = safe_xml.unzip_single(data, SUFFIXES)
        safe_xml.check_size(data, MAX_BYTES)
    data = _as_declared(data)
    if safe_xml.more_elements_than(data, MAX_ELEMENTS):
        raise ImportRefused(
            "too_many_elements",
            f"het bestand bevat meer dan {numbers.count(MAX_ELEMENTS, 'nl')} XML-elementen; "
            "exporteer één boekjaar per bestand",
            f"the file holds more than {numbers.count(MAX_ELEMENTS, 'en')} XML elements; export "
            "one fiscal year per file",
        )
    return read(safe_xml.parse_large(data, MAX_BYTES))


def require_round(auditfile: Auditfile, years: Iterable[int], moments: Iterable[str]) -> None:
    """Refuse a file with nothing for the round: its fiscal year ends in none of ``years`` and
    it tells the balances at none of ``moments``."""
    years, moments = tuple(years), tuple(moments)
    if auditfile.end.year in years:
        return
    if any(trial_balance.at_moment(auditfile, m) is not None for m in moments):
        return
    asked = " en ".join(str(y) for y in years)
    asked_en = " and ".join(str(y) for y in years)
    raise ImportRefused(
        "no_matching_year",
        f"deze auditfile gaat over boekjaar {auditfile.fiscal_year} ({auditfile.start:%d-%m-%Y} "
        f"tot en met {auditfile.end:%d-%m-%Y}); de zelfdiagnose vraagt naar {asked} en naar "
        f"de maanden {', '.join(moments)}. Exporteer de auditfile van een van die jaren",
        f"this auditfile covers fiscal year {auditfile.fiscal_year} ({auditfile.start:%Y-%m-%d} "
        f"to {auditfile.end:%Y-%m-%d}); the self-assessment asks about {asked_en} and the months "
        f"{', '.join(moments)}. Export the auditfile of one of those years",
    )


def period(auditfile: Auditfile, moments: Iterable[str]) -> Period:
    """The file's balances at its close and at each of ``moments`` it can tell."""
    at_moments = {m: trial_balance.at_moment(auditfile, m) for m in moments}
    return Period(
        label=auditfile.fiscal_year,
        start=auditfile.start,
        end=auditfile.end,
        closing=trial_balance.closing(auditfile),
        moments={m: b for m, b in at_moments.items() if b is not None},
    )
