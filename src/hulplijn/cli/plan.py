"""``hulplijn plan ...``: the policy model from the command line."""

from __future__ import annotations

import typer

from hulplijn.core import numbers
from hulplijn.plan.citations import cite

plan_app = typer.Typer(
    help="Het beleidsmodel: prioritering van maatregelen en het plan-effect.", no_args_is_help=True
)

# commands are added below, one function per command


# --- hulplijn plan prioritise -------------------------------------------------------------------

_WEIGHT_NAMES = {
    "value_added": "value_added",
    "toegevoegde_waarde": "value_added",
    "limited_costs": "limited_costs",
    "kosten": "limited_costs",
    "beperkte_kosten": "limited_costs",
    "timely_impact": "timely_impact",
    "tijdige_impact": "timely_impact",
    "executability": "executability",
    "uitvoerbaarheid": "executability",
    "public_support": "public_support",
    "draagvlak": "public_support",
    "speed_of_introduction": "speed_of_introduction",
    "snelle_invoering": "speed_of_introduction",
}
_CRITERION_LABELS = {
    "value_added": "toegevoegde waarde",
    "limited_costs": "beperkte kosten",
    "timely_impact": "tijdige impact",
    "executability": "uitvoerbaarheid",
    "public_support": "draagvlak",
    "speed_of_introduction": "snelle invoering",
}


def _plan_fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _parse_weights(pairs: list[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        code = _WEIGHT_NAMES.get(name.strip().lower().replace("-", "_"))
        if not sep or code is None:
            _plan_fail(
                f"--weight {pair}: verwacht NAAM=WAARDE met NAAM een van "
                + ", ".join(sorted(_WEIGHT_NAMES))
            )
        try:
            number = float(numbers.parse_number(value, "nl", mixed=True))
        except numbers.NumberError as problem:
            ambiguous = problem.code == "number_ambiguous"
            _plan_fail(
                f"--weight {pair}: "
                + (problem.sentence("nl") if ambiguous else f"{value!r} is geen getal")
            )
        weights[code] = number
    return weights


@plan_app.command("prioritise")
def prioritise_command(weight: list[str] | None = None, format: str = "table") -> None:
    """Rangschik de 20 maatregelen op netto-impact en haalbaarheid, met matrixcel en plan.

    --weight NAAM=WAARDE (herhaalbaar) geeft een criterium een ander gewicht (standaard 1, de
    ongewogen gemiddelden van het rapport); namen: toegevoegde_waarde, kosten, tijdige_impact,
    uitvoerbaarheid, draagvlak, snelle_invoering (of de Engelse codes). Met gewichten toont de
    uitvoer ook hoeveel plaatsen elke maatregel stijgt of daalt en wat de top 10 in- en uitgaat.
    --format table (standaard) of json."""
    import json

    from hulplijn.plan.prioritisation import BAND_LABELS, Criteria, Rules, sensitivity
    from hulplijn.reference.params import measures, prioritisation

    if format not in ("table", "json"):
        _plan_fail(f"--format {format}: kies table of json")
    changes = _parse_weights(weight or [])
    try:
        weights = Criteria().with_weights(changes)
    except ValueError as problem:
        _plan_fail(f"--weight: ongeldige gewichten ({problem})")
    rules = Rules.from_mapping(prioritisation())
    result = sensitivity(measures()["measures"], Criteria(), weights, rules)
    shift = {c.id: c.shift for c in result.changes}
    weighted = not weights.is_default
    reach = _plan_reach()

    if format == "json":
        data = {
            "weights": weights.as_dict(),
            "weights_default": not weighted,
            "rules": {
                "impact_medium_from": rules.impact_medium_from,
                "impact_high_from": rules.impact_high_from,
                "feasibility_medium_from": rules.feasibility_medium_from,
                "feasibility_high_from": rules.feasibility_high_from,
                "high_priority_cells": sorted(list(c) for c in rules.high_priority_cells),
                "plan_size": rules.plan_size,
            },
            "measures": [
                {
                    **m.as_dict(),
                    "shift": shift[m.id] if weighted else 0,
                    "max_reach": None
                    if m.id not in reach
                    else reach[m.id].model_dump(include={"min", "max", "all_firms", "confidence"}),
                }
                for m in result.new
            ],
            "top": [m.id for m in result.new if m.in_top],
            "entered_top": list(result.entered),
            "left_top": list(result.left),
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return

    n = rules.plan_size
    if weighted:
        listed = ", ".join(
            f"{_CRITERION_LABELS[c]} {numbers.number(w, 'nl', 2)}"
            for c, w in weights.as_dict().items()
        )
        typer.echo(f"Gewichten: {listed}")
    else:
        typer.echo("Gewichten: alle 1 (ongewogen gemiddelden, zoals het rapport)")
    typer.echo(
        f"Matrix: laag < {numbers.number(rules.impact_medium_from, 'nl', 1)} <= midden < "
        f"{numbers.number(rules.impact_high_from, 'nl', 1)} <= hoog (netto-impact); laag < "
        f"{numbers.number(rules.feasibility_medium_from, 'nl', 1)} <= midden < "
        f"{numbers.number(rules.feasibility_high_from, 'nl', 1)} <= hoog (haalbaarheid)"
    )
    typer.echo("")
    header = (
        f"{'rang':>4}  {'id':<3} {'maatregel':<48} {'impact':>6} {'haalb.':>6} {'totaal':>6}  "
        f"{'cel (impact/haalb.)':<19} {'prioriteit':<10} {'plan':<4} {'top ' + str(n):<6} "
        f"{'max. bereik':>15}"
    )
    if weighted:
        header += " verschuiving"
    typer.echo(header)
    for m in result.new:
        name = m.name if len(m.name) <= 48 else m.name[:47] + "…"
        cell = f"{BAND_LABELS[m.impact_band]}/{BAND_LABELS[m.feasibility_band]}"
        ni, fe, total = (
            numbers.number(x, "nl", 2) for x in (m.net_impact, m.feasibility, m.combined)
        )
        priority = "hoog" if m.high_priority else "lager"
        line = (
            f"{m.rank:>4}  {m.id:<3} {name:<48} {ni:>6} {fe:>6} {total:>6}  {cell:<19} "
            f"{priority:<10} {'ja' if m.in_plan else 'nee':<4} {'ja' if m.in_top else 'nee':<6} "
            f"{_run_reach_text(reach[m.id]) if m.id in reach else '–':>15}"
        )
        if weighted:
            s = shift[m.id]
            line += f" {f'+{s}' if s > 0 else (str(s) if s < 0 else '0'):>12}"
        typer.echo(line.rstrip())
    typer.echo("")
    typer.echo(
        "plan = in het Herstel- en groeiplan van het rapport; prioriteit = cel hoog/hoog, "
        "hoog/midden of midden/hoog; totaal = netto-impact + haalbaarheid."
    )
    typer.echo(
        "max. bereik = mkb-bedrijven volgens het rapport (slide \"Er is geen 'silver bullet'\", "
        "alleen de tien planmaatregelen); een lezing met zekerheid gemiddeld: de tekst van het "
        "rapport zegt niet welke waarde bij welke maatregel hoort."
    )
    if weighted:
        names = {m.id: m.name for m in result.new}
        if result.entered or result.left:
            for label, ids in (("Nieuw in de top", result.entered), ("Uit de top", result.left)):
                if ids:
                    listed = "; ".join(f"{i} {names[i]}" for i in ids)
                    typer.echo(f"{label} {n}: {listed}")
        else:
            typer.echo(f"De top {n} blijft dezelfde maatregelen.")
        moved = len(result.moved)
        typer.echo(f"{moved} van de {len(result.new)} maatregelen veranderen van rang.")


# --- hulplijn plan run ---------------------------------------------------------------------------

_RUN_NAME_WIDTH = 34
_RUN_CELL = 20


def _run_fail(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)  # one line per problem, never a traceback
    raise typer.Exit(2)


def _run_nl(x: float | None, decimals: int = 2, signed: bool = False) -> str:
    return numbers.number(x, "nl", decimals, signed=signed)


def _run_pct(x: float | None) -> str:
    # ∞ where there is no investment at the low end (e.g. labour regulation, €0-10 m)
    return numbers.percent(x, "nl", 0)


def _run_cell(band, i: int | None = None, decimals: int = 2) -> str:
    """'mid (min–max)' of a (3,) or, with i, of column i of a (3, years) array."""
    lo, mid, hi = (float(band[k]) if i is None else float(band[k][i]) for k in range(3))
    if abs(hi - lo) < 0.5 * 10**-decimals:
        return _run_nl(mid, decimals)
    return f"{_run_nl(mid, decimals)} ({_run_nl(lo, decimals)}–{_run_nl(hi, decimals)})"


def _run_name(text: str) -> str:
    w = _RUN_NAME_WIDTH
    return text if len(text) <= w else text[: w - 1] + "…"


def _run_read_scenario(path_text: str) -> dict:
    from pathlib import Path

    from hulplijn.imports import safe_yaml

    path = Path(path_text)
    try:
        with path.open("rb") as handle:  # no more than the loader takes, whatever the file's size
            raw = handle.read(safe_yaml.MAX_BYTES + 1)
        if len(raw) > safe_yaml.MAX_BYTES:
            _run_fail(
                [f"{path}: het scenariobestand is te groot (hoogstens {safe_yaml.MAX_BYTES} bytes)"]
            )
        text = raw.decode("utf-8")
    except FileNotFoundError:
        _run_fail([f"{path}: scenariobestand niet gevonden"])
    except (OSError, UnicodeDecodeError) as problem:
        _run_fail([f"{path}: scenariobestand niet te lezen ({problem})"])
    try:
        # no anchors or aliases, bounded depth, node count and numbers (hulplijn.imports.safe_yaml)
        data = safe_yaml.load(text)
    except safe_yaml.YamlRefused as refused:
        if refused.code == "syntax":
            where = f"regel {refused.line}, kolom {refused.column}: " if refused.line else ""
            _run_fail([f"{path}: geen geldige YAML ({where}{refused.detail or 'onleesbaar'})"])
        _run_fail([f"{path}: {refused.message('nl')}"])
    if data is None:
        _run_fail([f"{path}: het scenariobestand is leeg"])
    if not isinstance(data, dict):
        _run_fail(
            [
                f"{path}: een scenario is een verzameling sleutels met waarden (YAML-mapping), "
                f"geen {type(data).__name__}"
            ]
        )
    return data


def _run_years_header(years, label: str = "maatregel", width: int = _RUN_CELL) -> str:
    return _run_line("id", label, [str(y) for y in years], width)


def _run_line(ident: str, name: str, cells: list[str], width: int = _RUN_CELL) -> str:
    row = f"{ident:>3}  {_run_name(name):<{_RUN_NAME_WIDTH}}"
    return (row + "".join(f"  {c:>{width}}" for c in cells)).rstrip()


def _run_print_result(result, title: str) -> None:
    years = result.years
    n = len(years)
    t = result.total
    typer.echo(title)
    typer.echo(
        "Bijdrage aan de toegevoegde waarde t.o.v. de basisraming (niveau in het jaar), "
        "€ mld: mid (min–max)"
    )
    typer.echo(_run_years_header(years))
    for m in result.measures:
        f = m.figures
        typer.echo(_run_line(m.id, m.name, [_run_cell(f.contribution, i) for i in range(n)]))
    typer.echo(_run_line("", "Totaal bijdrage", [_run_cell(t.contribution, i) for i in range(n)]))
    typer.echo(
        _run_line("", "Groei toegevoegde waarde", [_run_cell(t.va_growth, i) for i in range(n)])
    )
    typer.echo(_run_line("", "Investering", [_run_cell(t.investment, i) for i in range(n)]))
    typer.echo(
        _run_line("", "Overheidsinkomsten (50%)", [_run_cell(t.revenue, i) for i in range(n)])
    )
    if result.dropped:
        typer.echo(f"Geschrapt: {', '.join(result.dropped)}")
    typer.echo("")
    typer.echo("Per maatregel 2021-2025, € mld: mid (min–max); rapport: bereik (middelpunt tabel)")
    typer.echo(
        f"{'id':>3}  {'maatregel':<{_RUN_NAME_WIDTH}}{'investering':>20}{'rapport':>16}"
        f"{'TW 2025':>22}{'rapport':>16}{'ROI':>26}  gereproduceerd  jaarprofiel"
    )
    for m in result.measures:
        f, rep, r = m.figures, m.report, m.reproduction
        roi = f.roi
        roi_text = (
            f"{_run_pct(float(roi[1]))} ({_run_pct(float(roi[0]))}–{_run_pct(float(roi[2]))})"
        )
        inv_report = (
            f"{_run_nl(rep.investment_range.min, 1)}–"
            f"{_run_nl(rep.investment_range.max, 1)} "
            f"({_run_nl(rep.investment_total, 1)})"
        )
        va_report = (
            f"{_run_nl(rep.va_2025.min, 1)}–{_run_nl(rep.va_2025.max, 1)} "
            f"({_run_nl(rep.va_growth_total, 1)})"
        )
        typer.echo(
            f"{m.id:>3}  {_run_name(m.name):<{_RUN_NAME_WIDTH}}"
            f"{_run_cell(f.investment_total):>20}{inv_report:>16}"
            f"{_run_cell(f.va_2025):>22}{va_report:>16}{roi_text:>26}  "
            f"{'ja' if r.reproduced else 'nee':<16}{'ja' if r.profile_matches else 'nee'}"
        )
    _run_print_reach(result)
    typer.echo("")
    checks = {c.name: c for c in result.checks}

    def verdict(name: str, ours: str, unit_pct: bool = False) -> str:
        c = checks[name]
        lo, hi = (
            (_run_pct(c.low), _run_pct(c.high))
            if unit_pct
            else (_run_nl(c.low, 1), _run_nl(c.high, 1))
        )
        return f"{ours}, rapport {lo}–{hi}{'' if c.ok else _run_outside(result, c, unit_pct)}"

    roi = t.roi
    typer.echo("Totaal 2021-2025 (mid (min–max)):")
    typer.echo(f"  toegevoegde waarde 2025: {verdict('va_2025', _run_cell(t.va_2025))}")
    typer.echo(
        "  cumulatieve bijdrage: "
        + verdict("cumulative_contribution", _run_cell(t.cumulative_contribution))
    )
    typer.echo(f"  investering: {verdict('investment_total', _run_cell(t.investment_total))}")
    typer.echo(
        "  overheidsinkomsten (50% van de bijdrage): "
        + verdict("revenue_total", _run_cell(t.revenue_total))
    )
    roi_text = f"{_run_pct(float(roi[1]))} ({_run_pct(float(roi[0]))}–{_run_pct(float(roi[2]))})"
    typer.echo(f"  ROI (inkomsten / investering): {verdict('roi', roi_text, unit_pct=True)}")
    typer.echo(
        f"  gereproduceerd (kerncijfers binnen het bereik van het rapport): "
        f"{'ja' if result.reproduced else 'nee'}{_run_missed(result)}"
    )
    if result.jobs_2025_report is not None:
        typer.echo(
            f"  banen: het rapport noemt ~{_run_nl(result.jobs_2025_report, 0)} extra banen "
            f"in 2025 (macroprojectie, {cite('r. 2568', 'nl')}); de maatregelen zelf geven "
            "geen banen"
        )
    notes = [m for m in result.measures if m.reproduction.note]
    if notes:
        typer.echo("")
        typer.echo("Verschillen met het rapport:")
        for m in notes:
            status = (
                "niet gereproduceerd" if not m.reproduction.reproduced else "jaarprofiel wijkt af"
            )
            typer.echo(f"  {m.id} {m.name} ({status}): {_run_note(m)}")


_RUN_HEADLINE = {
    "va_2025": "toegevoegde waarde 2025",
    "investment_total": "investering",
    "revenue_total": "overheidsinkomsten",
    "roi": "ROI",
}


def _run_missed(result) -> str:
    """Which of the plan's key figures lie outside the report's range (they make the "nee")."""
    from hulplijn.plan.impact import HEADLINE

    missed = [_RUN_HEADLINE[c.name] for c in result.checks if c.name in HEADLINE and not c.ok]
    return f" (buiten het bereik: {', '.join(missed)})" if missed else ""


def _run_outside(result, check, unit_pct: bool = False) -> str:
    """Why a total lies outside the report's range (#16: each "nee" explained where it is
    shown): how far, and for value added 2025 the measures above the report's own 2025 figure,
    as the plan page says it."""
    above = check.ours > check.high
    far = (check.ours - check.high) if above else (check.low - check.ours)
    amount = _run_pct(far) if unit_pct else f"€ {numbers.precise(far, 'nl')} mld"
    text = f" (buiten bereik: {amount} {'erboven' if above else 'eronder'}"
    if above and check.name == "va_2025":
        listed = ", ".join(
            f"{i} (+{numbers.precise(gap, 'nl')})" for i, gap in result.above_report_2025()
        )
        if listed:
            text += f"; boven het eigen cijfer van het rapport voor 2025: {listed}"
    return text + ")"


def _run_note(m) -> str:
    """A measure's note in Dutch: the model writes why a measure does not reproduce in English
    (``measures.KNOWN_GAPS``), plan_assumptions.yaml has its Dutch (``reproduction_note_nl``), as
    the plan page shows it; a scenario's own note stays as the model wrote it."""
    from hulplijn.plan.measures import reproduction_note
    from hulplijn.reference.params import plan_assumptions

    notes = {k: v.get("reproduction_note_nl") for k, v in plan_assumptions()["measures"].items()}
    return " ".join(reproduction_note(m, notes, dutch=True).split())


def _plan_reach() -> dict:
    """The report's maximum reach of each plan measure (plan_assumptions.yaml)."""
    from hulplijn.plan.assumptions import as_assumptions
    from hulplijn.reference.params import plan_assumptions

    plan = as_assumptions(plan_assumptions())
    return {i: m.report.max_reach for i, m in plan.measures.items() if m.report.max_reach}


def _run_reach_text(reach) -> str:
    low, high = _run_nl(reach.min, 0), _run_nl(reach.max, 0)
    if reach.all_firms:
        return f"{high} (alle)"
    return low if reach.min == reach.max else f"{low}–{high}"


def _run_print_reach(result) -> None:
    """The report's maximum reach beside each measure, with how sure its reading is (#16)."""
    reached = [m for m in result.measures if m.report.max_reach is not None]
    if not reached:
        return
    typer.echo("")
    typer.echo(
        "Maximaal bereik volgens het rapport (slide \"Er is geen 'silver bullet'\"), "
        "mkb-bedrijven excl. zzp:"
    )
    for m in reached:
        reach = _run_reach_text(m.report.max_reach)
        typer.echo(f"{m.id:>3}  {_run_name(m.name):<{_RUN_NAME_WIDTH}}  {reach}")
    labels = {"high": "hoog", "medium": "gemiddeld", "low": "laag"}
    sure = sorted({labels[m.report.max_reach.confidence] for m in reached})
    typer.echo(
        f"  Let op: een lezing met zekerheid {' / '.join(sure)}. De tekst van het rapport zegt "
        "niet welke waarde bij welke maatregel hoort; elke rij is afgeleid uit de doelsegmenten "
        "van de maatregel en het aandeel bedrijven daarin. Gebruik haar als indicatie."
    )


def _run_print_explain(explained: dict) -> None:
    """The derivation of value added 2025 (``hulplijn.plan.trace.explain``), in Dutch."""

    def band(values: list[float]) -> str:
        low, mid, high = (numbers.precise(v, "nl") for v in values)
        return f"{mid} ({low}–{high})"

    def value(a: dict) -> str:
        low, mid, high = (numbers.significant(a[k], "nl", 4) for k in ("min", "mid", "max"))
        return low if a["min"] == a["max"] else f"{low}–{high} (midden {mid})"

    typer.echo("")
    typer.echo(
        "Herleiding: toegevoegde waarde 2025 = som van de maatregelen (€ mld, midden (min–max))"
    )
    for m in explained["measures"]:
        typer.echo(f"  {m['id']} {m['name']}: {band(m['va_2025'])}")
    typer.echo(f"  Totaal: {band(explained['total'])}")
    for m in explained["measures"]:
        typer.echo("")
        typer.echo(f"Maatregel {m['id']} {m['name']} (vanaf {m['start_year']})")
        typer.echo(f"  formule: {m['formula']}")
        for a in m["assumptions"]:
            label = f" ({a['label']})" if a["label"] else ""
            typer.echo(f"  {a['name']}{label}: {value(a)} {a['unit'] or ''}".rstrip())
            if a["source"]:
                typer.echo(f"    bron: {a['source']}")
    typer.echo("")
    typer.echo("Algemene aannames")
    for a in explained["general"]:
        label = f" ({a['label']})" if a["label"] else ""
        typer.echo(f"  {a['name']}{label}: {value(a)} {a['unit'] or ''}".rstrip())
        if a["source"]:
            typer.echo(f"    bron: {a['source']}")


def _run_print_montecarlo(mc, other=None) -> None:
    years = mc.years
    typer.echo("")
    typer.echo(
        f"Monte Carlo: {_run_nl(mc.draws, 0)} trekkingen, seed {mc.seed}, uniform over elk "
        "min–max-bereik, "
        + (
            "alle aannames samen (gecorreleerd: de band ligt dicht bij de min–max)"
            if mc.dependence == "correlated"
            else "elke aanname los (onafhankelijk: dat maakt de band smaller)"
        )
        + "; € mld per jaar"
    )
    label = "percentiel" if other is None else "percentiel: baseline → scenario"
    typer.echo(_run_line("", label, [str(y) for y in years]))
    names = {
        "contribution": "Bijdrage",
        "investment": "Investering",
        "revenue": "Overheidsinkomsten",
    }
    for quantity, name in names.items():
        for i, p in enumerate(mc.percentiles):
            base = getattr(mc, quantity)[i]
            if other is None:
                cells = [_run_nl(float(x)) for x in base]
            else:
                alt = getattr(other, quantity)[i]
                cells = [
                    f"{_run_nl(float(a))} → {_run_nl(float(b))}"
                    for a, b in zip(base, alt, strict=True)
                ]
            typer.echo(_run_line("", f"{name} P{p}", cells))
    for key, name in (
        ("va_2025", "TW 2025"),
        ("investment_total", "investering 2021-2025"),
        ("revenue_total", "overheidsinkomsten 2021-2025"),
        ("roi", "ROI"),
    ):
        fmt = _run_pct if key == "roi" else _run_nl
        values = " / ".join(fmt(float(x)) for x in mc.totals[key])
        line = f"  {name} (P{'/P'.join(str(p) for p in mc.percentiles)}): {values}"
        if other is not None:
            line += " → " + " / ".join(fmt(float(x)) for x in other.totals[key])
        typer.echo(line)


def _run_print_comparison(comparison) -> None:
    years = comparison.years
    n = len(years)
    typer.echo("")
    typer.echo(
        "Vergelijking met de baseline: bijdrage (mid), € mld, baseline → scenario (verschil)"
    )
    wide = 24
    typer.echo(_run_years_header(years, width=wide))

    def cells(row, quantity: str, k: int = 1) -> list[str]:
        b, v, d = row.baseline[quantity], row.variant[quantity], row.difference(quantity)
        return [
            f"{_run_nl(float(b[k][i]))} → {_run_nl(float(v[k][i]))} "
            f"({_run_nl(float(d[k][i]), signed=True)})"
            for i in range(n)
        ]

    for row in comparison.rows:
        mark = "" if row.in_variant else " [geschrapt]"
        room = _RUN_NAME_WIDTH - len(mark)
        name = (row.name if len(row.name) <= room else row.name[: room - 1] + "…") + mark
        typer.echo(_run_line(row.id, name, cells(row, "contribution"), wide))
    t = comparison.total
    for k, bound in enumerate(("min", "mid", "max")):
        typer.echo(_run_line("", f"Totaal bijdrage ({bound})", cells(t, "contribution", k), wide))
    typer.echo(_run_line("", "Totaal investering (mid)", cells(t, "investment"), wide))
    typer.echo(_run_line("", "Totaal overheidsinkomsten (mid)", cells(t, "revenue"), wide))
    b, v = comparison.baseline.total, comparison.variant.total
    typer.echo(
        f"  2021-2025 (mid): TW 2025 {_run_nl(float(b.va_2025[1]))} → "
        f"{_run_nl(float(v.va_2025[1]))}; investering {_run_nl(float(b.investment_total[1]))} → "
        f"{_run_nl(float(v.investment_total[1]))}; overheidsinkomsten "
        f"{_run_nl(float(b.revenue_total[1]))} → {_run_nl(float(v.revenue_total[1]))}; ROI "
        f"{_run_pct(float(b.roi[1]))} → {_run_pct(float(v.roi[1]))}"
    )


@plan_app.command("run")
def run_command(
    scenario: str | None = typer.Option(
        None, "--scenario", help="Scenario (YAML): wijzigingen t.o.v. de aannames van het rapport."
    ),
    draws: int = typer.Option(0, "--draws", help="Aantal Monte Carlo-trekkingen (0 = geen)."),
    seed: int = typer.Option(0, "--seed", help="Seed van de Monte Carlo (reproduceerbaar)."),
    dependence: str = typer.Option(
        "independent",
        "--dependence",
        help="Samenhang tussen de aannames in de Monte Carlo: independent (elk los; de band "
        "wordt smaller) of correlated (alle samen; de band ligt dicht bij de min–max).",
    ),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Toon ook de herleiding: de toegevoegde waarde 2025 als som van de maatregelen, en "
        "per maatregel de formule en de aannames met hun vindplaats in het rapport.",
    ),
    format: str = typer.Option("table", "--format", help="table of json."),
) -> None:
    """Het plan-effect 2021-2025: per maatregel en jaar investering, bijdrage aan de
    toegevoegde waarde (min/mid/max), overheidsinkomsten, ROI en de vergelijking met het rapport.

    --scenario FILE.yaml legt een scenario (aanname gewijzigd, maatregel geschrapt, ander
    startjaar) naast de baseline; de opbouw staat in docs/reference/plan-model.md. --draws N
    voegt percentielbanden (P5/P25/P50/P75/P95) uit een Monte Carlo toe."""
    import json

    from hulplijn.plan import impact, montecarlo
    from hulplijn.plan import scenario as scenarios
    from hulplijn.reference.params import plan_assumptions

    if format not in ("table", "json"):
        _run_fail([f"--format {format}: kies table of json"])
    if dependence not in montecarlo.DEPENDENCE:
        _run_fail([f"--dependence {dependence}: kies independent of correlated"])
    if not 0 <= draws <= montecarlo.MAX_DRAWS:
        _run_fail(
            [f"--draws {draws}: kies 0 (geen Monte Carlo) tot {_run_nl(montecarlo.MAX_DRAWS, 0)}"]
        )
    data = plan_assumptions()
    spec = None
    if scenario is not None:
        raw = _run_read_scenario(scenario)
        try:
            spec = scenarios.load(raw)
            scenarios.apply(data, spec)
        except scenarios.ScenarioError as problem:
            # the scenario's keys are English, and so are its problems here, as before
            _run_fail([f"{scenario}: {line}" for line in problem.lines("en")])
    try:
        baseline = impact.run(data)
        variant = impact.run(data, spec) if spec is not None else None
        mc = montecarlo.run(data, draws=draws, seed=seed, dependence=dependence) if draws else None
        mc_variant = (
            montecarlo.run(data, draws=draws, seed=seed, scenario=spec, dependence=dependence)
            if draws and spec is not None
            else None
        )
    except (scenarios.ScenarioError, ValueError) as problem:
        _run_fail([f"{scenario or 'plan'}: {problem}"])

    from hulplijn.plan import trace
    from hulplijn.plan.assumptions import as_assumptions

    shown = variant or baseline
    explained = (
        trace.explain(
            scenarios.apply(data, spec)[0] if spec is not None else as_assumptions(data), shown
        )
        if explain
        else None
    )
    if format == "json":
        out: dict = {"baseline": baseline.to_dict()}
        if explained is not None:
            out["explain"] = explained
        if variant is not None:
            out["scenario"] = variant.to_dict()
            out["comparison"] = scenarios.compare(baseline, variant).to_dict()
        if mc is not None:
            out["montecarlo"] = {"baseline": mc.to_dict()}
            if mc_variant is not None:
                out["montecarlo"]["scenario"] = mc_variant.to_dict()
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return

    title = (
        "Plan-effect Herstel- en groeiplan mkb: baseline (aannames uit de bijlage "
        '"Detaillering aannames" van het rapport)'
    )
    if variant is None:
        _run_print_result(baseline, title)
        if mc is not None:
            _run_print_montecarlo(mc)
        if explained is not None:
            _run_print_explain(explained)
        return
    _run_print_result(
        variant, f'Plan-effect Herstel- en groeiplan mkb: scenario "{variant.scenario}"'
    )
    _run_print_comparison(scenarios.compare(baseline, variant))
    if mc is not None:
        _run_print_montecarlo(mc, mc_variant)
    if explained is not None:
        _run_print_explain(explained)
