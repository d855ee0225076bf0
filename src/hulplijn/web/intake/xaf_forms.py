"""Forms of the auditfile (XAF) import: the upload, and the owner's mapping of each ledger account
to the figure it counts towards."""

from decimal import Decimal

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.imports.xaf.mapping import CATEGORIES
from hulplijn.web.intake.forms import MultipleFileField, MultipleFileInput


def category_labels() -> dict[str, str]:
    """Category -> what the owner reads in the select, in the active language."""
    return {
        "cash": _("Cash (bank and till)"),
        "trade_debtors": _("Trade debtors (customers' invoices)"),
        "short_term_receivables": _("Other short-term receivables"),
        "other_assets": _("Other assets (fixed assets, stock)"),
        "equity": _("Equity (capital, reserves, private account)"),
        "trade_creditors": _("Trade creditors (suppliers' invoices)"),
        "short_term_debts": _("Other short-term debts (tax, overdraft)"),
        "long_term_debts": _("Long-term debts and provisions"),
        "turnover": _("Turnover (sales)"),
        "cost_of_sales": _("Cost of sales (purchases)"),
        "wage_costs": _("Wage costs (wages, social charges, pensions)"),
        "interest_costs": _("Interest costs (loans, overdraft)"),
        "other_costs": _("Other operating costs (rent, energy, insurance, marketing)"),
        "other_result": _("Other costs and income (depreciation, interest received, tax)"),
    }


class AuditfileForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Auditfile (XAF) of your bookkeeping"),
        help_text=gettext_lazy(
            "Export the XML Auditfile Financieel (.xaf) from your bookkeeping software (Exact, "
            "Twinfield, AFAS, Snelstart, e-Boekhouden, Moneybird and others), one file per "
            "fiscal year; you may choose the files of both reference years. The files are read "
            "once and not kept."
        ),
        widget=MultipleFileInput(),
    )


class MappingForm(forms.Form):
    """One select per ledger account (``account_0``, ``account_1``, ... in the stored order)."""

    def __init__(self, *args, accounts: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        labels = category_labels()
        choices = [(c, labels[c]) for c in CATEGORIES]
        for index, account in enumerate(accounts):
            self.fields[f"account_{index}"] = forms.ChoiceField(
                label=f"{account['id']} {account['description']}".strip(),
                help_text=_explain(account),
                choices=choices,
                initial=account["category"],
            )

    def mapping(self) -> dict[str, str]:
        return {
            account["id"]: self.cleaned_data[f"account_{index}"]
            for index, account in enumerate(self.accounts)
        }


def _explain(account: dict) -> str:
    """The account's balance and why it was placed where it is."""
    balance = Decimal(account["balance"])
    amount = numbers.euro(abs(balance), get_language(), cents=True)
    side = (_("balance %(amount)s debit") if balance >= 0 else _("balance %(amount)s credit")) % {
        "amount": amount
    }
    source = account["source"]
    if source == "rgs":
        why = _("RGS code %(code)s") % {"code": account["basis"]}
    elif source == "description":
        why = _("our guess from the description ('%(word)s'): please check") % {
            "word": account["basis"]
        }
    elif source == "number":
        why = _("our guess from the account number: please check")
    else:
        why = _("our guess from the account type: please check")
    return f"{side[:1].upper()}{side[1:]} · {why}"
