"""The monitoring page's filter: the period and the breakdown of the growth segments (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MonitorFilter(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("month", _("per month")), ("round", _("per assessment round"))],
        initial="month",
        required=False,
    )
    by = forms.ChoiceField(
        label=_("Growth segments by"),
        choices=[("size_class", _("size class")), ("section", _("SBI section"))],
        initial="size_class",
        required=False,
    )
