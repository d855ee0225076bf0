from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example the name of your bookkeeping software."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        required=False,
        error_messages={
            "invalid": _("Valid for (days): enter a whole number of days."),
            "min_value": _("Valid for (days): enter at least 1 day."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.HULPLIJN_API_TOKEN_MAX_DAYS
        field = self.fields["days"]
        field.initial = settings.HULPLIJN_API_TOKEN_DAYS
        field.widget.attrs.update(min=1, max=longest)
        field.help_text = _(
            "After this many days the token stops working (at most %(longest)d). "
            "Empty: %(default)d days."
        ) % {"longest": longest, "default": settings.HULPLIJN_API_TOKEN_DAYS}

    def clean_days(self):
        days = self.cleaned_data.get("days")
        longest = settings.HULPLIJN_API_TOKEN_MAX_DAYS
        if days is not None and days > longest:
            raise forms.ValidationError(
                _("Valid for (days): a token can be valid for at most %(longest)d days.")
                % {"longest": longest}
            )
        return days or settings.HULPLIJN_API_TOKEN_DAYS
