"""Template helpers: NL Design System classes and accessible descriptions on form widgets,
numbers and two-field texts in the page's language."""

from __future__ import annotations

import json
from datetime import date, datetime

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hulplijn.core import numbers, period
from hulplijn.core import text as wording
from hulplijn.core.segment import SEGMENT_BY_CODE
from hulplijn.reference import params

register = template.Library()

CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}


@register.simple_tag
def widget(field: forms.BoundField):
    """The field's widget with its NL Design System class, aria-describedby and aria-invalid."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    css = CLASSES.get(type(field.field.widget), "utrecht-textbox utrecht-textbox--html-input")
    if field.errors and "textbox" in css:
        css += " utrecht-textbox--invalid"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_radio(field: forms.BoundField) -> bool:
    """Radios and multiple checkboxes (CheckboxSelectMultiple is a RadioSelect): a link to
    the field goes to its first input, ``<id>_0``."""
    return isinstance(field.field.widget, forms.RadioSelect)


@register.simple_tag
def forms_with_errors(*candidates) -> list[forms.BaseForm]:
    """The given forms that have errors, in order (a page may summarise two forms' errors in
    one list, as the scenario page does; ``None`` and missing forms are passed over)."""
    return [f for f in candidates if isinstance(f, forms.BaseForm) and f.errors]


@register.simple_tag
def chart_spec(spec: dict, element_id: str):
    """A Vega-Lite spec as inert JSON for static/js/charts.js."""
    text = json.dumps(spec).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html(
        '<script type="application/json" id="{}">{}</script>', element_id, mark_safe(text)
    )


@register.inclusion_tag("_chart.html")
def chart_figure(spec: dict, element_id: str, caption: str):
    """A chart as a figure: the canvas static/js/charts.js draws into, its spec and a caption
    (the data table goes beside it in the page)."""
    return {"spec": spec, "element_id": element_id, "caption": caption}


@register.filter
def percent0(value) -> str:
    """A percentile, whole: 38."""
    return numbers.number(value, get_language(), 0)


@register.filter
def number(value, decimals: int = 0) -> str:
    """A number in the page's language, grouped, with ``decimals`` decimals:
    ``{{ x|number:1 }}`` -> 1.234,5 / 1,234.5 (hulplijn.core.numbers)."""
    return numbers.number(value, get_language(), int(decimals))


@register.simple_tag
def pick(nl, en):
    """The Dutch or the English of a text stored as two fields, for the page's language:
    ``{% pick result.sector.name_nl result.sector.name_en %}`` (hulplijn.core.text.pick)."""
    return wording.pick(get_language(), nl, en)


def _local(value: date | datetime) -> date | datetime:
    """A stored moment in the site's time zone (a date as it is)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def day(value: date | datetime | str | None) -> str:
    """A date in the page's language: ``{{ stored.created_at|day }}`` -> 7 december 2026 /
    7 December 2026 (core.period.day; Django's ``date:"j M Y"`` wrote "7 Dec 2026" on a Dutch
    page); a date kept as text (``2019-12-31``, in a session) too."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    local = _local(value)
    return period.day(local.date() if isinstance(local, datetime) else local)(get_language())


@register.filter
def day_and_time(value: datetime | None) -> str:
    """A moment in the page's language: 7 december 2026 14:05 / 7 December 2026 14:05."""
    if value is None:
        return ""
    local = _local(value)
    assert isinstance(local, datetime)
    return period.day_and_time(local)(get_language())


@register.filter
def moment(value: str | None) -> str:
    """A liquidity moment (``2020-07``) in the page's language: juli 2020 / July 2020."""
    if not value:
        return ""
    return period.month(value)(get_language())


@register.filter
def segment(code: str | None) -> str:
    """A growth segment's code (``grow``) as its name in the page's language (Groeien / Grow);
    an unknown code as it is."""
    if not code:
        return ""
    found = SEGMENT_BY_CODE.get(code)
    return code if found is None else wording.pick(get_language(), found.label, found.label_en)


@register.filter
def size_class(code: str | None) -> str:
    """A size class's code (``klein``) as its name in the page's language (Kleinbedrijf / Small
    firm); an unknown code as it is."""
    for c in params.size_classes().classes:
        if c.code == code:
            return wording.pick(get_language(), c.label, c.label_en)
    return code or ""


@register.filter
def days(value) -> str:
    """Cash buffer days as the dashboard writes them, with at most one decimal: 36,5 / 102."""
    return numbers.quantity(value, "days", get_language())


@register.filter
def peer_group(key: str | None) -> str:
    """A peer group's key (``47/midden``, ``G/klein``, ``G``) in words in the page's language:
    SBI 47, Middenbedrijf / SBI 47, Medium-sized firm; SBI-sectie G / SBI section G."""
    if not key:
        return ""
    language = get_language()
    words = []
    for part in key.split("/"):
        if part.isdigit():
            words.append(f"SBI {part}")
        elif len(part) == 1 and part.isalpha():
            words.append(wording.pick(language, f"SBI-sectie {part}", f"SBI section {part}"))
        else:
            words.append(size_class(part))
    return ", ".join(words)
