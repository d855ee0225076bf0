"""Registration and login by e-mail address, the eHerkenning stand-in, deleting an account."""

from digid_eherkenning.choices import AssuranceLevels
from django import forms
from django.utils.translation import gettext_lazy as _

from hulplijn.web.accounts.models import User


class EherkenningStandInForm(forms.Form):
    """Development only: the KvK number and level of assurance a real broker would assert."""

    kvk_number = forms.RegexField(
        label=_("KvK number"),
        regex=r"^\d{8}$",
        error_messages={"invalid": _("A KvK number has 8 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    level_of_assurance = forms.ChoiceField(
        label=_("Level of assurance"),
        choices=AssuranceLevels.choices,
        initial=AssuranceLevels.substantial,
    )


FRESH_LOGIN_NEEDED = _(
    "To confirm, log in again and delete within 5 minutes after that. Nothing has been deleted."
)


class DeleteAccountForm(forms.Form):
    """Confirms deleting the account: the password; accounts without one (eHerkenning, iDIN)
    confirm within minutes of logging in again (fresh_login.py). A KvK number is public, so
    typing it never confirms anything."""

    def __init__(self, *args, user: User, fresh_login: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fresh_login = fresh_login
        self.needs_login = not user.has_usable_password()
        if self.needs_login:
            self.fields["confirmation"] = forms.BooleanField(
                label=_("Yes, delete my account and all its data for good"),
                error_messages={
                    "required": _("Tick the box to confirm. Nothing has been deleted.")
                },
            )
        else:
            self.fields["confirmation"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"]
        if self.needs_login:
            if not self.fresh_login:
                raise forms.ValidationError(FRESH_LOGIN_NEEDED, code="login_again")
        elif not self.user.check_password(value):
            raise forms.ValidationError(
                _("This is not right. Nothing has been deleted."), code="confirmation"
            )
        return value
