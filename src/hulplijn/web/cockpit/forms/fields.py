"""Fields every cockpit form uses: numbers typed the Dutch or the English way, whole numbers."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language, gettext_lazy

from hulplijn.core import numbers
from hulplijn.web import number_fields


def parse_number(text: str) -> float:
    """A number typed the way of the page's language (``hulplijn.core.numbers``): in Dutch
    '0,5', '100.000' (= 100000), '2.700.000,5'; in English '0.5', '100,000', '2,700,000.5'.
    Raises ``numbers.NumberError`` (a ValueError), which says how to write an ambiguous number
    such as '0.5' on a Dutch page."""
    return float(numbers.parse_number(text, get_language()))


show_number = number_fields.shown


class NumberField(number_fields.FloatNumberField):
    """A float typed the way of the page's language; an ambiguous one ('0.5' or '1,300,000' on
    a Dutch page) is refused with the way to write it (docs/reference/numbers.md)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a number, such as 1 or 0,5."),
        "required": gettext_lazy("Enter a number."),
        "min_value": gettext_lazy("Enter %(limit_value)s or more."),
        "max_value": gettext_lazy("Enter %(limit_value)s or less."),
    }


def whole(
    label,
    *,
    required: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
    help_text: str = "",
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": gettext_lazy("Enter a whole number."),
            "required": gettext_lazy("Enter a whole number."),
            "min_value": gettext_lazy("Enter %(limit_value)s or more."),
            "max_value": gettext_lazy("Enter %(limit_value)s or less."),
        },
    )
