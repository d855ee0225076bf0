"""Read the figures of annual accounts filed at KVK as XBRL (SBR), for the wizard to prefill.

Accepts an XBRL instance (.xbrl/.xml), an inline XBRL document (.xhtml/.html, ``ix:nonFraction``
facts) or a zip holding one of those. Both taxonomy generations are read: the Nederlandse
Taxonomie (NT16-NT20, ``jenv-bw2-i`` and ``kvk-i``) and the 2024+ ``bw2-titel9`` / ``kvk``
taxonomies. Facts are matched on their LOCAL element names only, never on prefixes or namespace
versions; docs/reference/xbrl.md lists the names and which of them a source confirms.

Only figures of the current reporting period are used: balance items at the period end date
(instant), profit-and-loss items over the period ending then (duration). Prior-year figures are
read as well, but only reported (``AnnualAccounts.prior_year``), never prefilled. Every refusal is
an ImportRefused with a Dutch and an English message.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any

from hulplijn.core import numbers
from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.xbrl.accounts import AnnualAccounts
from hulplijn.imports.xbrl.reader import Reader

# The CPU budget of one file: reading costs time per element (the tree is built twice and searched
# a dozen times), so a file is refused, never cut short, when it is over either limit. Annual
# accounts of an SME are tens of kilobytes with some hundreds of facts (a full inline XBRL report
# with its layout some thousands of elements); 5 MB and 200,000 elements read in well under a
# second.
MAX_BYTES = 5 * 1024 * 1024
MAX_ELEMENTS = 200_000

INSTANCE_SUFFIXES = (".xbrl", ".xml")
INLINE_SUFFIXES = (".xhtml", ".html", ".htm")
ZIP_SUFFIXES = (".zip", ".xbri")


# --- reading ------------------------------------------------------------------------------------


def read_annual_accounts(data: bytes, filename: str = "") -> AnnualAccounts:
    """The annual-accounts figures in an XBRL instance, inline XBRL document or zip holding one.

    Raises ImportRefused (with a Dutch and English message) for files over ``MAX_BYTES`` (also
    once unzipped) or ``MAX_ELEMENTS``, zip bombs, XML with entities or external references,
    malformed XML, amounts in another currency than euro, and files without annual-accounts
    figures.
    """
    safe_xml.check_size(data, MAX_BYTES)
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(ZIP_SUFFIXES):
        data = _from_zip(data)
        safe_xml.check_size(data, MAX_BYTES)
    if safe_xml.more_elements_than(data, MAX_ELEMENTS):
        raise ImportRefused(
            "too_many_elements",
            f"het bestand bevat meer dan {numbers.count(MAX_ELEMENTS, 'nl')} XML-elementen; de "
            "jaarrekening van een mkb-bedrijf heeft er veel minder. Zo'n bestand lezen we niet",
            f"the file holds more than {numbers.count(MAX_ELEMENTS, 'en')} XML elements; the "
            "annual accounts of an SME have far fewer. We do not read such a file",
        )
    root = safe_xml.parse(data)
    return Reader(root).read()


def _from_zip(data: bytes) -> bytes:
    """The one instance or inline document in a zip: .xbrl first, then .xhtml/.html, then .xml."""
    try:
        names = [
            info.filename.lower()
            for info in zipfile.ZipFile(BytesIO(data)).infolist()
            if not info.is_dir() and not safe_xml.is_system_entry(info.filename)
        ]
    except Exception:  # any unreadable archive: unzip_single below names the problem
        names = []
    suffixes = next(
        (
            group
            for group in ((".xbrl",), INLINE_SUFFIXES, (".xml",))
            if sum(n.endswith(group) for n in names) == 1
        ),
        INSTANCE_SUFFIXES + INLINE_SUFFIXES,
    )
    return safe_xml.unzip_single(data, suffixes)


# --- the wizard ---------------------------------------------------------------------------------


def prefill(accounts: AnnualAccounts) -> dict[str, Any]:
    """The wizard fields the annual accounts can fill; sections without figures are left out.

    ``solvency``: equity and total assets; ``liquidity``: the balance items at the period end
    (``moment`` = yyyy-mm); ``results``: gross margin, wage costs and FTE for the financial year
    (``year``). Prior-year figures are never prefilled.
    """
    out: dict[str, Any] = {}
    solvency = {
        name: getattr(accounts, name).value
        for name in ("equity", "total_assets")
        if getattr(accounts, name) is not None
    }
    if solvency:
        out["solvency"] = solvency
    liquidity = {
        name: getattr(accounts, name).value
        for name in (
            "cash",
            "short_term_receivables",
            "trade_debtors",
            "short_term_debts",
            "trade_creditors",
        )
        if getattr(accounts, name) is not None
    }
    if liquidity and accounts.period_end is not None:
        out["liquidity"] = {"moment": accounts.period_end.strftime("%Y-%m"), **liquidity}
    results = {
        name: getattr(accounts, name).value
        for name in ("gross_margin", "wage_costs", "fte")
        if getattr(accounts, name) is not None
    }
    if results and accounts.period_end is not None:
        out["results"] = {"year": accounts.period_end.year, **results}
    return out
