"""One form per wizard step; every field says in plain Dutch what it means and where to find it."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hulplijn.core import InvalidInput
from hulplijn.core.period import month
from hulplijn.core.sector_search import SectorHit
from hulplijn.reference import params
from hulplijn.web.assessments.models import AssessmentRound, Feedback
from hulplijn.web.number_fields import DecimalNumberField
from hulplijn.web.reference_store import reference

MAX_AMOUNT = 1_000_000_000_000


def money(label, help_text, *, minimum: int | None = 0) -> forms.DecimalField:
    """An amount in euros, typed the way of the page's language: 965.000 or 965000,50 on a Dutch
    page, 965,000 or 965000.50 on an English one (hulplijn.web.number_fields)."""
    return DecimalNumberField(
        label=label,
        help_text=help_text,
        max_digits=15,
        decimal_places=2,
        min_value=minimum,
        max_value=MAX_AMOUNT,
        required=False,
        amount=True,
    )


class StepForm(forms.Form):
    """A wizard step; fields are optional at the form level so a step can be skipped or saved
    half-done, and ``required`` lists what 'next' needs."""

    required: tuple[str, ...] = ()
    skip_field: str | None = None

    def __init__(self, *args, round: AssessmentRound, **kwargs):
        self.round = round
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        skipping = self.skip_field and data.get(self.skip_field)
        if not skipping:
            for name in self.required:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(
                        name, forms.ValidationError(_("Please fill this in."), code="required")
                    )
        return data


def round_label(round: AssessmentRound) -> str:
    """A round as the owner chooses it: its name, years and liquidity moments."""
    if round.moments:
        return _("%(name)s: years %(first)s and %(last)s, liquidity in %(moments)s") % {
            "name": round.name,
            "first": round.year_1,
            "last": round.year_2,
            "moments": _(" and ").join(month(m)(get_language()) for m in round.moments),
        }
    return _("%(name)s: years %(first)s and %(last)s") % {
        "name": round.name,
        "first": round.year_1,
        "last": round.year_2,
    }


def sector_choices(hits: tuple[SectorHit, ...] = (), keep: str = "") -> list:
    """SBI 2008 divisions, the peer groups: the search's hits best first when there are any
    (the division in ``keep``, already chosen, always stays), else all, grouped by section."""
    catalogue = reference().catalogue
    if hits:
        found = [h.division for h in hits]
        if keep in catalogue.divisions and keep not in found:
            found.append(keep)
        members = [(code, f"{code} {catalogue.sbi2008[code].name_nl}") for code in found]
        return [("", _("Choose your sector")), (_("Matches for your search"), members)]
    groups = []
    for section in catalogue.sections:
        members = [
            (code, f"{code} {catalogue.sbi2008[code].name_nl}")
            for code in catalogue.divisions
            if catalogue.sbi2008[code].section == section
        ]
        groups.append((f"{section} {catalogue.sbi2008[section].name_nl}", members))
    return [("", _("Choose your sector")), *groups]


def search_results(hits: tuple[SectorHit, ...], language: str) -> list[dict]:
    """What the search found, for the page: each peer group with the codes and titles that led
    there."""
    catalogue = reference().catalogue
    return [
        {
            "division": hit.division,
            "name": catalogue.sbi2008[hit.division].name_nl,
            # the everyday word behind a match in brackets: a typo shows what it was read as
            "matches": [
                f"SBI {m.entry.version} {m.entry.dotted} {m.entry.name(language)}"
                + (f" ({m.word})" if m.word else "")
                for m in hit.matches
            ],
        }
        for hit in hits
    ]


KVK_NUMBER = re.compile(r"^(?!00)\d{8}$")
"""A KvK number: 8 digits, not starting with 00 (as hulplijn.imports.kvk checks it)."""


class SectorForm(StepForm):
    sbi = forms.ChoiceField(
        label=_("Sector (SBI code)"),
        help_text=_(
            "The activity your firm is registered for at the KVK (Chamber of Commerce). You find "
            "the SBI code on your KVK extract, under 'SBI-code'. The first two digits count."
        ),
        required=False,
    )
    sbi2025 = forms.CharField(
        label=_("Or: your SBI 2025 code"),
        help_text=_(
            "Since 2025 the KVK also uses the new SBI 2025 list. If you only have such a code, "
            "type it here and leave the list above empty; we translate it."
        ),
        required=False,
        max_length=8,
    )
    kvk_number = forms.RegexField(
        label=_("KvK number (optional)"),
        help_text=_(
            "The 8 digits on your KVK extract. With it we check your figures against the "
            "register; differences never stop you."
        ),
        regex=KVK_NUMBER,
        required=False,
        max_length=8,
        error_messages={"invalid": _("A KvK number has 8 digits and does not start with 00.")},
    )
    working_persons = forms.IntegerField(
        label=_("Working persons"),
        help_text=_(
            "Everyone who works in your firm, including yourself and part-timers, counted as "
            "people (not FTE). The hulplijn is for firms with fewer than 250."
        ),
        min_value=1,
        required=False,
    )
    required = ("working_persons",)

    def __init__(self, *args, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.query = query.strip()
        language = (get_language() or "nl")[:2]
        found = params.sector_search().search(self.query, language) if self.query else ()
        known = set(reference().catalogue.divisions)
        hits = tuple(h for h in found if h.division in known)
        self.search_results = search_results(hits, language)
        chosen = str(self.data.get("sbi") or self.initial.get("sbi") or "")
        self.fields["sbi"].choices = sector_choices(hits, keep=chosen)
        if len(hits) == 1 and not self.is_bound and not chosen and not self.initial.get("sbi2025"):
            self.initial["sbi"] = hits[0].division  # one peer group found: chosen, to confirm
        rounds = list(AssessmentRound.objects.filter(is_open=True).order_by("-created_at", "-id"))
        if len(rounds) > 1:  # more than one open round: the owner chooses the period
            self.fields["round"] = forms.TypedChoiceField(
                label=_("Period"),
                help_text=_(
                    "The years and moments your figures are about. You are compared with firms "
                    "of the same period."
                ),
                choices=[(r.pk, round_label(r)) for r in rounds],
                coerce=int,
                empty_value=None,
                initial=self.round.pk,
                required=False,  # not sent: the draft's round (the newest open one) stays
            )
            self.fields = {"round": self.fields.pop("round"), **self.fields}

    def clean_working_persons(self):
        value = self.cleaned_data.get("working_persons")
        if value is not None and value >= 250:
            raise forms.ValidationError(
                _(
                    "With 250 or more working persons a firm is not an SME; the hulplijn is for "
                    "firms with fewer than 250."
                ),
                code="not_sme",
            )
        return value

    def clean(self):
        data = super().clean()
        sbi, sbi2025 = data.get("sbi"), (data.get("sbi2025") or "").replace(".", "").strip()
        if not sbi and not sbi2025:
            self.add_error("sbi", _("Choose your sector, or type an SBI 2025 code below."))
        elif sbi and sbi2025:
            self.add_error("sbi2025", _("Fill in one of the two: the list or the SBI 2025 code."))
        elif sbi2025:
            try:
                division, _mapping = reference().catalogue.division(sbi2025, "2025")
            except InvalidInput as invalid:
                self.add_error("sbi2025", invalid.problems[0].text(get_language()))
            else:
                data["mapped_sbi"] = division.code
        return data


class ResultsForm(StepForm):
    """Pre-crisis results for the round's two reference years."""

    required = (
        "gross_margin_1",
        "wage_costs_1",
        "fte_1",
        "gross_margin_2",
        "wage_costs_2",
        "fte_2",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, year in ((1, self.round.year_1), (2, self.round.year_2)):
            self.fields[f"gross_margin_{i}"] = money(
                _("Gross margin %(year)s (euro)") % {"year": year},
                _(
                    "Turnover minus the cost of goods and services you bought in to sell "
                    "(inkoopwaarde). In the profit and loss account: 'brutomarge' or 'bruto "
                    "bedrijfsresultaat'. May be negative."
                ),
                minimum=-MAX_AMOUNT,
            )
            self.fields[f"wage_costs_{i}"] = money(
                _("Wage costs %(year)s (euro)") % {"year": year},
                _(
                    "All salaries including social charges and pension contributions. In the "
                    "profit and loss account: 'lonen en salarissen' plus 'sociale lasten'."
                ),
            )
            self.fields[f"fte_{i}"] = DecimalNumberField(
                label=_("FTE %(year)s") % {"year": year},
                help_text=_(
                    "Full-time equivalents: a full-time job is 1, a 3-day week 0.6. "
                    "Use the average over the year (annual report, notes on staff)."
                ),
                max_digits=9,
                decimal_places=2,
                min_value=0.01,
                max_value=100_000,
                required=False,
            )


LIQUIDITY_FIELDS = (
    (
        "cash",
        _("Cash"),
        _("Money in the bank and in the till ('liquide middelen' on the balance sheet)."),
    ),
    (
        "short_term_receivables",
        _("Short-term receivables"),
        _(
            "Money others owe you within a year, other than customers' invoices ('overige "
            "vorderingen')."
        ),
    ),
    (
        "trade_debtors",
        _("Trade debtors"),
        _("Invoices your customers still have to pay ('debiteuren' or 'handelsdebiteuren')."),
    ),
    (
        "short_term_debts",
        _("Short-term debts"),
        _(
            "Debts you must pay within a year, other than suppliers' invoices: overdraft, tax, "
            "repayments due ('kortlopende schulden')."
        ),
    ),
    (
        "trade_creditors",
        _("Trade creditors"),
        _("Invoices from suppliers you still have to pay ('crediteuren')."),
    ),
    (
        "interest_costs",
        _("Interest costs per year"),
        _("Interest you pay on loans, per year ('rentelasten')."),
    ),
    (
        "wage_costs",
        _("Wage costs per year"),
        _("All wages and social charges, per year, at that moment."),
    ),
    (
        "other_costs",
        _("Other costs per year"),
        _(
            "Rent, energy, insurance, marketing and other operating costs, per year, without wages, "
            "interest and the goods you buy to sell."
        ),
    ),
)


class LiquidityForm(StepForm):
    """Balance-sheet items at the round's moments (none, one or two)."""

    skip_field = "skip"
    skip = forms.BooleanField(
        label=_("I do not have these figures at hand (skip; liquidity is then left out)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = []
        for i, moment in enumerate(self.round.moments, start=1):
            for name, label, help_text in LIQUIDITY_FIELDS:
                self.fields[f"{name}_{i}"] = money(
                    f"{label} ({month(moment)(get_language())})", help_text
                )
                names.append(f"{name}_{i}")
        self.required = tuple(names)


class SolvencyForm(StepForm):
    skip_field = "skip"
    skip = forms.BooleanField(
        label=_("I do not have these figures at hand (skip; solvency is then left out)"),
        required=False,
    )
    equity = money(
        _("Equity (euro)"),
        _(
            "What the firm owns minus what it owes ('eigen vermogen' on the balance sheet). "
            "Negative when debts exceed assets."
        ),
        minimum=-MAX_AMOUNT,
    )
    total_assets = money(
        _("Total assets (euro)"),
        _("The total of the balance sheet ('balanstotaal'): everything the firm owns."),
    )
    required = ("equity", "total_assets")


class PlansForm(StepForm):
    """What the current schemes' rules need beyond the figures: what the owner plans (each a
    tick box; nothing ticked is an answer too: no such plans) and the legal form (optional)."""

    plan_invest = forms.BooleanField(label=_("Invest in business assets"), required=False)
    plan_green = forms.BooleanField(
        label=_("Invest in energy saving or the environment"), required=False
    )
    plan_research = forms.BooleanField(
        label=_("Do research and development (R&D) of our own"), required=False
    )
    plan_innovate = forms.BooleanField(
        label=_("Develop a new product, process or service"), required=False
    )
    plan_borrow = forms.BooleanField(label=_("Borrow money for the firm"), required=False)
    plan_train = forms.BooleanField(label=_("Have our staff learn and develop"), required=False)
    legal_form = forms.ChoiceField(
        label=_("Legal form of your firm (optional)"),
        help_text=_(
            "As registered at the KVK. Some help, such as the Bbz for the self-employed, depends "
            "on it. Filled in from the KVK register when you gave your KvK number."
        ),
        choices=[
            ("", _("Not given")),
            ("eenmanszaak", _("Sole proprietorship (eenmanszaak)")),
            ("vof", _("General partnership (vof)")),
            ("bv", _("Private limited company (bv)")),
            ("other", _("Another legal form")),
            ("unknown", _("I don't know")),
        ],
        required=False,
    )


class ConsentForm(StepForm):
    consent_statistics = forms.BooleanField(
        label=_(
            "Yes, my figures may be used anonymously for statistics and to improve the "
            "comparison groups."
        ),
        help_text=_(
            "Optional. Without your consent your figures are used only for your own dashboard. "
            "With it, they are counted, without your name or firm, in statistics for policy "
            "makers (never in groups of fewer than 10 firms) and may later join the comparison "
            "groups. You can change your mind by deleting the assessment."
        ),
        required=False,
    )


class GuessForm(StepForm):
    guess_percentile = forms.IntegerField(
        label=_("Your guess: how productive is your firm compared with firms like yours?"),
        help_text=_(
            "Optional. A number from 0 to 100: 50 means half of similar firms do better, 90 "
            "means you are in the best 10%. The dashboard shows your guess beside the outcome."
        ),
        min_value=0,
        max_value=100,
        required=False,
    )


class WhatIfForm(forms.Form):
    fte = DecimalNumberField(
        label=_("FTE"),
        max_digits=9,
        decimal_places=2,
        min_value=0.01,
        max_value=100_000,
    )
    gross_margin = DecimalNumberField(
        label=_("Gross margin (euro)"),
        max_digits=15,
        decimal_places=2,
        min_value=-MAX_AMOUNT,
        max_value=MAX_AMOUNT,
        amount=True,
    )


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was this for you?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
        help_text=_("5 is very useful, 1 is not useful."),
    )

    class Meta:
        model = Feedback
        fields = ("rating", "comment")
        labels = {"comment": _("What can we do better? (optional)")}
        help_texts = {
            "comment": _(
                "Your comment may appear on the home page after review, without your name."
            )
        }


class ShareWithAdviserForm(forms.Form):
    """Share an assessment with an adviser: the e-mail address of an active adviser account,
    and the name the adviser sees it by."""

    email = forms.EmailField(
        label=_("E-mail address of your adviser"),
        help_text=_("Your adviser needs an adviser account at the hulplijn."),
    )
    label = forms.CharField(
        label=_("Name your adviser sees"),
        max_length=120,
        help_text=_("For example your firm's name, so your adviser knows whose assessment it is."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def clean_email(self) -> AbstractBaseUser:
        email = self.cleaned_data["email"].lower()
        adviser = (
            get_user_model()
            .objects.filter(email__iexact=email, is_adviser=True, is_active=True)
            .first()
        )
        if adviser is None:
            raise forms.ValidationError(
                _("There is no adviser account with this e-mail address."), code="no_adviser"
            )
        return adviser


class AdviserNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your notes"),
        help_text=_("Only you see these notes; the owner and other advisers do not."),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
