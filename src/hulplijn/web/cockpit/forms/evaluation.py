"""The realised budget and reach of one measure in one year (the evaluation page): numbers typed
the Dutch or the English way (``hulplijn.core.numbers``), refused with a sentence when ambiguous."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hulplijn.web import number_fields
from hulplijn.web.cockpit.forms.fields import whole
from hulplijn.web.cockpit.services.evaluation import grouped_choices

FIRST_YEAR, LAST_YEAR = 2020, 2040
MAX_BUDGET = Decimal(10) ** 12  # € 1,000 bn: more is a typing error


class RealisationForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("Measure or scheme"),
        choices=(),
        error_messages={
            "required": _("Choose a measure or scheme."),
            "invalid_choice": _("Choose one of the measures or schemes in the list."),
        },
    )
    year = whole(_("Year"), required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR)
    budget = number_fields.DecimalNumberField(
        label=_("Realised budget (euro)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_BUDGET,
        help_text=_("Whole euros, for example 2.500.000; leave empty when not known."),
        error_messages={
            "invalid": _("Enter the budget as an amount in euros, for example 2.500.000."),
            "min_value": _("Enter %(limit_value)s or more."),
            "max_value": _("Enter %(limit_value)s or less."),
            "max_decimal_places": _("Enter whole euros, without cents."),
            "max_digits": _("Enter %(limit_value)s or less."),
        },
        max_digits=15,
        decimal_places=0,
    )
    reach = number_fields.DecimalNumberField(
        label=_("Firms reached"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10_000_000),
        help_text=_(
            "The number of firms the measure reached that year; leave empty when not known."
        ),
        error_messages={
            "invalid": _("Enter the number of firms, for example 1.200."),
            "min_value": _("Enter %(limit_value)s or more."),
            "max_value": _("Enter %(limit_value)s or less."),
            "max_decimal_places": _("Enter a whole number of firms."),
            "max_digits": _("Enter %(limit_value)s or less."),
        },
        max_digits=9,
        decimal_places=0,
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where the figures come from, for example the executor's annual report."),
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—"), *grouped_choices()]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("budget") is None and cleaned.get("reach") is None:
            raise forms.ValidationError(
                _("Enter a realised budget, a number of firms reached, or both."), code="empty"
            )
        return cleaned
