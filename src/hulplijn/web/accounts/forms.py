"""Registration and login by e-mail address, the eHerkenning stand-in, deleting an account."""

from digid_eherkenning.choices import AssuranceLevels
from django import forms
from django.utils.translation import gettext_lazy as _

from hulplijn.web.accounts.models import AdviserRequest, User


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


class AdviserRequestForm(forms.ModelForm):
    """Asking to become an adviser: the office's name and KvK number (8 digits, not 00...;
    spaces as on a letterhead are dropped, the model checks the rest)."""

    kvk_number = forms.CharField(
        label=_("KvK number of the office"),
        max_length=20,
        help_text=_("8 digits, as in the Handelsregister of the KvK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = AdviserRequest
        fields = ("office", "kvk_number")
        help_texts = {"office": _("The accountancy or advisory office you work for.")}
        widgets = {"office": forms.TextInput(attrs={"autocomplete": "organization"})}

    def clean_kvk_number(self) -> str:
        return "".join(self.cleaned_data["kvk_number"].split())
