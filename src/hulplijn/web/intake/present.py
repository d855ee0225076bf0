"""Names of the wizard's figures for the intake pages and the register flags (existing msgids)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.core.period import month
from hulplijn.core.text import pick
from hulplijn.web.assessments.forms import LIQUIDITY_FIELDS


def labels() -> dict[str, str]:
    """Field name -> its label as the wizard shows it, in the active language."""
    names = {name: str(label) for name, label, _help in LIQUIDITY_FIELDS}
    names.update(
        {
            "gross_margin": _("Gross margin (euro)"),
            "fte": _("FTE"),
            "equity": _("Equity (euro)"),
            "total_assets": _("Total assets (euro)"),
            "working_persons": _("Working persons"),
            "sbi": _("Sector (SBI code)"),
        }
    )
    return names


def flags(checks: list[dict], language: str | None) -> tuple[list[dict], int]:
    """The register checks worth a line (verified or differing), labelled; and how many figures
    the register does not hold (one count, not a line each)."""
    names = labels()
    rows, absent = [], 0
    for check in checks:
        if check["status"] == "not_in_register" and check["field"] != "register":
            absent += 1
            continue
        moment = check.get("moment")
        when = (
            str(check["year"]) if check.get("year") else (month(moment)(language) if moment else "")
        )
        rows.append(
            {
                "status": check["status"],
                "label": names.get(check["field"], "") if check["field"] != "register" else "",
                "when": when,
                "message": pick(language, check["message_nl"], check["message_en"]),
            }
        )
    return rows, absent


def found(prefill: dict) -> list[tuple[str, str]]:
    """The figures found in annual accounts as (label, value) for the confirmation page, as the
    review shows them: amounts in euros (€ 45.300), FTE as a number (12,5)."""
    names, language = labels(), get_language()

    def written(name: str, value: str) -> str:
        number = numbers.parse_number(value, language)
        if name == "fte":
            return numbers.number(number, language, 2, trim=True)
        return numbers.euro(number, language, cents=None)

    return [
        (names.get(name, name), written(name, value))
        for section in prefill.values()
        for name, value in section.items()
        if name not in ("moment", "year")
    ]


def credit(scores: list[dict], language: str | None) -> list[dict]:
    """The credit bureaus' scores kept with an assessment, as its owner's dashboard and PDF
    show them: each with its source, model, scale, direction and date (the numbers written
    through core.numbers). For the firm itself only: never shown to an adviser or a share
    link, never in the statistics (decisions/0037)."""
    rows = []
    for score in scores:
        low = numbers.number(score["low"], language, 2, trim=True)
        high = numbers.number(score["high"], language, 2, trim=True)
        chance = score.get("probability_of_default")
        rows.append(
            {
                "source": score["source"],
                "model": score["model"],
                "value": numbers.number(score["value"], language, 2, trim=True),
                "scale": _("on a scale of %(low)s to %(high)s") % {"low": low, "high": high},
                "direction": _("a higher score means a lower risk")
                if score["higher_is_safer"]
                else _("a lower score means a lower risk"),
                "risk_class": score.get("risk_class"),
                "probability": numbers.percent(chance, language, 1) if chance is not None else None,
                "as_of": score.get("as_of"),
                "dated_by_retrieval": bool(score.get("dated_by_retrieval")),
                "retrieved": score.get("retrieved"),
            }
        )
    return rows
