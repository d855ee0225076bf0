"""A readable summary of an Assessment, in plain Dutch (or English)."""

from __future__ import annotations

from hulplijn.core import numbers
from hulplijn.core.assessment import Assessment, MetricBenchmark
from hulplijn.core.derivation import Quantity
from hulplijn.core.eligibility import sentence
from hulplijn.core.period import growth_heading
from hulplijn.core.segment import SEGMENT_BY_CODE
from hulplijn.core.text import pick


def _peer(bench: MetricBenchmark, language: str) -> str:
    """Where a figure stands among its peers, or why it is not compared."""
    if bench.percentile is None or bench.peer_group is None:
        return pick(
            language, bench.reason or "geen vergelijking", bench.reason_en or "no comparison"
        )
    g = bench.peer_group
    label = pick(language, g.label, g.label_en)
    n = numbers.number(g.n, language, 0)
    text = pick(
        language,
        f"percentiel {numbers.number(bench.percentile, 'nl')} (t.o.v. {n} bedrijven: {label}",
        f"percentile {numbers.number(bench.percentile, 'en')} (against {n} firms: {label}",
    )
    if g.fallback:
        text += pick(
            language,
            "; bredere groep omdat de eigen cel te klein is",
            "; broader group because the own cell is too small",
        )
    return text + ")"


def summary(a: Assessment, language: str = "nl") -> str:
    """The assessment as a few paragraphs of plain text."""
    lang = language
    lines: list[str] = []

    def t(nl: str, en: str) -> str:
        return pick(lang, nl, en)

    add = lines.append
    add(t("mkb-hulplijn: uw uitkomst", "mkb-hulplijn: your result"))
    if a.synthetic_reference:
        add(
            t(
                "Let op: de vergelijking gebruikt een SYNTHETISCHE, gekalibreerde populatie (geen "
                "echte bedrijven).",
                "Note: the comparison uses a SYNTHETIC, calibrated population (no real firms).",
            )
        )
    add(
        t(
            f"Referentie {a.reference_vintage}, model {a.model_version}",
            f"Reference {a.reference_vintage}, model {a.model_version}",
        )
    )
    sector_name = t(a.sector.name_nl, a.sector.name_en)
    add(f"{t('Sector', 'Sector')}: SBI {a.sector.code} {sector_name} ({a.sector.section})")
    if a.sector.mapping_note:
        add(f"  {a.sector.mapping_note}")
    size_label = t(a.size_class.label, a.size_class.label_en)
    basis = (
        t("werkzame personen", "working persons")
        if a.size_class.basis == "working_persons"
        else t("werkzame personen, afgeleid uit VTE", "working persons, derived from FTE")
    )
    add(f"{t('Grootte', 'Size')}: {size_label} ({a.size_class.working_persons} {basis})")
    lines += help_first(a, lang)

    (y1, p1), (y2, p2) = sorted(a.productivity.items())
    add("")
    add("A. " + growth_heading((y1, y2))(lang))
    add(
        t("  Productiviteit (bruto marge per VTE): ", "  Productivity (gross margin per FTE): ")
        + f"{numbers.euro(p1, lang, spaced=True)} -> {numbers.euro(p2, lang, spaced=True)}; "
        + _peer(a.benchmark["productivity"], lang)
    )
    if a.productivity_growth is None:
        add("  " + t(a.dimensions["growth"].reason or "", a.dimensions["growth"].reason_en or ""))
    else:
        add(
            t("  Productiviteitsgroei: ", "  Productivity growth: ")
            + f"{numbers.percent(a.productivity_growth, lang, signed=True)}; "
            + _peer(a.benchmark["productivity_growth"], lang)
        )
    add(
        t("  Banengroei (VTE): ", "  Job growth (FTE): ")
        + f"{numbers.percent(a.job_growth, lang, signed=True)}; "
        + _peer(a.benchmark["job_growth"], lang)
    )
    if a.segment:
        seg = SEGMENT_BY_CODE[a.segment]
        add(
            t("  Groeisegment: ", "  Growth segment: ")
            + t(seg.label, seg.label_en)
            + t("; wat bedrijven in dit segment nodig hebben: ", "; what firms here need: ")
            + t("; ".join(seg.needs), "; ".join(seg.needs_en))
        )

    add("")
    add(t("B. Liquiditeit", "B. Liquidity"))
    if not a.liquidity:
        add(t("  Niet ingevuld.", "  Not given."))
    states = {
        "low": t("laag", "low"),
        "average": t("gemiddeld", "average"),
        "high": t("hoog", "high"),
    }
    norms = {
        "healthy": t("gezond", "healthy"),
        "attention": t("aandacht", "attention"),
        "weak": t("zwak", "weak"),
    }
    for m in a.liquidity:
        state = f" ({states[m.state]})" if m.state else ""
        qr = (
            numbers.number(m.quick_ratio, lang, 2)
            if m.quick_ratio is not None
            else t("onbegrensd (geen kortlopende schulden)", "unbounded (no short-term debts)")
        )
        add(
            f"  {m.moment}: cash buffer days {numbers.number(m.cash_buffer_days, lang, 0)}{state}; "
            + _peer(a.benchmark[f"cash_buffer_days@{m.moment}"], lang)
        )
        add(
            f"  {m.moment}: quick ratio {qr} ({norms[m.quick_ratio_norm]}); "
            + _peer(a.benchmark[f"quick_ratio@{m.moment}"], lang)
        )

    add("")
    add(t("C. Solvabiliteit", "C. Solvency"))
    if a.solvency is None:
        add(t("  Niet ingevuld.", "  Not given."))
    else:
        norm = (
            t("gezond (boven 40%)", "healthy (above 40%)")
            if a.solvency.norm == "healthy"
            else t("niet boven de gezonde grens van 40%", "not above the healthy 40% line")
        )
        ratio = numbers.percent(a.solvency.ratio, lang)
        add(f"  {ratio}: {norm}; {_peer(a.benchmark['solvency'], lang)}")
        if a.solvency.negative_equity:
            add(
                t(
                    "  Negatief eigen vermogen: de schulden zijn groter dan de bezittingen.",
                    "  Negative equity: debts exceed assets.",
                )
            )

    impact = a.sector_impact
    add("")
    add(t("D. Impact van COVID-19 op uw sector", "D. COVID-19 impact on your sector"))
    group = t(impact.group_label, impact.group_label_en)
    label = t(impact.label, impact.label_en)
    add(
        f"  {label}: {group}, {numbers.percent(impact.value_added_change, lang, signed=True)} "
        + t(
            "toegevoegde waarde 2019-2020 (Panteia, mei 2020)",
            "value added 2019-2020 (Panteia, May 2020)",
        )
    )
    if impact.confidence == "low":  # #16: a low-confidence reading is not printed as fact
        add(
            t(
                "  Let op: een onzekere lezing. Deze waarde komt uit een tabel die in het rapport "
                "door elkaar is geraakt (zekerheid: laag); gebruik haar als indicatie.",
                "  Note: an uncertain reading. This value comes from a table the report prints "
                "scrambled (confidence: low); treat it as an indication.",
            )
        )
    if impact.basis == "business_economy_average":
        add(
            t(
                "  Uw sectie staat niet in de Panteia-tabel: gemiddelde van de business economy.",
                "  Your section is not in Panteia's table: business-economy average.",
            )
        )

    add("")
    if a.koplopers:
        k = a.koplopers
        if k.member:
            add(
                t(
                    "U hoort bij de koplopers (beste 20% in uw vergelijkingsgroep, vanaf ",
                    "You are one of the leaders (top 20% of your peer group, from ",
                )
                + f"{numbers.euro(k.threshold, lang, spaced=True)} "
                + t("per VTE).", "per FTE).")
            )
        level = (
            t("middelste koploper ", "middle leader ")
            if k.level_statistic == "median"
            else t("gemiddeld ", "on average ")
        )
        add(
            t(
                "Koplopers (beste 20% in uw vergelijkingsgroep): ",
                "Leaders (top 20% of your peer group): ",
            )
            + level
            + f"{numbers.euro(k.level, lang, spaced=True)} "
            + t("per VTE; drempel ", "per FTE; threshold ")
            + f"{numbers.euro(k.threshold, lang, spaced=True)}; "
            + t("uw afstand ", "your gap ")
            + f"{numbers.euro(k.gap_per_fte, lang, spaced=True)} "
            + t("per VTE.", "per FTE.")
        )
    if a.size_of_prize:
        s = a.size_of_prize
        extra = (
            f" ({numbers.percent(s.fraction, lang, signed=True)})" if s.fraction is not None else ""
        )
        if s.cap_percentile is not None and s.current_percentile >= s.cap_percentile:
            add(
                t(
                    "Size of the prize: u bent al zo productief als de middelste koploper; een "
                    "hoger doel dan percentiel ",
                    "Size of the prize: you are already as productive as the middle leader; we "
                    "set no target above percentile ",
                )
                + f"{numbers.number(s.cap_percentile, lang)}"
                + t(" rekenen we niet uit.", ".")
            )
        else:
            add(
                t(
                    "Size of the prize: als u zo productief wordt als het bedrijf op percentiel ",
                    "Size of the prize: as productive as the firm at percentile ",
                )
                + f"{numbers.number(s.target_percentile, lang)}, "
                + t("groeit uw bruto marge met ", "your gross margin grows by ")
                + f"{numbers.euro(s.euros, lang, spaced=True)}{extra} "
                + t("per jaar.", "per year.")
            )
    lines += open_schemes(a, lang)
    lines += explanation(a, lang)
    return "\n".join(lines)


def help_first(a: Assessment, language: str) -> list[str]:
    """The calm first block when the firm's own figures point to help first: what they show and
    where to turn, each route with why it fits."""
    h = a.help_first
    if h is None or not h.offered:
        return []
    lines = ["", pick(language, "Eerst: hulp die bij uw situatie past", "First: help that fits")]
    lines.append(pick(language, h.summary, h.summary_en))
    lines += [f"  - {pick(language, s.text, s.text_en)}" for s in h.signals if s.holds]
    for r in h.routes:
        lines.append(f"  * {pick(language, r.name, r.name_en)} ({r.url})")
        lines.append(f"    {pick(language, r.why, r.why_en)}")
    return lines


def open_schemes(a: Assessment, language: str) -> list[str]:
    """The open schemes the firm qualifies for on the day of the assessment, with the reason."""
    fitting = [v for v in a.schemes if v.invites_application]
    if not fitting:
        return []
    lines = [
        "",
        pick(
            language, "Regelingen die nu open zijn en bij u passen:", "Open schemes that suit you:"
        ),
    ]
    for v in fitting:
        lines.append(f"  * {pick(language, v.name, v.name_en)}: {sentence(v, language)}")
        if v.source_url:
            checked = (
                pick(language, f"gecontroleerd op {v.checked_on}", f"checked on {v.checked_on}")
                if v.checked_on
                else pick(language, "niet door ons gecontroleerd", "not verified by us")
            )
            lines.append(f"    {v.source_url} ({checked})")
    return lines


def _quantity(q: Quantity, language: str) -> str:
    return f"{q.label(language)}: {numbers.quantity(q.value, q.unit, language, spaced=True)}"


def explanation(a: Assessment, language: str = "nl") -> list[str]:
    """How each figure was computed, as the engine recorded it (``a.derivations``): formula,
    inputs and steps, the norms it is judged by, the peers it is compared with and where in the
    report it comes from. Empty for a result without derivations."""
    if not a.derivations:
        return []
    lines = ["", pick(language, "Hoe is dit berekend?", "How is this computed?")]
    for d in a.derivations.values():
        lines.append(f"  {d.label(language)}: {d.formula(language)}")
        values = [*d.inputs, *d.steps, *d.parameters]
        if d.result.value is not None:
            values.append(d.result)
        lines.append("    " + "; ".join(_quantity(q, language) for q in values))
        if d.outcome is not None:
            lines.append(f"    -> {d.outcome(language)}")
        if d.note is not None:
            lines.append(f"    {d.note(language)}")
        c = d.comparison
        if c is not None and c.label is not None and c.n is not None:
            n = numbers.count(c.n, language)
            period = f", {c.period}" if c.period else ""
            lines.append(
                "    "
                + pick(
                    language,
                    f"vergeleken met {n} bedrijven: {c.label('nl')} ({c.key}{period})",
                    f"compared with {n} firms: {c.label('en')} ({c.key}{period})",
                )
            )
        lines.append(f"    {pick(language, 'Bron', 'Source')}: {d.citation(language)}")
    return lines
