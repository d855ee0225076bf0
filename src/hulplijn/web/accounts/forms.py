"""Registration and login by e-mail address, the eHerkenning stand-in, deleting an account."""

from digid_eherkenning.choices import AssuranceLevels
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hulplijn.web.accounts.models import User


class RegisterForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You log in with this address. We do not send newsletters."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("There is already an account with this e-mail address. Log in instead."),
                code="exists",
            )
        return email

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same."))
        elif password:
            try:
                password_validation.validate_password(password, User(email=data.get("email")))
            except forms.ValidationError as problem:
                self.add_error("password", problem)
        return data

    def save(self) -> User:
        return User.objects.create_user(self.cleaned_data["email"], self.cleaned_data["password"])


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again."
        ),
        "inactive": _("This account has been switched off."),
    }


class ShareWithAdviserForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your adviser"),
        help_text=_("Your adviser needs an adviser account at the hulplijn."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        adviser = User.objects.filter(email__iexact=email, is_adviser=True, is_active=True).first()
        if adviser is None:
            raise forms.ValidationError(
                _("There is no adviser account with this e-mail address."), code="no_adviser"
            )
        return adviser


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


class DeleteAccountForm(forms.Form):
    """Confirms deleting the account: the password, or (eHerkenning accounts without one)
    the KvK number."""

    confirmation = forms.CharField(strip=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        if user.has_usable_password():
            field.label = _("Your password")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Your KvK number")
            field.help_text = _("Type the KvK number you log in for with eHerkenning.")

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            correct = self.user.check_password(value)
        else:
            identity = getattr(self.user, "eherkenning", None)
            correct = identity is not None and value.strip() == identity.kvk_number
        if not correct:
            raise forms.ValidationError(
                _("This is not right. Nothing has been deleted."), code="confirmation"
            )
        return value
