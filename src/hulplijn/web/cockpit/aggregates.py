"""The database side of monitoring: statistical records and live answers aggregated into the
atoms of hulplijn.plan.monitoring, with GROUP BY in SQL (SQLite and PostgreSQL alike), so a
million records cost a few scans and no Python pass over rows.

Record atoms carry the sum of the records' random keys (cell-key method). Answers on stored
assessments (uptake, surveys, feedback) take a key derived from the assessment's id with a
keyed hash (HMAC-SHA256 with a key derived from the secret key): stable while the secret key
is, never stored, and not computable without it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import connection

from hulplijn.core.disclosure import Contribution
from hulplijn.core.disclosure.cellkey import KEY_SPACE
from hulplijn.plan import monitoring as pure
from hulplijn.plan.records import NOT_GIVEN
from hulplijn.web.assessments.models import Assessment, Feedback
from hulplijn.web.cockpit.models import StatisticalRecord
from hulplijn.web.cockpit.statistics import month_of
from hulplijn.web.guidance.models import MeasureUptake, SurveyResponse

BANDS = {
    "productivity_growth": "productivity_growth_band",
    "job_growth": "job_growth_band",
    "liquidity": "liquidity_band",
    "solvency": "solvency_band",
}


def _column(name: str) -> str:
    return connection.ops.quote_name(StatisticalRecord._meta.get_field(name).column)


def _query(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)  # table and column names from the model, never from a request
        return cursor.fetchall()


_months: dict[str, date] = {}


def _month(value) -> date:
    if isinstance(value, date):
        return value
    found = _months.get(value)
    if found is None:
        found = _months[value] = date.fromisoformat(str(value)[:10])
    return found


def stamp() -> tuple:
    """What identifies the stored records: records are only ever added (in batches) or, never
    in practice, removed; count, key sum and value sum change with any batch."""
    table = connection.ops.quote_name(StatisticalRecord._meta.db_table)
    row = _query(
        f"SELECT COUNT(*), SUM({_column('record_key')}), SUM({_column('value_added_change')}) "
        f"FROM {table}"
    )[0]
    return tuple(int(v or 0) for v in row)


def record_atoms(measures: Iterable[str]) -> pure.Atoms:
    """The record-based atoms: growth segments (with value-added change), the four dimensions'
    bands, sector impact, eligibility per measure and register flags."""
    table = connection.ops.quote_name(StatisticalRecord._meta.db_table)
    key, value = _column("record_key"), _column("value_added_change")
    period = f"CAST({_column('month')} AS TEXT), {_column('round')}"
    groups = ", ".join(_column(f) for f in ("size_class", "section", "segment"))
    atoms = pure.Atoms()

    for row in _query(
        f"SELECT {period}, {groups}, COUNT(*), SUM({key}), SUM({value}), SUM(ABS({value})), "
        f"MAX(ABS({value})) FROM {table} GROUP BY {period}, {groups}"
    ):
        m, r, size, section, segment, n, keys, total, absolute, largest = row
        atoms.segments[_month(m), r, size, section, segment or pure.NO_SEGMENT] = Contribution(
            n, int(keys) % KEY_SPACE, float(total), float(absolute), (float(largest),)
        )
    # the second-largest contribution of each atom, for the dominance rule
    for m, r, size, section, segment, second in _query(
        f"SELECT m, r, g1, g2, g3, a FROM (SELECT CAST({_column('month')} AS TEXT) AS m, "
        f"{_column('round')} AS r, {_column('size_class')} AS g1, {_column('section')} AS g2, "
        f"{_column('segment')} AS g3, ABS({value}) AS a, ROW_NUMBER() OVER (PARTITION BY "
        f"{period}, {groups} ORDER BY ABS({value}) DESC) AS rank FROM {table}) ranked "
        "WHERE rank = 2"
    ):
        found = atoms.segments[_month(m), r, size, section, segment or pure.NO_SEGMENT]
        found.largest = (*found.largest[:1], float(second))

    bands = ", ".join(_column(f) for f in (*BANDS.values(), "sector_impact"))
    for row in _query(
        f"SELECT {period}, {bands}, COUNT(*), SUM({key}) FROM {table} GROUP BY {period}, {bands}"
    ):
        m, r, *codes, n, keys = row
        month = _month(m)
        for dimension, code in zip(BANDS, codes[:4], strict=True):
            _add(atoms.bands.setdefault(dimension, {}), (month, r, code or NOT_GIVEN), n, keys)
        _add(atoms.impact, (month, r, codes[4]), n, keys)

    lists = f"CAST({_column('eligible_measures')} AS TEXT), CAST({_column('verification_flags')} AS TEXT)"
    totals: dict[tuple, Contribution] = defaultdict(Contribution)
    having: dict[str, dict[tuple, Contribution]] = defaultdict(lambda: defaultdict(Contribution))
    flags: dict[str, dict[tuple, Contribution]] = defaultdict(lambda: defaultdict(Contribution))
    decoded: dict[str, list[str]] = {}
    for m, r, eligible, flagged, n, keys in _query(
        f"SELECT {period}, {lists}, COUNT(*), SUM({key}) FROM {table} GROUP BY {period}, {lists}"
    ):
        at = (_month(m), r)
        _add(totals, at, n, keys)
        for text, into in ((eligible, having), (flagged, flags)):
            codes = decoded.get(text)
            if codes is None:
                codes = decoded[text] = json.loads(text) if text else []
            for code in codes:
                _add(into[code], at, n, keys)
    for measure in measures:
        atoms.eligible[measure] = _with_complement(having.get(measure, {}), totals)
    for code, found in flags.items():
        atoms.flags[code] = _with_complement(found, totals)
    atoms.uptake = {m: {} for m in measures}
    for measure, found in atoms.eligible.items():
        atoms.uptake[measure] = {(*at[:2], "eligible"): c for at, c in found.items() if at[2]}
    return atoms


def _add(into: dict, at: tuple, n: int, keys) -> None:
    found = into.get(at)
    if found is None:
        found = into[at] = Contribution()
    found.n += int(n)
    found.key = (found.key + int(keys)) % KEY_SPACE


def _with_complement(
    having: dict[tuple, Contribution], totals: dict[tuple, Contribution]
) -> dict[tuple, Contribution]:
    """(month, round, True) atoms of the firms with a property and (month, round, False) of
    those without: both, so that the audit sees the complement as well."""
    out = {}
    for at, total in totals.items():
        yes = having.get(at, Contribution())
        out[(*at, True)] = Contribution(yes.n, yes.key)
        out[(*at, False)] = Contribution(total.n - yes.n, (total.key - yes.key) % KEY_SPACE)
    return {k: c for k, c in out.items() if c.n > 0}


# -- live answers ---------------------------------------------------------------------------


def answer_key(assessment_id) -> int:
    """A stable random-looking key per assessment for the cell-key method (never stored)."""
    secret = hashlib.sha256(b"hulplijn cell keys|" + settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(secret, str(assessment_id).encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def live_atoms(atoms: pure.Atoms, measures: Iterable[str], surveys) -> None:
    """Add uptake (answers among the eligible firms; the rest 'no answer'), survey area scores
    and feedback ratings (the latest per assessment) of the consenting assessments still
    stored, per (month, round)."""
    from hulplijn.core import survey as scoring

    firms = Assessment.objects.filter(consent_statistics=True)
    answered: dict[tuple, Contribution] = {}
    for pk, created_at, round_id, measure, status in MeasureUptake.objects.filter(
        assessment__in=firms
    ).values_list("assessment_id", "assessment__created_at", "assessment__round_id", "measure",
                  "status"):
        _add(answered, (month_of(created_at), round_id, measure, status), 1, answer_key(pk))
    for measure in measures:
        eligible = atoms.uptake.get(measure, {})
        found: dict[tuple, Contribution] = {}
        for (m, r, _), total in eligible.items():
            rest = Contribution(total.n, total.key)
            for status in pure.UPTAKE:
                given = answered.get((m, r, measure, status))
                if given is None:
                    continue
                found[m, r, status] = given
                rest = Contribution(max(rest.n - given.n, 0), (rest.key - given.key) % KEY_SPACE)
            if rest.n:
                found[m, r, pure.NO_ANSWER] = rest
        atoms.uptake[measure] = found

    specs = {s.code: s for s in surveys}
    atoms.surveys = {code: {} for code in specs}
    for pk, created_at, round_id, code, given in SurveyResponse.objects.filter(
        assessment__in=firms
    ).values_list("assessment_id", "assessment__created_at", "assessment__round_id", "survey",
                  "answers"):
        spec = specs.get(code)
        score = None if spec is None else scoring.area_score(scoring.theme_scores(spec, given))
        if score is not None:
            at = (month_of(created_at), round_id)
            atoms.surveys[code].setdefault(at, Contribution()).add(answer_key(pk), float(score))

    latest: dict = {}  # one rating per firm: its latest
    for pk, created_at, round_id, rating in (
        Feedback.objects.filter(assessment__in=firms)
        .order_by("created_at", "pk")
        .values_list("assessment_id", "assessment__created_at", "assessment__round_id", "rating")
    ):
        latest[pk] = (month_of(created_at), round_id, int(rating))
    for pk, at in latest.items():
        atoms.feedback.setdefault(at, Contribution()).add(answer_key(pk), float(at[2]))
