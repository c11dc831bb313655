"""Loading answers, computing a round's results with the pure engine, and storing them.

`compute_round` recomputes a whole round; after approvals, `recompute_pending` recomputes
only the approved municipalities and the aggregates they belong to (a task in the worker:
results/tasks.py), which gives the same values (a property test holds it to that).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.db import connection, transaction
from django.utils import timezone

from beredskap import audit
from beredskap.catalogue.models import IndicatorVersion, Question
from beredskap.registry.models import Municipality
from beredskap.surveys.models import Answer, Response, Round

from . import bulk, collector, fragments, kept_values
from . import calculations as calc
from .models import PendingRecompute, Value

#: Which responses each basis reads.
BASIS_STATUSES = {
    Value.Basis.APPROVED: [Response.Status.APPROVED],
    Value.Basis.PRELIMINARY: [Response.Status.APPROVED, Response.Status.SUBMITTED],
}


@dataclass
class ComputeSummary:
    round: int
    basis: str
    indicators: int
    municipalities_with_answers: int
    rows: int
    written: int = 0  # rows inserted, updated or deleted: only what changed


def definitions(survey_round: Round) -> dict[str, tuple[IndicatorVersion, calc.IndicatorDef]]:
    versions = (
        IndicatorVersion.objects.filter(edition=survey_round.edition)
        .select_related("indicator")
        .prefetch_related("activities")
    )
    return {
        v.indicator.code: (
            v,
            calc.IndicatorDef(
                code=v.indicator.code,
                kind=v.kind,
                formula=v.formula,
                activities=tuple(a.code for a in v.activities.all()),
                classification=v.classification,
                direction=v.direction,
            ),
        )
        for v in versions
    }


def units(year: int) -> list[calc.Unit]:
    return [
        calc.Unit(code=m.code, county=m.county.code, group=m.group_code)
        for m in Municipality.objects.select_related("county").with_group(year)
    ]


def answers(
    survey_round: Round, basis: str, municipalities: Iterable[str] | None = None
) -> dict[str, dict[str, dict]]:
    """{municipality code: {activity: {question: value}}}, of every municipality of the
    basis or only of the `municipalities` (codes) given.

    The answer rows carry ids, mapped to codes in Python, and are read past the ORM's
    per-row converters: each distinct JSON text is decoded once, by the field itself (most
    answers are one of a few values such as "ja"). Joining in the codes and converting row
    by row took longer than the rest of a recompute's reading. Decoded values are shared
    between answers, so they are read-only (the engine never changes them, and its memo
    of outcomes, `calculations._local`, hits because of the sharing).
    """
    statuses = BASIS_STATUSES[basis]
    responses = Response.objects.filter(round=survey_round, status__in=statuses)
    chosen = Answer.objects.filter(response__round=survey_round, response__status__in=statuses)
    if municipalities is not None:
        responses = responses.filter(municipality__code__in=list(municipalities))
        chosen = Answer.objects.filter(response__in=responses)
    municipality = dict(responses.values_list("pk", "municipality__code"))
    question = dict(Question.objects.values_list("pk", "code"))  # a few hundred
    query = chosen.values_list("response_id", "activity_code", "question_id", "value").query
    field = Answer._meta.get_field("value")
    decoded: dict = {}
    grouped: dict[str, dict[str, dict]] = {}
    slots: dict[tuple[int, str], dict] = {}  # (response, activity): its answers
    with connection.cursor() as cursor:
        cursor.execute(*query.sql_with_params())
        while rows := cursor.fetchmany(5000):
            for response_id, activity, question_id, raw in rows:
                answered = slots.get((response_id, activity))
                if answered is None:
                    answered = slots[response_id, activity] = {}
                    grouped.setdefault(municipality[response_id], {})[activity] = answered
                if raw is None:
                    value = None
                elif (value := decoded.get(raw, _UNREAD)) is _UNREAD:
                    value = decoded[raw] = field.from_db_value(raw, None, connection)
                answered[question[question_id]] = value
    return grouped


_UNREAD = object()


def compute_round(
    *,
    survey_round: Round,
    basis: str = Value.Basis.APPROVED,
    by=None,
    progress: Callable[[int, int], None] | None = None,
) -> ComputeSummary:
    """Recompute every value of a round from its answers. Idempotent: same answers, same rows.

    The engine yields one indicator at a time and each is compared with the stored values
    and its changes collected at once, inside one transaction (see `_write`); progress is
    reported per indicator. Performance: docs/results.md, bench/README.md.
    """
    defs = definitions(survey_round)
    with collector.paused():
        loaded = answers(survey_round, basis)
        computed = calc.compute_each(
            [definition for _, definition in defs.values()], units(survey_round.year), loaded
        )
        with transaction.atomic():
            rows, written = _write(survey_round, basis, _by_version(computed, defs, progress))
    _refresh_statistics(written)
    audit.record(actor=by, action="results.computed", target=survey_round, basis=basis, rows=rows)
    return ComputeSummary(survey_round.year, basis, len(defs), len(loaded), rows, written)


#: Rows written by one computation from which the planner's statistics are refreshed.
ANALYZE_AFTER = 10_000


def _refresh_statistics(written: int) -> None:
    """Tell PostgreSQL's planner about a large write at once (ANALYZE of the values).

    A new round's first computation writes some 90,000 values under a round id the
    statistics have never seen. Until autovacuum's next ANALYZE (a minute or more) the
    planner takes the round for a handful of rows and reads a results page's four units by
    scanning the whole round: about 50 ms of database time for each page's largest query
    instead of 6 (bench/README.md, the deadline hour). A recompute after an approval writes
    a few hundred rows and skips this.
    """
    if written >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Value._meta.db_table)}")


def _by_version(computed, defs, progress) -> Iterator[tuple[int, list[calc.Cell]]]:
    """(indicator version id, cells) per indicator, reporting progress as each is done."""
    for index, (definition, cells) in enumerate(computed, start=1):
        yield defs[definition.code][0].pk, cells
        if progress:
            progress(index, len(defs))


def request_recompute(*, round_id: int, municipality_id: int) -> None:
    """Mark a municipality's approved values for the next recompute of its round (in the
    caller's transaction; a mark already there stands: see PendingRecompute)."""
    PendingRecompute.objects.bulk_create(
        [PendingRecompute(round_id=round_id, municipality_id=municipality_id)],
        ignore_conflicts=True,
    )


def recompute_pending(*, survey_round: Round, by=None) -> ComputeSummary | None:
    """Recompute what approvals marked (`request_recompute`) since the last run: the
    municipalities' approved values and their aggregates. None when nothing was marked (an
    earlier run took the marks of approvals that arrived together).

    One recompute of a round at a time: each reads the stored values it does not compute,
    so two at once could each miss the other's municipalities in the aggregates they share
    (the nation always). On PostgreSQL a transaction-level advisory lock per round
    serialises them across workers (not a lock on the round's row: approvals lock that row,
    and must not wait for a recompute); SQLite runs one writer at a time anyway. The marks
    are taken and deleted in the same transaction as the values are written.
    """
    with transaction.atomic():
        _one_recompute_at_a_time(survey_round)
        marks = PendingRecompute.objects.filter(round=survey_round).select_for_update(
            skip_locked=True, of=("self",)
        )
        claimed = dict(marks.values_list("pk", "municipality__code"))
        if not claimed:
            return None
        PendingRecompute.objects.filter(pk__in=list(claimed)).delete()
        return recompute_municipalities(
            survey_round=survey_round, codes=set(claimed.values()), by=by
        )


#: The first key of the advisory lock of a round's recompute (the second is the round's id).
RECOMPUTE_LOCK = 0x52455355  # "RESU"


def _one_recompute_at_a_time(survey_round: Round) -> None:
    """Wait for any other recompute of the round, until the caller's transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            lock = [RECOMPUTE_LOCK, survey_round.pk]
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", lock)


def recompute_municipalities(
    *, survey_round: Round, codes: set[str], basis: str = Value.Basis.APPROVED, by=None
) -> ComputeSummary:
    """Recompute the values of the municipalities `codes` from their answers and the
    aggregates they belong to (their counties, groups, the nation) from every
    municipality's values, the others' as stored; classify every cell again. Same result
    as `compute_round`, which it falls back to while the round's stored values are not
    complete (never computed, or the municipalities or indicators changed since).

    The stored values come from the copy the last recompute in this process kept
    (`kept_values`) while no other write changed them, else from the database.
    """
    defs = definitions(survey_round)
    everyone = units(survey_round.year)
    of = kept_values.shape(defs, everyone)
    with collector.paused(), transaction.atomic():
        current = kept_values.stamp(survey_round.pk, basis)
        copy = kept_values.take(survey_round.pk, basis, current, of)
        if copy is None:
            read = _stored(Value.objects.filter(round=survey_round, basis=basis))
            stored = _stored_cells(read, defs)
            kept = {id(cell) for local, rolled in stored.values() for cell in (*local, *rolled)}
        else:
            read, stored, kept = copy.rows, copy.cells, copy.kept
        if not _complete(stored, defs, len(everyone)):
            return compute_round(survey_round=survey_round, basis=basis, by=by)
        changed = [unit for unit in everyone if unit.code in codes]
        loaded = answers(survey_round, basis, municipalities=codes)
        fresh = calc.local_each([d for _, d in defs.values()], changed, loaded)
        computed: dict[int, list[calc.Cell]] = {}
        recombined = _collected(_recombined(defs, everyone, stored, fresh), computed)
        rows, new, gone = _differences(recombined, read, kept)
        current = _apply(survey_round, basis, new, gone) or current
        if not gone:
            codes_of = {version.pk: code for code, (version, _) in defs.items()}
            current = current or kept_values.renew(survey_round.pk, basis)
            kept_values.keep(survey_round.pk, basis, current, of, read, computed, codes_of, new)
    audit.record(
        actor=by, action="results.recomputed", target=survey_round, basis=basis, rows=rows,
        municipalities=sorted(codes),
    )  # fmt: skip
    return ComputeSummary(
        survey_round.year, basis, len(defs), len(loaded), rows, len(new) + len(gone)
    )


def _collected(computed, into: dict) -> Iterator[tuple[int, list[calc.Cell]]]:
    """`computed` as it is, each indicator's cells also put `into` a dict by version."""
    for version, cells in computed:
        into[version] = cells
        yield version, cells


def _recombined(defs, everyone, stored, fresh) -> Iterator[tuple[int, list[calc.Cell]]]:
    """(indicator version id, cells) per indicator: the `fresh` municipality cells in place
    of their stored ones, the aggregates they belong to rolled up again."""
    members = {}  # by the municipalities changed: the same for every indicator
    for definition, cells in fresh:
        changed = frozenset(cell.unit for cell in cells)
        local, rolled = stored[definition.code]
        local = [cell for cell in local if cell.unit not in changed] + cells
        affected = {(calc.NATION, calc.NATION_CODE)} | {
            key
            for unit in everyone
            if unit.code in changed
            for key in ((calc.COUNTY, unit.county), (calc.GROUP, unit.group))
            if key[1]
        }
        if changed not in members:
            members[changed] = calc.affected_members(everyone, affected)
        yield (
            defs[definition.code][0].pk,
            calc.recombine(definition, everyone, local, rolled, affected, members[changed]),
        )


def _stored_cells(stored: dict[int, dict[tuple, tuple]], defs) -> dict[str, tuple[list, list]]:
    """{indicator code: (municipality cells, aggregate cells)} of the stored values as
    `_stored` read them, classified as stored (`calc.recombine` classifies them again and
    returns the cells whose colour stands as they are), numbers as the Decimals the engine
    computes with. One read serves this and `_differences`: reading the round again through the
    ORM cost more than the rest of the recompute."""
    cells: dict[str, tuple[list, list]] = {indicator: ([], []) for indicator in defs}
    convert = connection.vendor != "postgresql"  # PostgreSQL returns Decimals already
    new = tuple.__new__  # as calc._coloured: a Cell without the named tuple's argument mapping
    for indicator, (version, _) in defs.items():
        for (level, unit, activity), row in stored.get(version.pk, {}).items():
            numbers = tuple(map(_decimal, row[1:4])) if convert else row[1:4]
            cells[indicator][level != calc.MUNICIPALITY].append(
                new(calc.Cell, (indicator, level, unit, activity, *numbers, *row[4:]))
            )
    return cells


def _decimal(number) -> Decimal | None:
    """A stored number as the driver returns it (PostgreSQL: a Decimal; SQLite: an int, or
    the float of the Decimal's text, whose shortest repr is that text) as a Decimal."""
    if number is None or isinstance(number, Decimal):
        return number
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def _complete(stored: dict[str, tuple[list, list]], defs, municipalities: int) -> bool:
    """Whether every indicator has its cells for every municipality stored."""
    for _, definition in defs.values():
        activities = len(definition.activities) + 1 if definition.activities else 1
        if len(stored[definition.code][0]) != municipalities * activities:
            return False
    return True


#: A cell's stored fields, in the order of COLUMNS: its key after the indicator, its values.
_KEY = attrgetter("level", "unit", "activity")
_VALUES = attrgetter(
    "value", "numerator", "denominator", "verdict", "reason", "units", "classification"
)
COLUMNS = (
    "round_id", "indicator_id", "basis", "level", "unit_code", "activity_code", "value",
    "numerator", "denominator", "verdict", "reason", "units", "classification", "computed_at",
)  # fmt: skip
KEY = ("indicator_id", "level", "unit_code", "activity_code")  # a cell within (round, basis)
#: A stored row as `_stored` reads it is its id, then the fields a Cell has after its key.
assert COLUMNS[6:13] == calc.Cell._fields[4:]
#: Ids per DELETE.
BATCH = 500


def _write(survey_round: Round, basis: str, computed) -> tuple[int, int]:
    """Make the stored values of the round and basis those `computed` (cells by indicator
    version, as the engine yields them), writing only the differences. Returns the number
    of rows and of rows written (inserted, updated or deleted). Runs in the caller's
    transaction, so the comparison and the writes see one state.

    Reading the stored values and comparing costs less than writing them all again: per
    row, an upsert probes the six-column unique index (SQLite) or costs a round trip
    (PostgreSQL), and a recompute after an approval changes a handful to a few hundred of
    some 90,000 values. Each indicator is compared as the engine yields it, so only one
    indicator's cells are held at a time (holding all 800,000 at ten times the
    municipalities made the recompute grow faster than the number of municipalities).

    A value that a recompute confirms keeps its row, so `computed_at` is when a value was
    computed as it stands (stamping every row rewrote them all: 1.5 s on PostgreSQL); when
    the round was last recomputed is in the audit log (results.computed).
    """
    stored = _stored(Value.objects.filter(round=survey_round, basis=basis))
    rows, changed, gone = _differences(computed, stored)
    _apply(survey_round, basis, changed, gone)
    return rows, len(changed) + len(gone)


def _differences(
    computed: Iterable[tuple[int, list[calc.Cell]]],
    stored_by_version: dict[int, dict[tuple, tuple]],
    kept: set[int] = frozenset(),
) -> tuple[int, list[tuple], list[int]]:
    """(rows computed, rows to insert or update, ids of rows to delete) to make the
    `stored_by_version` rows (as `_stored` reads them; left as they are) the `computed`
    cells. `kept` holds the ids of cells made from those rows (`_stored_cells`, or the copy
    of `kept_values`): a computed cell that is one of them is its row, unchanged, and is
    not compared (after an approval, all but a few hundred of the round's cells)."""
    changed, gone, rows, seen = [], [], 0, set()
    for version, cells in computed:
        rows += len(cells)
        seen.add(version)
        gone += _compare(version, cells, stored_by_version.get(version, {}), kept, changed)
    for version, stored in stored_by_version.items():
        if version not in seen:
            gone += [old[0] for old in stored.values()]
    return rows, changed, gone


def _apply(survey_round: Round, basis: str, changed: list, gone: list[int]):
    """Write the differences (`_differences`); return the round's new stamp, or None if
    nothing changed. This is the one writer of `Value` rows: when it changed any, the pages
    kept in the shared cache (`fragments`) end as the transaction commits, and the copy of
    the values a worker keeps (`kept_values`) is no longer theirs."""
    _upsert(survey_round.pk, basis, changed)
    for start in range(0, len(gone), BATCH):
        Value.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    if not (changed or gone):
        return None
    fragments.values_changed()  # the kept results pages end when this commits
    return kept_values.renew(survey_round.pk, basis)


def _compare(version: int, cells: list, stored: dict, kept: set[int], changed: list) -> list:
    """Append to `changed` the rows of an indicator's `cells` that differ from the `stored`
    rows; return the ids of the stored rows no cell is computed for."""
    matched = 0
    for cell in cells:
        if id(cell) in kept:  # made from its stored row
            matched += 1
            continue
        key, fields = _KEY(cell), _VALUES(cell)
        old = stored.get(key)
        if old is None:
            changed.append((version, *key, *fields))
            continue
        matched += 1
        if old[1:] != fields and not _same(old[1:], fields):
            changed.append((version, *key, *fields))
    if len(stored) > matched:  # rows not computed again
        computed = {_KEY(cell) for cell in cells}
        return [old[0] for key, old in stored.items() if key not in computed]
    return []


def _stored(values) -> dict[int, dict[tuple, tuple]]:
    """{indicator version: {(level, unit, activity): (id, value, …, classification)}} of the
    stored values, as the driver returns them: no per-row ORM conversion. One query: one
    per indicator was planned as a scan of the whole round by PostgreSQL until it had
    statistics of the table (1.3 s instead of 0.1 s)."""
    query = values.values_list(*KEY, "id", *COLUMNS[6:13]).query
    stored: dict[int, dict[tuple, tuple]] = {}
    with connection.cursor() as cursor:
        cursor.execute(*query.sql_with_params())
        while rows := cursor.fetchmany(10_000):
            for row in rows:
                indicator = stored.get(row[0])
                if indicator is None:
                    indicator = stored[row[0]] = {}
                indicator[row[1:4]] = row[4:]
    return stored


def _same(stored: tuple, computed: tuple) -> bool:
    """Whether stored values (as the driver returns them) are the computed `_VALUES`.

    Numbers come back as Decimals from PostgreSQL, and from SQLite as an int or the float
    of the Decimal's text; comparing that float with the Decimal's float can only err
    towards an unneeded write.
    """
    if stored[3:] != computed[3:]:
        return False
    for old, new in zip(stored[:3], computed[:3], strict=True):
        if old is None or new is None:
            if old is not new:
                return False
        elif old != (float(new) if isinstance(old, float) else new):
            return False
    return True


def _upsert(round_id: int, basis: str, rows: list[tuple]) -> None:
    """Insert rows, or update the row of the same cell (INSERT … ON CONFLICT DO UPDATE),
    many at once (`bulk.insert`: COPY on PostgreSQL, one prepared statement on SQLite)."""
    if not rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    key = next(c.fields for c in Value._meta.constraints if c.name == "one_value_per_cell")
    bulk.insert(
        Value,
        COLUMNS,
        [(round_id, row[0], basis, *row[1:], stamp) for row in rows],
        upsert_on=key,
    )
