"""What every cockpit page lays out the same way: the page's language, labels of estimates, yes
and no, and numbers in a sentence or a table cell."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core import numbers

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"


def dutch() -> bool:
    """Whether the page is Dutch (the default language): then the reference data's Dutch texts
    show, otherwise the English ones."""
    return (get_language() or "nl").startswith("nl")


def in_language(spec: Any, field: str) -> Any:
    """A bilingual text of the reference data in the page's language, Dutch first: ``field`` is
    Dutch with ``<field>_en`` in English (``label``, ``name``), or ``field`` is English with
    ``<field>_nl`` in Dutch (``unit``). Falls back to ``field`` when the other is missing."""
    get = spec.get if isinstance(spec, Mapping) else lambda key: getattr(spec, key, None)
    other = get(f"{field}_nl") if dutch() else get(f"{field}_en")
    return other or get(field)


def bound_label(bound: str) -> str:
    return {"min": _("min"), "mid": _("mid"), "max": _("max")}[bound]


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def finite(x: Any) -> float | None:
    """A float for a table cell; infinite or undefined (ROI without investment) is None."""
    x = float(x)
    return x if math.isfinite(x) else None


def scaled(x: Any, scale: int = 1) -> float | None:
    """``finite(x)`` times ``scale`` (100 for a fraction shown in percent), or None."""
    value = None if x is None else finite(x)
    return None if value is None else value * scale


def nl(x: float, decimals: int = 2) -> str:
    """A number for a sentence, in the page's language."""
    return numbers.number(x, get_language(), decimals)
