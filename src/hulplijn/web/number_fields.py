"""Form fields for numbers a person types, in the page's language: the web side of
``hulplijn.core.numbers`` (the rules in docs/reference/numbers.md).

A Dutch page reads ``965.000`` as 965000 and ``0,6`` as 0.6, an English page ``965,000`` and
``0.6``; text that is a number only the other way (``0.6`` or ``1,300,000`` on a Dutch page) is
refused with a sentence saying how to write it, never read as something else. A field shows its
value the way it reads it back: no thousands separator, the page's decimal separator.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext_lazy

from hulplijn.core import numbers


def shown(value: Any) -> Any:
    """A number as a text box shows it in the page's language, so that it reads back as it
    stands (``numbers.editable``: 2700000, 0,125, 1,1250); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return numbers.editable(value, get_language())


def typed(value: Any, invalid: forms.ValidationError) -> Decimal:
    """The number typed in ``value``, read in the page's language; ``invalid`` when it is no
    number, a ValidationError saying how to write it when it is ambiguous."""
    try:
        return numbers.parse_number(str(value), get_language())
    except numbers.NumberError as problem:
        if problem.code == "number_ambiguous":
            raise forms.ValidationError(
                problem.sentence(get_language()), code="ambiguous"
            ) from None
        raise invalid from None


class NumberInput(forms.TextInput):
    """A text box for a number (a comma cannot be typed in ``<input type=number>`` everywhere)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, str] | None = None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return super().format_value(shown(value))


class _TypedNumber(forms.Field):
    """What a number field shares: the text read in the page's language, and the limit in a
    "100 or less" message written the page's way (100, 0,01), not 100.0."""

    def typed_number(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):  # a number already, not typed: as it is written
            return Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        invalid = forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return typed(value, invalid)

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        problem.message,
                        code=problem.code,
                        params={
                            **problem.params,
                            "limit_value": numbers.number(
                                problem.params["limit_value"], get_language(), 10, trim=True
                            ),
                        },
                    )
                    if isinstance(problem.params, dict) and "limit_value" in problem.params
                    else problem
                    for problem in error.error_list
                ]
            ) from None


def _exact(limit: Any) -> Any:
    """A float limit as the number it is written as (0.01, not the float just above it)."""
    return Decimal(repr(limit)) if isinstance(limit, float) else limit


class DecimalNumberField(_TypedNumber, forms.DecimalField):
    """A ``DecimalField`` typed the way of the page's language (amounts, FTE). A float limit is
    taken as written: ``min_value=0.01`` lets 0,01 through (a Decimal 0.01 is below the float
    0.01, 0.01000000000000000020816..., so it was refused with "minstens 0,01")."""

    widget = NumberInput

    def __init__(
        self,
        *,
        min_value: Any = None,
        max_value: Any = None,
        amount: bool = False,
        **kwargs: Any,
    ):
        super().__init__(min_value=_exact(min_value), max_value=_exact(max_value), **kwargs)
        self.amount = amount
        if amount:  # examples the page's way, with the euro marks it reads
            self.error_messages["invalid"] = gettext_lazy(
                "Enter an amount in euros, such as 400000, 400.000 or € 400.000,-."
            )

    def written(self, value: Any) -> str:
        """A value of this field as a page shows it in its language: an amount in euros
        (``€ 400.000``, cents only when there are), any other number with the field's decimals
        at most (``0,6``)."""
        number = Decimal(str(value))
        if self.amount:
            return numbers.euro(number, get_language(), cents=None)
        return numbers.number(number, get_language(), self.decimal_places or 0, trim=True)

    def to_python(self, value: Any) -> Decimal | None:
        return self.typed_number(value)


class FloatNumberField(_TypedNumber, forms.FloatField):
    """A ``FloatField`` typed the way of the page's language (the cockpit's parameters)."""

    widget = NumberInput

    def to_python(self, value: Any) -> float | None:
        number = self.typed_number(value)
        return None if number is None else float(number)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}  # no min/max/step attributes: the text box takes a comma
