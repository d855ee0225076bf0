"""Template helpers: NL Design System classes and accessible descriptions on form widgets,
numbers and two-field texts in the page's language."""

from __future__ import annotations

import json

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hulplijn.core import numbers
from hulplijn.core import text as wording

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
    return isinstance(field.field.widget, forms.RadioSelect)


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
