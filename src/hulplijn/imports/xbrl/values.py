"""The values of facts: numbers in an instance or as displayed in inline XBRL, and dates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from hulplijn.imports import safe_xml

_XS_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DIGITS = re.compile(r"^\d+(\.\d+)?$")
_MAX_SCALE = 15
_MAX_NUMBER_CHARS = 40

_MONTHS = {
    # Dutch and English month names and abbreviations (ixt date-...-monthname-... formats)
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "maart": 3,
    "march": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "augustus": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_ZERO_FORMATS = {"fixed-zero", "fixedzero", "zerodash", "numdash", "fixed-empty"}
_DOT_DECIMAL_FORMATS = {"num-dot-decimal", "numdotdecimal", "numcommadot", "numspacedot"}
_COMMA_DECIMAL_FORMATS = {"num-comma-decimal", "numcommadecimal", "numdotcomma", "numspacecomma"}


def local_qname(value: str) -> str:
    return value.strip().rpartition(":")[2]


def is_nil(element: etree._Element) -> bool:
    return any(
        safe_xml.local(name) == "nil" and value.strip() in ("true", "1")
        for name, value in element.attrib.items()
    )


def plain_number(text: str) -> Decimal | None:
    """An xs:decimal from an XBRL instance; decimals only states precision, not a scale."""
    if len(text) > _MAX_NUMBER_CHARS or not _XS_DECIMAL.match(text):
        return None
    return Decimal(text)


def inline_number(element: etree._Element, text: str) -> Decimal | None:
    """An ix:nonFraction value: displayed text through its format, times 10^scale, sign."""
    number_format = local_qname(element.get("format") or "").lower()
    if len(text) > _MAX_NUMBER_CHARS:
        return None
    if number_format in _ZERO_FORMATS:
        digits = "0"
    elif number_format in _DOT_DECIMAL_FORMATS:
        digits = re.sub(r"[\s,'\u00a0\u202f]", "", text)
    elif number_format in _COMMA_DECIMAL_FORMATS:
        digits = re.sub(r"[\s.'\u00a0\u202f]", "", text).replace(",", ".")
    elif number_format == "":
        digits = text
    else:
        return None
    if not _DIGITS.match(digits):
        return None
    try:
        scale = int(element.get("scale") or 0)
    except ValueError:
        return None
    if abs(scale) > _MAX_SCALE:
        return None
    try:
        value = Decimal(digits).scaleb(scale)
    except InvalidOperation:
        return None
    return -value if (element.get("sign") or "").strip() == "-" else value


def iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def any_date(text: str, date_format: str) -> date | None:
    """A date fact: ISO, or as displayed in inline XBRL (31-12-2024, 31 december 2024, ...)."""
    text = " ".join(text.split())
    parsed = iso_date(text)
    if parsed is not None and (
        not date_format or "year-month-day" in date_format or re.match(r"^\d{4}-\d{2}-\d{2}", text)
    ):
        return parsed
    match = re.match(r"^(\d{1,2})[-/. ]+([A-Za-z]+|\d{1,2})\.?[-/. ]+(\d{4})$", text)
    if match:
        day, month, year = match.groups()
        month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if month_number:
            try:
                return date(int(year), month_number, int(day))
            except ValueError:
                return None
    return None
