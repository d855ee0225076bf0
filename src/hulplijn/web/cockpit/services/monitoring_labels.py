"""Names in the monitoring tables (periods, groups, segments, measures, flags and the reasons
a cell is hidden) in the active language."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core.disclosure import Rules
from hulplijn.core.segment import SEGMENTS
from hulplijn.core.text import pick
from hulplijn.plan import monitoring as pure
from hulplijn.reference import params
from hulplijn.web.assessments.models import AssessmentRound


class Labels:
    """Names of periods, groups, segments, measures and reasons in the active language."""

    def __init__(self, period: str, by: str, control: Rules, firms: bool = False) -> None:
        self.period, self.by, self.rules = period, by, control
        self.firms = firms
        """Whether the counts are of firms (the evaluation, the monitoring's distinct firms) or,
        as the monitoring's records, of assessments: the reasons say which (#16)."""
        self.language = get_language()
        self.rounds = {r.pk: r for r in AssessmentRound.objects.all()}

    def period_order(self, present) -> list:
        if self.period == "month":
            return sorted(present)
        rounds = sorted(self.rounds.values(), key=lambda r: (r.created_at, r.pk))
        return [r.pk for r in rounds if r.pk in present]

    def period_label(self, p) -> str:
        if self.period == "month":
            return f"{p:%Y-%m}"
        found = self.rounds.get(p)
        return found.name if found else str(p)

    def group_order(self) -> list[str]:
        if self.by == "size_class":
            return [c.code for c in params.size_classes().classes]
        return list(params.catalogue().sections)

    def group_label(self, code: str) -> str:
        if self.by == "size_class":
            for c in params.size_classes().classes:
                if c.code == code:
                    return pick(self.language, c.label, c.label_en)
            return code
        section = params.catalogue().sbi2008.get(code)
        name = pick(self.language, section.name_nl, section.name_en) if section else ""
        return f"{code} {name}".strip()

    def group_title(self) -> str:
        return _("Size class") if self.by == "size_class" else _("SBI section")

    def segment(self, code: str) -> str:
        for s in SEGMENTS:
            if s.code == code:
                return pick(self.language, s.label, s.label_en)
        return _("Not determinable")

    def dimension(self, code: str) -> str:
        return {
            "productivity_growth": _("Productivity growth (A)"),
            "job_growth": _("Job growth (A)"),
            "liquidity": _("Liquidity: cash buffer days, later moment (B)"),
            "solvency": _("Solvency (C)"),
        }[code]

    def band(self, code: str) -> str:
        if code == pure.NOT_GIVEN:
            return _("not given")
        return code.replace("-", "–")

    def impact(self, code: str) -> str:
        for c in params.sector_impact().classes:
            if c.code == code:
                return pick(self.language, c.label, c.label_en)
        return code

    def measure(self, code: str) -> str:
        for m in params.measures()["measures"]:
            if m["id"] == code:
                return f"{code}. {pick(self.language, m['name'], m['name_en'])}"
        return code

    def scheme(self, code: str) -> str:
        for s in params.schemes()["schemes"]:
            if s["id"] == code:
                return pick(self.language, s["name"], s["name_en"])
        return code

    def survey(self, code: str) -> str:
        for s in params.surveys():
            if s.code == code:
                return pick(self.language, s.title, s.title_en)
        return code

    def flag(self, code: str) -> str:
        if code.startswith(pure.DIFFERS + ":"):
            from hulplijn.web.intake.present import labels

            name = code.split(":", 1)[1]
            return _("Differs: %(field)s") % {"field": labels().get(name, name)}
        return {
            pure.CHECKED: _("Compared with the register"),
            pure.DIFFERS: _("At least one figure differs from the register"),
            pure.NO_REGISTER: _("The register holds no figures"),
        }.get(code, code)

    def reason(self, code: str, firms: bool | None = None) -> str:
        counted = self.firms if firms is None else firms
        share = {"k": self.rules.dominance_top, "share": round(self.rules.dominance_share * 100)}
        if counted:
            few = _("fewer than %(n)s firms") % {"n": self.rules.min_n}
            dominated = _("%(k)s firms make up more than %(share)s%% of the total") % share
        else:
            few = _("fewer than %(n)s assessments") % {"n": self.rules.min_n}
            dominated = _("%(k)s assessments make up more than %(share)s%% of the total") % share
        return {
            "min_n": few,
            "dominance": dominated,
            "secondary": _("hidden so that another hidden cell cannot be derived"),
        }[code]

    def hidden(self, pairs, name=None, firms: bool | None = None) -> str:
        """The hidden cells of a row with their reasons, e.g. '20–39: fewer than 10
        assessments'."""
        parts = []
        for cell, reason in pairs:
            label = name(cell) if name else None
            why = self.reason(reason, firms)
            parts.append(f"{label}: {why}" if label else why)
        return "; ".join(parts)
