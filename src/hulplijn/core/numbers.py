"""Numbers for people: every figure the project shows, and every number a person types, goes
through this module (the rules in docs/reference/numbers.md).

Formatting, in Dutch (``nl``: 1.234.567,8) or English (``en``: 1,234,567.8), on Babel's locale
data (``nl_NL`` and ``en``):

- ``number``: a plain number with a given number of decimals (``trim=True``: at most that many,
  trailing zeros dropped), grouped in thousands unless ``grouping=False``;
- ``count``: a whole number, grouped (1.250 / 1,250);
- ``euro``: an amount, whole euros or with cents (``€ 1.234`` / ``€1,234``; negative ``-€ 1.234``);
- ``percent``: a fraction as a percentage (0.0625 -> ``6,3%`` / ``6.3%``);
- ``quantity``: a value of an engine derivation by its unit (euro, fte, fraction, days...);
- ``precise``: a model figure with significant digits and at most two decimals (``30,0``, ``1,20``);
- ``percent_significant``: a percentage with significant digits (an ROI: ``480%``, not ``476,2%``);
- ``significant``: a measured figure with sensible significant digits (whole digits are never
  rounded away: 16.637,93 -> ``16.638``, 0,012345 -> ``0,0123``).

Rounding is half up on the decimal value as written (2,675 -> 2,68; 2,5 -> 3), never a "-0".
``None`` and NaN are shown as a dash (``–``), infinities as ``∞`` / ``-∞``.

Parsing: ``parse_number`` reads what a person typed in a form of one language (strict: the
language's own separators only) or in a file that may have been written either way
(``mixed=True``), and refuses ambiguous input with a ``NumberError`` saying how to write it.

Pure computation: no Django, no files beyond Babel's own locale data.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from babel import Locale
from babel.numbers import (
    NumberPattern,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from hulplijn.core.errors import Problem, Refused
from hulplijn.core.text import Language, Text, language_of

Number = int | float | Decimal

DASH = "–"
"""What a missing (None) or undefined (NaN) figure is shown as."""
SHOWN = 40
"""Characters of a refused text repeated in a message."""

_LOCALES: dict[Language, Locale] = {"nl": Locale.parse("nl_NL"), "en": Locale.parse("en")}
_SEPARATORS: dict[Language, tuple[str, str]] = {
    language: (get_group_symbol(locale), get_decimal_symbol(locale))
    for language, locale in _LOCALES.items()
}
"""(thousands, decimal) per language, from Babel's locale data: nl (".", ","), en (",", ".")."""


# --- formatting --------------------------------------------------------------------------------


FLOAT_DIGITS = 15
"""The significant digits a float carries for sure (a double's DBL_DIG): a computed figure is
taken at these, so that the float 36.49999999999999 that 19200 / (192000 / 365) gives is shown
as the 36,5 it is, not rounded down to 36."""


def _decimal(value: Number) -> Decimal:
    """The value as written: a float at its ``FLOAT_DIGITS`` significant digits (0.1, not
    0.1000000000000000055...; 36.5, not 36.49999999999999)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a number, not a bool")
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(format(float(value), f".{FLOAT_DIGITS}g"))


def _rounded(value: Decimal, decimals: int) -> Decimal:
    """Half up to ``decimals`` places (negative: to tens, hundreds, ...); no negative zero."""
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + decimals + 3)
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def rounded(value: Number, decimals: int) -> Decimal:
    """``value`` as this module shows it with ``decimals`` decimals: half up on the value as
    written (for a figure that must be shown on the same side of a limit it is compared with)."""
    return _rounded(_decimal(value), decimals)


@lru_cache(maxsize=64)
def _pattern(decimals: int, grouping: bool, trim: bool) -> NumberPattern:
    whole = "#,##0" if grouping else "0"
    if decimals <= 0:
        return parse_pattern(whole)
    return parse_pattern(whole + "." + ("#" if trim else "0") * decimals)


def _special(value: Number | None) -> str | None:
    """The text for a figure that has no digits: None or NaN, or an infinity."""
    if value is None:
        return DASH
    if isinstance(value, Decimal):
        if value.is_nan():
            return DASH
        if value.is_infinite():
            return "-∞" if value < 0 else "∞"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return DASH if math.isnan(value) else ("-∞" if value < 0 else "∞")
    return None


def _digits(value: Decimal, language: str | None, decimals: int, grouping: bool, trim: bool) -> str:
    """``value`` (already rounded) without its sign, in the language's notation: what Babel's
    pattern (``_pattern``) writes with the language's separators (``_babel_digits``; equal for
    every value, tests/test_numbers.py), without Babel's per-call locale lookups and second
    quantize (about 60 µs a number, a tenth of an assessment's time)."""
    thousands, point = _SEPARATORS[language_of(language)]
    places = max(decimals, 0)
    whole, _, fraction = f"{abs(value):.{places}f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    if grouping and len(whole) > 3:
        whole = f"{int(whole):,}".replace(",", thousands)
    return f"{whole}{point}{fraction}" if fraction else whole


def _babel_digits(
    value: Decimal, language: str | None, decimals: int, grouping: bool, trim: bool
) -> str:
    """``_digits`` as Babel writes it (the reference the fast version is tested against)."""
    with localcontext() as context:  # Babel quantizes again: room for every digit
        context.prec = max(28, value.adjusted() + decimals + 3)
        text: str = _pattern(max(decimals, 0), grouping, trim).apply(
            abs(value), _LOCALES[language_of(language)]
        )
    return text


def number(
    value: Number | None,
    language: str | None,
    decimals: int = 0,
    *,
    grouping: bool = True,
    signed: bool = False,
    trim: bool = False,
) -> str:
    """A plain number: ``number(1234567.85, "nl", 1)`` -> ``1.234.567,9`` (en ``1,234,567.9``).

    ``trim``: at most ``decimals`` decimals, trailing zeros dropped (57,5 not 57,50; 58 not 58,00).
    ``signed``: a ``+`` before a positive result. ``grouping=False``: no thousands separator
    (what a form field shows, so that it reads back as typed)."""
    special = _special(value)
    if special is not None:
        return special
    assert value is not None
    rounded = _rounded(_decimal(value), decimals)
    sign = "-" if rounded < 0 else ("+" if signed and rounded > 0 else "")
    return sign + _digits(rounded, language, decimals, grouping, trim)


def count(value: int | None, language: str | None) -> str:
    """A whole number of things, grouped: 1.250 / 1,250."""
    return number(value, language, 0)


def euro(
    value: Number | None,
    language: str | None,
    *,
    cents: bool | None = False,
    spaced: bool | None = None,
) -> str:
    """An amount in euros: ``€ 965.000`` (nl) / ``€965,000`` (en); negative ``-€ 5.000``.

    ``cents``: False whole euros (rounded), True always two decimals, None two decimals only when
    the amount is not whole (``€ 5.000,50`` but ``€ 5.000``). ``spaced``: a space after the sign
    (the Dutch custom and the default for ``nl``; the web pages write ``€ 16,638`` in English
    too, to match their translated sentences)."""
    special = _special(value)
    if special is not None:
        return special
    assert value is not None
    amount = _decimal(value)
    decimals = 2 if cents or (cents is None and amount != amount.to_integral_value()) else 0
    rounded = _rounded(amount, decimals)
    space = " " if (language_of(language) == "nl" if spaced is None else spaced) else ""
    sign = "-" if rounded < 0 else ""
    return f"{sign}€{space}{_digits(rounded, language, decimals, True, False)}"


def percent(
    fraction: Number | None,
    language: str | None,
    decimals: int = 1,
    *,
    signed: bool = False,
    trim: bool = False,
    grouping: bool = True,
) -> str:
    """A fraction as a percentage: ``percent(0.0625, "nl")`` -> ``6,3%``; signed ``+6,3%``;
    ``grouping=False``: 1400,0% rather than 1.400,0%."""
    special = _special(fraction)
    if special is not None:
        return special  # ∞ where there is no base (a return on no investment)
    assert fraction is not None
    hundredfold = _decimal(fraction) * 100
    return (
        number(hundredfold, language, decimals, grouping=grouping, signed=signed, trim=trim) + "%"
    )


def significant(
    value: Number | None, language: str | None, digits: int = 3, *, whole: bool = True
) -> str:
    """A measured figure with ``digits`` significant digits, whole digits never rounded away and
    trailing zeros dropped: 16637.93 -> ``16.638``, 57.53 -> ``57,5``, 0.012345 -> ``0,0123``.

    ``whole=False``: whole digits are rounded too, for a figure whose precision is coarser than
    its size (an ROI of 10.250 with two digits -> ``10.000``; 476,19 -> ``480``)."""
    special = _special(value)
    if special is not None:
        return special
    assert value is not None
    exact = _decimal(value)
    if exact == 0:
        return "0"
    decimals = digits - 1 - exact.adjusted()
    return number(exact, language, decimals if not whole else max(0, decimals), trim=True)


def precise(value: Number | None, language: str | None, digits: int = 3, most: int = 2) -> str:
    """A model figure with ``digits`` significant digits but at most ``most`` decimals, trailing
    zeros kept (they carry the precision): 30.0407 -> ``30,0``, 1.2 -> ``1,20``, 0.39375 ->
    ``0,39``, 139230.4 -> ``139.230``; zero with ``most`` decimals (``0,00``)."""
    special = _special(value)
    if special is not None:
        return special
    assert value is not None
    exact = _decimal(value)
    decimals = most if exact == 0 else min(most, max(0, digits - 1 - exact.adjusted()))
    return number(exact, language, decimals)


def percent_significant(
    fraction: Number | None, language: str | None, digits: int = 2, *, whole: bool = False
) -> str:
    """A fraction as a percentage with ``digits`` significant digits (``significant``, whole
    digits rounded too unless ``whole``): 4.7619 -> ``480%``, 102.5 -> ``10.000%``, 0.7143 ->
    ``71%``; three digits: 0.7143 -> ``71,4%``."""
    special = _special(fraction)
    if special is not None:
        return special
    assert fraction is not None
    return significant(_decimal(fraction) * 100, language, digits, whole=whole) + "%"


def quantity(
    value: Number | None, unit: str, language: str | None, *, spaced: bool | None = None
) -> str:
    """A value of an engine derivation (``hulplijn.core.derivation``) by its unit: ``euro`` and
    ``euro_per_fte`` in whole euros (``spaced`` as in ``euro``), ``fte`` with two decimals,
    ``fraction`` as a percentage and ``change`` as a signed one (one decimal), ``days`` with at
    most one decimal (``36,5``, ``102``), ``percentile`` and ``percentiles`` whole, ``ratio``
    with two decimals, ``number`` with at most two. Unknown units are refused (ValueError)."""
    if unit in ("euro", "euro_per_fte"):
        return euro(value, language, spaced=spaced)
    if unit in ("fraction", "change"):
        return percent(value, language, 1, signed=unit == "change")
    decimals = {"fte": 2, "ratio": 2, "days": 1, "percentile": 0, "percentiles": 0, "number": 2}
    if unit not in decimals:
        raise ValueError(f"no way to show a value in {unit!r}")
    return number(value, language, decimals[unit], trim=unit in ("number", "days"))


def editable(value: Number, language: str | None) -> str:
    """A number as a text box shows it, so that it reads back as the same number in a form of
    ``language``: no thousands separator, up to ten decimals, no exponent (2700000, 0,125); a
    lone decimal separator before exactly three digits gets a fourth (1,1250: ``1,125`` is
    refused as ambiguous, thousands the other way). A float is taken by its shortest repr, every
    digit it holds, so that the box reads back as the very same float."""
    exact = Decimal(repr(value)) if isinstance(value, float) else value
    text = number(exact, language, 10, grouping=False, trim=True)
    if _LONE.fullmatch(text.removeprefix("-")):
        text += "0"
    return text


# --- parsing -----------------------------------------------------------------------------------


class NumberError(Refused):
    """A text that is not a number this module reads: ``code`` is ``number_form`` (not a number
    at all) or ``number_ambiguous`` (a number that could be read two ways); ``text`` says why and
    how to write it, as the end of a sentence about the field ("moet een getal zijn, ...");
    ``sentence`` is the whole sentence for a form (``sentence(language)``); ``written`` is the
    text refused."""

    def __init__(self, code: str, written: str, text: Text, sentence: Text):
        super().__init__([Problem(code, text)])
        self.written = written
        self.sentence = sentence


def shown(text: str) -> str:
    """A refused text as a message repeats it: quoted, cut after ``SHOWN`` characters."""
    return f"'{text[:SHOWN]}…'" if len(text) > SHOWN else f"'{text}'"


_SIGNS = {"-": -1, "\u2212": -1, "+": 1}
_SPACE = "[ \u00a0\u202f]"
_SPACES = re.compile(_SPACE)
_SPACED = re.compile(rf"([0-9]{{1,3}}(?:{_SPACE}+[0-9]{{3}})+)(.*)")
_BODY = re.compile(r"[0-9.,]*[0-9][0-9.,]*")
_UNIT = r"(?:€|eur(?:o'?s|o)?)"
_UNIT_BEFORE = re.compile(rf"{_UNIT}(?![a-z]){_SPACE}*", re.IGNORECASE)
_UNIT_AFTER = re.compile(rf"(?<=[0-9.,-]){_SPACE}*{_UNIT}", re.IGNORECASE)
_WHOLE_EUROS = re.compile(r"(?<=[0-9])[.,](?:--?|–|—)")
"""``,-`` after an amount: whole euros (``€ 400.000,-``)."""
_LONE = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")
"""A lone separator before exactly three digits, after a first group not starting with 0:
``965,000`` (thousands in English, decimals in Dutch)."""


_GROUPED = {
    lang: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(g)}[0-9]{{3}})+(?:{re.escape(d)}[0-9]+)?")
    for lang, (g, d) in _SEPARATORS.items()
}
"""A number grouped in threes the language's way (``965.000,50`` in Dutch)."""


def _strict(body: str, language: Language) -> Decimal | None:
    """``body`` (digits, points and commas) read by the language's rules, as Babel's strict
    ``parse_decimal`` reads it (thousands only in groups of three), or None when it breaks them.

    Babel reads a text without the group separator as the Decimal of it with the decimal
    separator as a point; a text with it only when writing the number again gives the text
    (trailing zeros of the decimals aside): grouped in threes from a first group not starting
    with 0, decimals only digits (``_GROUPED``). Read here the same way without Babel, whose
    reading was four fifths of reading an adviser's file of up to 270,000 numbers (the two
    agree on every text: tests/test_numbers.py)."""
    group, decimal_separator = _SEPARATORS[language]
    if group in body:
        if not _GROUPED[language].fullmatch(body):
            return None
        body = body.replace(group, "")
    try:
        return Decimal(body.replace(decimal_separator, "."))
    except InvalidOperation:
        return None


def _notations(language: Language, mixed: bool) -> dict[Language, Language]:
    """The notation each message's examples are written in: in a form, the form's (what must be
    typed, whichever language the message is in); in a file, the message's own."""
    return {"nl": "nl", "en": "en"} if mixed else {"nl": language, "en": language}


_LANGUAGE_NAMES = {
    "nl": {"nl": "het Nederlands", "en": "Dutch"},
    "en": {"nl": "het Engels", "en": "English"},
}


def _form_error(text: str, language: Language, mixed: bool) -> NumberError:
    notation = _notations(language, mixed)
    example = Decimal("965000.50")
    nl_example = f"965000 of {number(example, notation['nl'], 2)}"
    en_example = f"965000 or {number(example, notation['en'], 2)}"
    return NumberError(
        "number_form",
        text,
        Text(
            f"moet een getal zijn, zoals {nl_example} (gevonden: {shown(text)})",
            f"must be a number, such as {en_example} (found: {shown(text)})",
        ),
        Text(
            f"{shown(text)} is geen getal; schrijf bijvoorbeeld {nl_example}.",
            f"{shown(text)} is not a number; write for example {en_example}.",
        ),
    )


def _ambiguous(text: str, nl_advice: str, en_advice: str) -> NumberError:
    return NumberError(
        "number_ambiguous",
        text,
        Text(
            f"is niet eenduidig ({shown(text)}): {nl_advice}",
            f"is ambiguous ({shown(text)}): {en_advice}",
        ),
        Text(
            f"{shown(text)} is niet eenduidig: {nl_advice}.",
            f"{shown(text)} is ambiguous: {en_advice}.",
        ),
    )


def _exactly(value: Decimal, language: Language, *, least: int = 0) -> str:
    """``value`` grouped in the language's notation with all its decimals (at least ``least``)."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, language, max(decimals, least))


def _thousands_or_decimals(
    text: str, body: str, language: Language, decimal_separator: str, mixed: bool
) -> NumberError:
    """``965,000`` in Dutch: 965000 the English way, 965 the Dutch way."""
    notations = _notations(language, mixed)
    whole = int(body.replace(decimal_separator, ""))
    fraction = Decimal(body.replace(decimal_separator, ".")).normalize()
    if fraction.as_tuple().exponent == -3:  # 1,125: no shorter way to write it
        fraction = fraction.quantize(Decimal("0.0001"))

    def advice(notation: Language) -> tuple[str, str]:
        # the other notation's thousands with both separators (965,000.00) read one way only
        grouped = number(whole, notation, 0 if notation == language else 2)
        return grouped, _exactly(fraction, notation, least=1)

    nl_grouped, nl_fraction = advice(notations["nl"])
    en_grouped, en_fraction = advice(notations["en"])
    return _ambiguous(
        text,
        f"schrijf {whole} of {nl_grouped} voor duizendtallen en {nl_fraction} voor decimalen",
        f"write {whole} or {en_grouped} for thousands and {en_fraction} for decimals",
    )


def _other_notation(text: str, value: Decimal, language: Language) -> NumberError:
    """``1.23`` in a Dutch form: a number only the English way."""
    names = _LANGUAGE_NAMES[language]
    written = _exactly(value, language)
    if language == "nl":
        nl_rule, en_rule = (
            "staat een komma voor de decimalen en een punt tussen groepen van drie cijfers",
            "a comma marks the decimals and a point separates groups of three digits",
        )
    else:
        nl_rule, en_rule = (
            "staat een punt voor de decimalen en een komma tussen groepen van drie cijfers",
            "a point marks the decimals and a comma separates groups of three digits",
        )
    return _ambiguous(
        text,
        f"in {names['nl']} {nl_rule}; schrijf {written}",
        f"in {names['en']} {en_rule}; write {written}",
    )


def _no_grouping(text: str, language: Language, mixed: bool) -> NumberError:
    example = {"nl": "12,5", "en": "12.5"}
    if mixed:
        nl_example, en_example = "12,5 of 12.5", "12.5 or 12,5"
        nl_mark, en_mark = "komma of punt", "point or comma"
    else:
        nl_example = en_example = example[language]
        nl_mark, en_mark = ("komma", "comma") if language == "nl" else ("punt", "point")
    return _ambiguous(
        text,
        f"schrijf dit getal zonder scheidingsteken voor duizendtallen, met een decimale "
        f"{nl_mark}, zoals {nl_example}",
        f"write this number without thousands separators, with a decimal {en_mark}, such as "
        f"{en_example}",
    )


def _unit_before(text: str) -> tuple[str, int]:
    """``text`` without the euro mark it starts with, and how many it had (0 or 1)."""
    unit = _UNIT_BEFORE.match(text)
    return (text, 0) if unit is None else (text[unit.end() :], 1)


def parse_number(
    text: str, language: str | None, *, grouping: bool = True, mixed: bool = False
) -> Decimal:
    """The number in ``text``, written the way of ``language``; NumberError when it is not one.

    Accepted around the digits: spaces, a sign (``-``, ``−``, ``+``), one euro mark (``€``,
    ``EUR``, ``euro``, ``euros``, any case) before or after the sign (``€ -12.500``,
    ``-€12.500``, ``EUR 400.000``) or after the number (``400.000 euro``), and ``,-`` for whole
    euros (``€400.000,-``); spaces between groups of three digits group thousands
    (``1 300 000``). Refused: exponents, ``nan``/``inf``, percent signs, anything else.

    In a form (``mixed=False``) only the language's own notation is read: in Dutch the comma is
    the decimal separator and a point groups thousands, in groups of exactly three digits
    (``100.000`` = 100000, ``2.700`` = 2700, ``1.234,5``, ``0,125``); text that breaks these
    rules but is a number in the other language (``1.23``, ``0.5``, ``1,300,000`` in Dutch) is
    refused as ambiguous, saying how to write it. English mirrors this.

    In a file (``mixed=True``; ``language`` is the notation to prefer) the other notation is read
    where the language's own rules do not fit (``965000.50`` and ``1,300,000`` in a Dutch file).

    In both, a lone decimal separator before exactly three digits after a first group that does
    not start with 0 (``400,000`` in Dutch, ``400.000`` in English) is refused as ambiguous:
    thousands the other way, decimals this way (``0,125`` is read).

    ``grouping=False`` refuses thousands separators as ambiguous (``12.500`` FTE is far more
    likely 12.5 than 12500)."""
    if text.isascii() and text.isdigit():  # the common case: 965000
        return Decimal(text)
    lang = language_of(language)
    group, decimal_separator = _SEPARATORS[lang]
    body, units = _unit_before(text.strip())
    sign = 1
    if body[:1] in _SIGNS:
        sign, body = _SIGNS[body[0]], body[1:]
        if not units:
            body, units = _unit_before(body)
    after = _UNIT_AFTER.search(body)
    if after is not None and after.end() == len(body):
        body, units = body[: after.start()], units + 1
    if units > 1:
        raise _form_error(text, lang, mixed)
    whole = _WHOLE_EUROS.search(body)
    if whole is not None and whole.end() == len(body):
        body = body[: whole.start()]
    spaced = False
    if _SPACES.search(body):
        match = _SPACED.fullmatch(body)
        if match is None or _SPACES.search(match.group(2)):
            raise _form_error(text, lang, mixed)
        body, spaced = _SPACES.sub("", match.group(1)) + match.group(2), True
    if not (body.isascii() and _BODY.fullmatch(body)):
        raise _form_error(text, lang, mixed)

    value = _strict(body, lang)
    if value is not None:
        used_grouping = spaced or group in body
        if not spaced and decimal_separator in body and _LONE.fullmatch(body):
            raise _thousands_or_decimals(text, body, lang, decimal_separator, mixed)
    else:
        other: Language = "en" if lang == "nl" else "nl"
        value = _strict(body, other)
        if value is None:
            raise _form_error(text, lang, mixed)
        if not mixed:
            raise _other_notation(text, value, lang)
        used_grouping = spaced or _SEPARATORS[other][0] in body
    if used_grouping and not grouping:
        raise _no_grouping(text, lang, mixed)
    return -value if sign < 0 else value
