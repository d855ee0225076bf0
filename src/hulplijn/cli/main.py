"""``hulplijn``: assess a firm, build and inspect the reference data."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hulplijn.cli.options import Format, Language
from hulplijn.cli.plan import plan_app
from hulplijn.cli.stats import stats_app
from hulplijn.core import FirmInput, InvalidInput, Text, assess, numbers, parse_firm
from hulplijn.core.errors import placed
from hulplijn.reference import artifact, load_for, reference_dir

app = typer.Typer(
    help="mkb-hulplijn: zelfdiagnose en benchmarks voor het mkb.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
reference_app = typer.Typer(
    help="Referentiegegevens: synthetische populatie en peer-verdelingen.", no_args_is_help=True
)
app.add_typer(reference_app, name="reference")
app.add_typer(plan_app, name="plan")
app.add_typer(stats_app, name="stats")
err = Console(stderr=True)
out = Console(highlight=False, soft_wrap=True)

EXIT_BAD_INPUT = 2
EXIT_NOT_READY = 1


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _fail(lines: list[str], code: int) -> NoReturn:
    for line in lines:
        typer.echo(line, err=True)  # one line per problem, never wrapped
    raise typer.Exit(code)


def _load_reference(folder: Path | None, firm: FirmInput | None = None):
    """The reference in ``folder`` (default: ./var/reference); for a firm, the one of its
    round among those built there (``periods/``), so it is compared only with peers of its own
    years and moments, or told there are none."""
    try:
        if firm is None:
            return artifact.load(folder or reference_dir())
        years = [y.year for y in firm.years]
        return load_for(years, [m.moment for m in firm.liquidity], folder)
    except artifact.ArtifactMissing as missing:
        _fail([str(missing)], EXIT_NOT_READY)


def _read_json(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail([f"{path}: bestand niet gevonden"], EXIT_BAD_INPUT)
    except (OSError, UnicodeDecodeError) as problem:
        _fail([f"{path}: niet te lezen ({problem})"], EXIT_BAD_INPUT)
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        # the parser's own words, after the place in Dutch
        said = placed(Text(problem.msg, problem.msg), line=problem.lineno, column=problem.colno)
        _fail([f"{path}: geen geldige JSON ({said.nl})"], EXIT_BAD_INPUT)


@app.command("assess")
def assess_command(
    file: Annotated[Path, typer.Argument(help="FirmInput als JSON (zie docs/cli.md).")],
    format: Annotated[Format, typer.Option("--format", help="json of text.")] = Format.text,
    language: Annotated[Language, typer.Option("--lang", help="Taal van de tekst.")] = Language.nl,
    reference: Annotated[Path | None, typer.Option(help="Map met referentiegegevens.")] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--op",
            help="Dag van de beoordeling (jjjj-mm-dd), voor welke regelingen open zijn; "
            "standaard vandaag.",
        ),
    ] = None,
) -> None:
    """Beoordeel een bedrijf: kengetallen, groeisegment, percentielen en size of the prize."""
    from datetime import date

    from hulplijn.cli.render import summary

    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        _fail([f"--op: {on} is geen datum van de vorm jjjj-mm-dd"], EXIT_BAD_INPUT)

    data = _read_json(file)
    try:
        firm = parse_firm(data)
        ref = _load_reference(reference, firm)
        result = assess(firm, ref, on=day)
    except InvalidInput as invalid:
        _fail([p.line(language.value) for p in invalid.problems], EXIT_BAD_INPUT)
    if format is Format.json:
        out.print(
            json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False), markup=False
        )
    else:
        out.print(summary(result, language.value), markup=False)


NOT_LOCAL = (
    "{host}: hulplijn serve luistert alleen op dit apparaat (127.0.0.1, ::1 of localhost). "
    "Het draait de ontwikkelinstellingen (foutmeldingen met code, inloggen met eHerkenning "
    "door een KvK-nummer te typen) en mag daarom niet vanaf een ander apparaat bereikbaar zijn. "
    "Voor een server: make serve of gunicorn met de productie-instellingen (docs/deploy.md)."
)


def is_loopback(host: str) -> bool:
    """True only for an address of this machine alone (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # another host name: it may resolve to any address


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Adres om op te luisteren; alleen 127.0.0.1, ::1 of localhost.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Poort.")] = 8000,
) -> None:
    """Start de website lokaal (ontwikkelinstellingen: SQLite, synthetische referentie)."""
    import os

    if not is_loopback(host):
        _fail([NOT_LOCAL.format(host=host)], EXIT_BAD_INPUT)

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    try:
        django.setup()
    except ImproperlyConfigured as problem:  # e.g. HULPLIJN_DEBUG=ture: one line, no traceback
        _fail([str(problem)], EXIT_BAD_INPUT)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("runserver", f"{host}:{port}")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def _run_steps(total: int, label: str, work):
    with _progress() as progress:
        task = progress.add_task(label, total=total)

        def step(description: str) -> None:
            progress.update(task, advance=1, description=f"{label}: {description}")

        result = work(step)
        progress.update(task, completed=total, description=f"{label}: klaar")
    return result


@reference_app.command("synth")
def synth_command(
    firms: Annotated[int, typer.Option(min=1, max=20_000_000, help="Aantal bedrijven.")] = 250_000,
    seed: Annotated[int, typer.Option(min=0, help="Startwaarde; zelfde seed, zelfde data.")] = 1,
    out_file: Annotated[Path, typer.Option("--out", help="Doelbestand (.parquet).")] = Path(
        "var/synthetic.parquet"
    ),
    years: Annotated[
        str | None,
        typer.Option(help="Twee referentiejaren, bijvoorbeeld 2024,2025 (standaard: 2016,2018)."),
    ] = None,
    moments: Annotated[
        str | None,
        typer.Option(
            help="Nul, een of twee liquiditeitsmomenten (jjjj-mm), bijvoorbeeld 2025-06; leeg "
            "voor geen (standaard: 2020-02,2020-07)."
        ),
    ] = None,
) -> None:
    """Maak een SYNTHETISCHE, gekalibreerde mkb-populatie (Parquet), voor elke ronde."""
    from hulplijn.reference import synth

    if out_file.suffix.lower() != ".parquet":
        _fail([f"--out: {out_file} moet eindigen op .parquet"], EXIT_BAD_INPUT)
    round_years = _years_option(years)
    round_moments = _moments_option(moments)
    table = _run_steps(
        9,
        "synthetische populatie",
        lambda step: synth.generate(firms, seed, step, round_years, round_moments),
    )
    synth.write(table, out_file)
    written = numbers.count(firms, "nl")
    err.print(f"{written} synthetische bedrijven geschreven naar {out_file} (seed {seed}).")
    note = synth.calibration_of(out_file)
    if note is not None:
        err.print(f"Let op: {note.partition('; calibrated')[0]}.")


def _years_option(value: str | None) -> tuple[int, int] | None:
    """--years 2024,2025 -> (2024, 2025); refuses anything but two different years."""
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(p.isdigit() and 1990 <= int(p) <= 2100 for p in parts):
        _fail([f"--years: {value} moet twee jaren zijn, bijvoorbeeld 2024,2025"], EXIT_BAD_INPUT)
    first, second = sorted(int(p) for p in parts)
    if first == second:
        _fail([f"--years: {value}: de twee jaren moeten verschillen"], EXIT_BAD_INPUT)
    return first, second


def _moments_option(value: str | None) -> tuple[str, ...] | None:
    """--moments 2024-06,2025-06 -> the moments; refuses a wrong form, equal or more than two."""
    if value is None:
        return None
    parts = tuple(sorted(p.strip() for p in value.split(",") if p.strip()))
    if len(parts) > 2 or len(set(parts)) != len(parts) or not all(_MONTH.match(p) for p in parts):
        _fail(
            [f"--moments: {value} moet nul, een of twee verschillende maanden jjjj-mm zijn"],
            EXIT_BAD_INPUT,
        )
    return parts


@reference_app.command("build")
def build_command(
    source: Annotated[Path, typer.Option("--from", help="Microdata (.parquet of .csv).")] = Path(
        "var/synthetic.parquet"
    ),
    out_dir: Annotated[Path | None, typer.Option("--out", help="Doelmap van het artefact.")] = None,
    include_respondents: Annotated[
        bool,
        typer.Option(
            help="Ook de respondenten met toestemming (zelfde ronde) meenemen: per cel alleen "
            "in groepjes van minstens 10 nieuwe, daarna vast."
        ),
    ] = False,
    respondents_state: Annotated[
        Path,
        typer.Option(
            help="Welke respondenten al zijn opgenomen (blijft op de bouwmachine, buiten het "
            "artefact; nooit meeleveren)."
        ),
    ] = Path("var/respondents-state.json"),
) -> None:
    """Bouw de peer-verdelingen (per SBI-afdeling x grootteklasse, met terugvalgroepen)."""
    from hulplijn.reference import build, respondents

    target = out_dir or reference_dir()
    folding = None
    try:
        if include_respondents:
            if respondents_state.resolve().is_relative_to(target.resolve()):
                _fail(
                    [f"--respondents-state: {respondents_state} ligt in de artefactmap {target}"],
                    EXIT_BAD_INPUT,
                )
            years, moments = build.round_of(source)
            state = respondents.load(respondents_state, years, moments)
            folding = respondents.fold(state, _respondents((years, moments)))
        manifest = _run_steps(
            build.STEPS,
            "peer-verdelingen",
            lambda step: build.build(
                source, target, step, respondents=folding.rows if folding else None
            ),
        )
    except (build.BuildError, respondents.StateError) as problem:
        _fail([str(problem)], EXIT_BAD_INPUT)
    if folding is not None:
        respondents.save(respondents_state, folding.state)
        err.print(
            f"Respondenten: {numbers.count(folding.admitted, 'nl')} nieuw opgenomen, "
            f"{numbers.count(folding.waiting, 'nl')} wachten "
            f"op minstens {manifest['rules']['min_cell_firms']} nieuwe in hun cel; "
            f"status in {respondents_state}."
        )
    _print_manifest(manifest, target)


def _respondents(round_of):
    """The opted-in assessments of the source's round, from the web database."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    django.setup()
    from hulplijn.web.assessments.export import respondent_microdata

    years, moments = round_of
    return respondent_microdata(years, moments)


@reference_app.command("info")
def info_command(
    reference: Annotated[Path | None, typer.Option(help="Map met referentiegegevens.")] = None,
) -> None:
    """Toon de geladen referentieversie (vintage), bron en regels."""
    folder = reference or reference_dir()
    try:
        manifest = artifact.read_manifest(folder)
    except artifact.ArtifactMissing as missing:
        _fail([str(missing)], EXIT_NOT_READY)
    _print_manifest(manifest, folder)


def _print_manifest(manifest: dict, folder: Path) -> None:
    out.print(f"Referentie {manifest['vintage']} in {folder}", markup=False)
    out.print(f"  Soort: {manifest['label']}", markup=False)
    if manifest.get("calibration"):
        out.print(f"  Kalibratie: {manifest['calibration']}", markup=False)
    source = manifest["source"]
    out.print(
        f"  Bron: {source['file']} ({numbers.count(source['rows'], 'nl')} records, sha256 "
        f"{source['sha256'][:12]}...), gebouwd {manifest['created_at']}",
        markup=False,
    )
    out.print(
        f"  Jaren {manifest['years']}, momenten {manifest['moments']}; "
        f"{numbers.count(manifest['firms_used'], 'nl')} bedrijven gebruikt, waarvan "
        f"{numbers.count(manifest.get('respondents', 0), 'nl')} respondenten; uitgesloten: "
        f"{manifest['excluded']}",
        markup=False,
    )
    rules = manifest["rules"]
    out.print(
        f"  Regels: cellen < {rules['min_cell_firms']} bedrijven nooit getoond; "
        f"{numbers.percent(rules['trim_fraction'], 'nl', 0)} meest extreme waarden per cel "
        "weggelaten; elke waarde "
        f"het gemiddelde van minstens {rules.get('microaggregation_k', 1)} bedrijven",
        markup=False,
    )
    table = Table("kengetal", "waarneming", "onmogelijk", "getrimd", "achtergehouden", "gebruikt")
    for metric, counts in manifest["metrics"].items():
        table.add_row(
            metric,
            *(
                numbers.count(counts.get(k, 0), "nl")
                for k in ("observed", "impossible_or_undefined", "trimmed", "withheld", "kept")
            ),
        )
    out.print(table)
    levels = Table("niveau", "gepubliceerd", "onderdrukt (< min)")
    for level, counts in manifest["levels"].items():
        levels.add_row(
            level,
            numbers.count(counts["published"], "nl"),
            numbers.count(counts["suppressed"], "nl"),
        )
    out.print(levels)


@reference_app.command("calibration")
def calibration_command(
    source: Annotated[Path, typer.Option("--from", help="Populatie (.parquet).")] = Path(
        "var/synthetic.parquet"
    ),
) -> None:
    """Zet elk kalibratiedoel (rapport, extern bewijs of aanname) naast de bereikte waarde."""
    from hulplijn.reference import calibration

    if not source.exists():
        _fail(
            [f"--from: {source} bestaat niet; maak het met 'hulplijn reference synth'"],
            EXIT_BAD_INPUT,
        )
    checks = calibration.calibrate(source)
    table = Table(
        "doel",
        "soort",
        "doelwaarde",
        "bereikt",
        "marge",
        "ok",
        "bron",
        title=(f"Kalibratie van {source} (SYNTHETISCH)"),
    )
    sources: dict[str, int] = {}  # each source once, numbered in order of first use
    for check in checks:
        target = check.target if isinstance(check.target, str) else _figure(check.target)
        number = sources.setdefault(check.source, len(sources) + 1)
        table.add_row(
            check.label,
            _KIND_LABELS[check.kind],
            target,
            _figure(check.achieved),
            numbers.significant(check.tolerance, "nl", 6),
            "ja" if check.ok else "NEE",
            f"[{number}]",
        )
    out.print(table)
    out.print("Bronnen:", markup=False)
    for source_text, number in sources.items():
        out.print(f"  [{number}] {source_text}", markup=False)
    failed = [c.name for c in checks if not c.ok]
    if failed:
        _fail([f"Niet gehaald: {', '.join(failed)}"], EXIT_NOT_READY)


_KIND_LABELS = {
    "report": "rapport",
    "evidence": "bewijs",
    "assumption": "aanname",
}


def _figure(x: float) -> str:
    """A calibration figure: four significant digits, whole digits kept (16.638; 0,1234)."""
    return numbers.significant(x, "nl", 4)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
