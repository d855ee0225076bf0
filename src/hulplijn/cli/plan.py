"""``hulplijn plan ...``: the policy model from the command line."""

from __future__ import annotations

import typer

plan_app = typer.Typer(help="Het beleidsmodel: prioritering van maatregelen en het plan-effect.",
                       no_args_is_help=True)

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
            number = float(value.strip().replace(",", "."))
        except ValueError:
            _plan_fail(f"--weight {pair}: {value!r} is geen getal")
        weights[code] = number
    return weights


def _decimal_nl(x: float, decimals: int = 2) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


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
                {**m.as_dict(), "shift": shift[m.id] if weighted else 0} for m in result.new
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
            f"{_CRITERION_LABELS[c]} {_decimal_nl(w, 2)}" for c, w in weights.as_dict().items()
        )
        typer.echo(f"Gewichten: {listed}")
    else:
        typer.echo("Gewichten: alle 1 (ongewogen gemiddelden, zoals het rapport)")
    typer.echo(
        f"Matrix: laag < {_decimal_nl(rules.impact_medium_from, 1)} <= midden < "
        f"{_decimal_nl(rules.impact_high_from, 1)} <= hoog (netto-impact); laag < "
        f"{_decimal_nl(rules.feasibility_medium_from, 1)} <= midden < "
        f"{_decimal_nl(rules.feasibility_high_from, 1)} <= hoog (haalbaarheid)"
    )
    typer.echo("")
    header = (
        f"{'rang':>4}  {'id':<3} {'maatregel':<48} {'impact':>6} {'haalb.':>6} {'totaal':>6}  "
        f"{'cel (impact/haalb.)':<19} {'prioriteit':<10} {'plan':<4} {'top ' + str(n):<6}"
    )
    if weighted:
        header += " verschuiving"
    typer.echo(header)
    for m in result.new:
        name = m.name if len(m.name) <= 48 else m.name[:47] + "…"
        cell = f"{BAND_LABELS[m.impact_band]}/{BAND_LABELS[m.feasibility_band]}"
        ni, fe, total = (_decimal_nl(x) for x in (m.net_impact, m.feasibility, m.combined))
        priority = "hoog" if m.high_priority else "lager"
        line = (
            f"{m.rank:>4}  {m.id:<3} {name:<48} {ni:>6} {fe:>6} {total:>6}  {cell:<19} "
            f"{priority:<10} {'ja' if m.in_plan else 'nee':<4} {'ja' if m.in_top else 'nee':<6}"
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
