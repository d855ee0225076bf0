"""The database side of monitoring: statistical records and live answers aggregated into the
atoms of hulplijn.plan.monitoring.

Records are summed per atom with GROUP BY in SQL (SQLite and PostgreSQL alike) when a batch is
written, and the sums kept in ``MonitoringAtom`` (a few thousand rows, whatever the number of
records), so the cockpit reads atoms, never a million records; ``rebuild`` runs the same GROUP BY
over every record.

Record atoms carry the sum of the records' random keys (cell-key method). Answers on stored
assessments (uptake, surveys, feedback) take a key derived from the assessment's id with a
keyed hash (HMAC-SHA256 with a key derived from the secret key): stable while the secret key
is, never stored, and not computable without it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import connection
from django.utils import timezone

from hulplijn.core.disclosure import Contribution
from hulplijn.core.disclosure.cellkey import KEY_SPACE
from hulplijn.plan import monitoring as pure
from hulplijn.plan.records import NOT_GIVEN
from hulplijn.web.assessments.models import Assessment, Feedback
from hulplijn.web.cockpit.models import MonitoringAtom, StatisticalRecord
from hulplijn.web.guidance.models import MeasureUptake, SurveyResponse

BANDS = {
    "productivity_growth": "productivity_growth_band",
    "job_growth": "job_growth_band",
    "liquidity": "liquidity_band",
    "solvency": "solvency_band",
}


def month_of(moment) -> date:
    """The first day of the (local) month of ``moment``: the only time a record keeps."""
    return timezone.localtime(moment).date().replace(day=1)


SEGMENTS = "segments"
IMPACT = "impact"
HELP_FIRST = "help_first"
SCHEME = "scheme"
"""The family of an open scheme the firm qualified for: ``scheme:<id>`` (decision 0025)."""
Flat = dict[tuple[str, date, int, str], Contribution]
"""(family, month, round id, part) -> contribution; part '' for 'has it' (eligible, flag)."""


def _query(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # table and column names from the models, never a request
        return cursor.fetchall()


_months: dict[str, date] = {}


def _month(value) -> date:
    if isinstance(value, date):
        return value
    found = _months.get(value)
    if found is None:
        found = _months[value] = date.fromisoformat(str(value)[:10])
    return found


def _flat(record_model=StatisticalRecord, ids: list | None = None) -> Flat:
    """The records (all, or those with the given ids) summed per atom with GROUP BY: one scan
    for the segments, one for their second-largest values (dominance), one for the bands and
    sector impact, one for each list (eligible measures, schemes, register flags) and one for
    help first."""
    meta, quote = record_model._meta, connection.ops.quote_name
    table = quote(meta.db_table)

    def col(name: str) -> str:
        return quote(meta.get_field(name).column)

    def own(name: str) -> str:  # the column named with its table (beside a joined list)
        return f"{table}.{col(name)}"

    def only_ids(column: str) -> str:
        return f" WHERE {column} IN ({', '.join(['%s'] * len(ids))})" if ids is not None else ""

    where, params = only_ids(col("id")), None
    if ids is not None:
        field = meta.get_field("id")
        params = [field.get_db_prep_value(i, connection) for i in ids]
    key, value = col("record_key"), col("value_added_change")
    period = f"CAST({col('month')} AS TEXT), {col('round')}"
    groups = ", ".join(col(f) for f in ("size_class", "section", "segment"))
    flat: Flat = {}

    for row in _query(
        f"SELECT {period}, {groups}, COUNT(*), SUM({key}), SUM({value}), SUM(ABS({value})), "
        f"MAX(ABS({value})) FROM {table}{where} GROUP BY {period}, {groups}",
        params,
    ):
        m, r, size, section, segment, n, keys, total, absolute, largest = row
        part = "|".join((size, section, segment or pure.NO_SEGMENT))
        flat[SEGMENTS, _month(m), r, part] = Contribution(
            int(n), int(keys) % KEY_SPACE, float(total), float(absolute), (float(largest),)
        )
    for m, r, size, section, segment, second in _query(
        f"SELECT m, r, g1, g2, g3, a FROM (SELECT CAST({col('month')} AS TEXT) AS m, "
        f"{col('round')} AS r, {col('size_class')} AS g1, {col('section')} AS g2, "
        f"{col('segment')} AS g3, ABS({value}) AS a, ROW_NUMBER() OVER (PARTITION BY "
        f"{period}, {groups} ORDER BY ABS({value}) DESC) AS place FROM {table}{where}) ranked "
        "WHERE place = 2",
        params,
    ):
        found = flat[SEGMENTS, _month(m), r, "|".join((size, section, segment or pure.NO_SEGMENT))]
        found.largest = (*found.largest[:1], float(second))

    bands = ", ".join(col(f) for f in (*BANDS.values(), "sector_impact"))
    for row in _query(
        f"SELECT {period}, {bands}, COUNT(*), SUM({key}) FROM {table}{where} "
        f"GROUP BY {period}, {bands}",
        params,
    ):
        m, r, *codes, n, keys = row
        month = _month(m)
        for dimension, code in zip(BANDS, codes[:4], strict=True):
            _add(flat, (f"band:{dimension}", month, r, code or NOT_GIVEN), n, keys)
        _add(flat, (IMPACT, month, r, codes[4]), n, keys)

    # the migrations that fill the atoms before 0008 run on a record model without schemes
    families = ["eligible", "flag"]
    fields = ["eligible_measures", "verification_flags"]
    if any(f.name == "eligible_schemes" for f in meta.get_fields()):
        families.append(SCHEME)
        fields.append("eligible_schemes")
    # each list taken apart in SQL (one row per record and code), so the GROUP BY gives one
    # row per atom: grouped on the lists themselves, nearly every record came back to Python
    # (3.3 GB for 10,000,000 records, #18)
    unnest = (
        "CROSS JOIN LATERAL jsonb_array_elements_text({}) AS code(value)"
        if connection.vendor == "postgresql"
        else "CROSS JOIN json_each({}) AS code"
    )
    month_round = f"CAST({own('month')} AS TEXT), {own('round')}"
    own_where = only_ids(own("id"))
    for family, field in zip(families, fields, strict=True):
        for m, r, code, n, keys in _query(
            f"SELECT {month_round}, code.value, COUNT(*), SUM({own('record_key')}) "
            f"FROM {table} {unnest.format(own(field))}{own_where} "
            f"GROUP BY {month_round}, code.value",
            params,
        ):
            _add(flat, (f"{family}:{code}", _month(m), r, ""), n, keys)
    # the migration that first fills the atoms (0005) runs on a record model without this field
    has_help = any(f.name == "help_first" for f in meta.get_fields())
    for m, r, n, keys in (
        []
        if not has_help
        else _query(
            f"SELECT {period}, COUNT(*), SUM({key}) FROM {table}"
            f"{where + ' AND' if where else ' WHERE'} {col('help_first')} GROUP BY {period}",
            params,
        )
    ):
        _add(flat, (HELP_FIRST, _month(m), r, ""), n, keys)
    return flat


def _add(into: dict, at: tuple, n: int, keys) -> None:
    found = into.get(at)
    if found is None:
        found = into[at] = Contribution()
    found.n += int(n)
    found.key = (found.key + int(keys)) % KEY_SPACE


def _atom_of(row: MonitoringAtom) -> Contribution:
    largest = tuple(float(v) for v in (row.largest_1, row.largest_2)[: min(row.n, 2)])
    return Contribution(row.n, row.key_sum, float(row.total), float(row.absolute), largest)


def _store(flat: Flat, atom_model=MonitoringAtom) -> None:
    atom_model.objects.bulk_create(
        atom_model(
            family=family,
            month=month,
            round_id=round_id,
            part=part,
            n=c.n,
            key_sum=c.key,
            total=round(c.total),
            absolute=round(c.absolute),
            largest_1=round(c.largest[0]) if c.largest else 0,
            largest_2=round(c.largest[1]) if len(c.largest) > 1 else 0,
        )
        for (family, month, round_id, part), c in flat.items()
    )


def add_batch(ids: list) -> None:
    """Add a just-written batch of records (by id) to the atoms, inside the batch's
    transaction; batches are serialised (PostgreSQL: an advisory lock; SQLite: one writer)."""
    if connection.vendor == "postgresql":
        _query("SELECT pg_advisory_xact_lock(%s)", [LOCK])
    flat = {}
    for first in range(0, len(ids), 500):
        for k, c in _flat(ids=ids[first : first + 500]).items():
            found = flat.get(k)
            flat[k] = c if found is None else Contribution.merged([found, c], 2)
    stored = {
        (a.family, a.month, a.round_id, a.part): a
        for a in MonitoringAtom.objects.filter(
            month__in={k[1] for k in flat}, round_id__in={k[2] for k in flat}
        )
    }
    fresh: Flat = {}
    changed = []
    for k, c in flat.items():
        row = stored.get(k)
        if row is None:
            fresh[k] = c
            continue
        merged = Contribution.merged([_atom_of(row), c], 2)
        row.n, row.key_sum = merged.n, merged.key
        row.total, row.absolute = round(merged.total), round(merged.absolute)
        row.largest_1 = round(merged.largest[0]) if merged.largest else 0
        row.largest_2 = round(merged.largest[1]) if len(merged.largest) > 1 else 0
        changed.append(row)
    MonitoringAtom.objects.bulk_update(
        changed, ["n", "key_sum", "total", "absolute", "largest_1", "largest_2"], batch_size=500
    )
    _store(fresh)


LOCK = 0x6875_6C70  # "hulp": the advisory lock that serialises batches on PostgreSQL


def rebuild(record_model=StatisticalRecord, atom_model=MonitoringAtom) -> int:
    """Compute every atom again from the records (a migration, ``manage.py
    rebuild_monitoring``); returns the number of atoms."""
    flat = _flat(record_model)
    atom_model.objects.all().delete()
    _store(flat, atom_model)
    return len(flat)


def stamp() -> tuple:
    """What identifies the stored atoms: their number, the number of records (the segments'
    atoms hold each record once) and the key sum change with every batch."""
    n = _atom_column("n")
    row = _query(
        f"SELECT COUNT(*), SUM(CASE WHEN {_atom_column('family')} = %s THEN {n} ELSE 0 END), "
        f"SUM({_atom_column('key_sum')}) "
        f"FROM {connection.ops.quote_name(MonitoringAtom._meta.db_table)}",
        [SEGMENTS],
    )[0]
    return tuple(int(v or 0) for v in row)


def _atom_column(name: str) -> str:
    return connection.ops.quote_name(MonitoringAtom._meta.get_field(name).column)


def record_atoms(measures: Iterable[str], schemes: Iterable[str] = ()) -> pure.Atoms:
    """The record-based atoms of the monitoring tables, from the stored atoms; for each scheme,
    the firms that qualified for it and (its complement) those that did not."""
    atoms = pure.Atoms()
    totals: dict[tuple, Contribution] = {}
    having: dict[str, dict[tuple, Contribution]] = {}
    for row in MonitoringAtom.objects.all().iterator(chunk_size=5_000):
        at, c = (row.month, row.round_id), _atom_of(row)
        family = row.family
        if family == SEGMENTS:
            atoms.segments[(*at, *row.part.split("|"))] = c
            found = totals.setdefault(at, Contribution())
            found.n += c.n
            found.key = (found.key + c.key) % KEY_SPACE
        elif family == IMPACT:
            atoms.impact[(*at, row.part)] = c
        elif family.startswith("band:"):
            atoms.bands.setdefault(family[5:], {})[(*at, row.part)] = c
        else:
            having.setdefault(family, {})[at] = c
    for measure in measures:
        atoms.eligible[measure] = _with_complement(having.get(f"eligible:{measure}", {}), totals)
    atoms.help_first = _with_complement(having.get(HELP_FIRST, {}), totals)
    for family, found in having.items():
        if family.startswith("flag:"):
            atoms.flags[family[5:]] = _with_complement(found, totals)
    for measure, found in atoms.eligible.items():
        atoms.uptake[measure] = {(*at[:2], "eligible"): c for at, c in found.items() if at[2]}
    for scheme in schemes:
        found = _with_complement(having.get(f"{SCHEME}:{scheme}", {}), totals)
        atoms.scheme_uptake[scheme] = {
            (*at[:2], "eligible" if at[2] else pure.NOT_ELIGIBLE): c for at, c in found.items()
        }
    return atoms


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


@functools.cache
def _answer_secret(secret_key: str) -> bytes:
    return hashlib.sha256(b"hulplijn cell keys|" + secret_key.encode()).digest()


def answer_key(assessment_id) -> int:
    """A stable random-looking key per assessment for the cell-key method (never stored)."""
    secret = _answer_secret(settings.SECRET_KEY)
    digest = hmac.new(secret, str(assessment_id).encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def firm_of(kvk_number: str, owner_id: int | None, assessment_id) -> str:
    """What identifies a firm across assessments: its KvK number where known, else its owner's
    account, else (an anonymous assessment, no account) only this assessment."""
    if kvk_number:
        return f"kvk:{kvk_number}"
    if owner_id is not None:
        return f"owner:{owner_id}"
    return f"assessment:{assessment_id}"


def firm_key(identity: str) -> int:
    """A firm's key for the cell-key method: a keyed hash of its identity, never stored."""
    return answer_key(f"firm|{identity}")


def firm_atoms(firms) -> dict[tuple, Contribution]:
    """Distinct firms per (month, round) among ``firms`` (consenting stored assessments): each
    firm once per round, in the month of its first assessment of that round."""
    first: dict[tuple[str, int], date] = {}
    for pk, owner_id, kvk, round_id, created_at in firms.order_by("created_at", "pk").values_list(
        "pk", "owner_id", "kvk_number", "round_id", "created_at"
    ):
        first.setdefault((firm_of(kvk, owner_id, pk), round_id), month_of(created_at))
    out: dict[tuple, Contribution] = {}
    for (identity, round_id), month in first.items():
        _add(out, (month, round_id), 1, firm_key(identity))
    return out


def live_atoms(atoms: pure.Atoms, measures: Iterable[str], surveys) -> pure.Atoms:
    """``atoms`` with uptake (answers among the eligible firms; the rest 'no answer'), survey area scores,
    feedback ratings (the latest per assessment) and distinct firms of the consenting assessments
    still stored, per (month, round)."""
    from hulplijn.core import survey as scoring

    firms = Assessment.objects.filter(consent_statistics=True)
    answered: dict[tuple, Contribution] = {}
    for pk, created_at, round_id, measure, status in MeasureUptake.objects.filter(
        assessment__in=firms
    ).values_list(
        "assessment_id", "assessment__created_at", "assessment__round_id", "measure", "status"
    ):
        _add(answered, (month_of(created_at), round_id, measure, status), 1, answer_key(pk))
    uptake: dict[str, dict[tuple, Contribution]] = {}
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
        uptake[measure] = found
    schemes = {
        scheme: _scheme_uptake(scheme, found, answered)
        for scheme, found in atoms.scheme_uptake.items()
    }

    specs = {s.code: s for s in surveys}
    scores: dict[str, dict[tuple, Contribution]] = {code: {} for code in specs}
    for pk, created_at, round_id, code, given in SurveyResponse.objects.filter(
        assessment__in=firms
    ).values_list(
        "assessment_id", "assessment__created_at", "assessment__round_id", "survey", "answers"
    ):
        spec = specs.get(code)
        score = None if spec is None else scoring.area_score(scoring.theme_scores(spec, given))
        if score is not None:
            at = (month_of(created_at), round_id)
            scores[code].setdefault(at, Contribution()).add(answer_key(pk), float(score))

    latest: dict = {}  # one rating per firm: its latest
    for pk, created_at, round_id, rating in (
        Feedback.objects.filter(assessment__in=firms)
        .order_by("created_at", "pk")
        .values_list("assessment_id", "assessment__created_at", "assessment__round_id", "rating")
    ):
        latest[pk] = (month_of(created_at), round_id, int(rating))
    feedback: dict[tuple, Contribution] = {}
    for pk, at in latest.items():
        feedback.setdefault(at, Contribution()).add(answer_key(pk), float(at[2]))
    return dataclasses.replace(
        atoms,
        uptake=uptake,
        scheme_uptake=schemes,
        surveys=scores,
        feedback=feedback,
        firms=firm_atoms(firms),
    )


def _scheme_uptake(
    scheme: str, records: dict[tuple, Contribution], answered: dict[tuple, Contribution]
) -> dict[tuple, Contribution]:
    """A scheme's atoms per (month, round): the answers of its eligible firms per status, the
    eligible firms without an answer, and the firms that did not qualify, so that the atoms
    of a period add up to the period's records exactly (its total is the segments' total, with
    the same key: the audit sees the complement a published total gives away). Answers beyond
    the eligible records (a batch not yet written, or a firm whose record predates the scheme)
    are left out rather than let the period's firms add up to more than its records: statuses
    are taken in order until the eligible firms are used up."""
    found: dict[tuple, Contribution] = {}
    for (m, r, part), c in records.items():
        if part != "eligible":
            found[m, r, part] = c
            continue
        rest, last = Contribution(c.n, c.key), None
        for status in pure.UPTAKE:
            given = answered.get((m, r, scheme, status))
            if given is None or rest.n == 0:
                continue
            n = min(given.n, rest.n)
            last = found[m, r, status] = Contribution(n, given.key)
            rest = Contribution(rest.n - n, (rest.key - given.key) % KEY_SPACE)
        if rest.n:
            found[m, r, pure.NO_ANSWER] = rest
        elif last is not None:  # every eligible firm answered: the keys still add up to c's
            last.key = (last.key + rest.key) % KEY_SPACE
    return found
