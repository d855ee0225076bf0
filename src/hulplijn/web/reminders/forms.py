from django import forms
from django.utils.translation import gettext_lazy as _


class ReminderSettingsForm(forms.Form):
    """The owner's opt-in: every box empty until they tick it."""

    new_round = forms.BooleanField(
        label=_("E-mail me when a new round opens"),
        help_text=_("Then you can compare your firm again with the newest figures."),
        required=False,
    )
    follow_up = forms.BooleanField(
        label=_("E-mail me a follow-up on measures I said I was going to apply for"),
        help_text=_("About a month after you chose 'I am going to apply', once per measure."),
        required=False,
    )
