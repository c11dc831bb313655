"""A round's stored values kept in the process between incremental recomputes.

Why: after each approval the task worker recomputes one municipality and the aggregates it
belongs to, but to do so it read all of the round's stored values (some 88,000 rows) and
made the engine's cells of them, about half of a recompute's time, and the database's
share of it ran at full priority beside the autosaves of the deadline hour
(bench/README.md). Between two recomputes nothing else writes those values, so the worker
keeps what the last one left: the rows as `services._stored` reads them and the cells as
`services._stored_cells` makes them, the write applied.

A copy is good while the round's `ValuesWritten` stamp is the one it was kept under:
`services._apply`, the one writer of `Value` rows, sets a new stamp in the same transaction
as any change, so another process's write, a full `compute_round` or a write that rolled
back (the stamp rolls back with it) each make the copy unusable, and the next recompute
reads the round again. The copy is also keyed on the database, the edition's indicator
versions and the municipalities with their counties and groups, which a recompute reads
afresh each time. A write the copy cannot follow (a row inserted, whose id it does not know,
or rows deleted) drops it.

Values written other than through `services` (a hand-made SQL fix) leave a kept copy
stale: after such a fix, run `beredskap compute_results` (it sets a new stamp) or restart
the worker.
"""

import threading
import uuid
from dataclasses import dataclass

from django.db import connection

from . import calculations as calc
from .models import ValuesWritten


@dataclass
class Copy:
    """What a recompute needs of the stored values: `rows` as `services._stored` reads them
    ({version: {(level, unit, activity): (id, *fields)}}), `cells` as
    `services._stored_cells` makes them ({indicator code: (municipality cells, aggregate
    cells)}) and the ids of those cells (`kept`: a cell that is one of them is its row)."""

    rows: dict[int, dict[tuple, tuple]]
    cells: dict[str, tuple[list, list]]
    kept: set[int]


_copies: dict[tuple, tuple[uuid.UUID, tuple, Copy]] = {}
_lock = threading.Lock()


def stamp(round_id: int, basis: str) -> uuid.UUID | None:
    """The round's stamp now (in the caller's transaction), None if never written."""
    found = ValuesWritten.objects.filter(round_id=round_id, basis=basis)
    return found.values_list("stamp", flat=True).first()


def renew(round_id: int, basis: str) -> uuid.UUID:
    """Set a new stamp for the round's values (in the caller's transaction)."""
    new = uuid.uuid4()
    ValuesWritten.objects.update_or_create(round_id=round_id, basis=basis, defaults={"stamp": new})
    return new


def shape(defs: dict, units: list[calc.Unit]) -> tuple:
    """What besides the stored values a copy's cells depend on."""
    versions = tuple(sorted((code, version.pk) for code, (version, _) in defs.items()))
    return versions, tuple(units)


def _key(round_id: int, basis: str) -> tuple:
    """Which copy: of this database (tests and benches make others in one process)."""
    return connection.alias, connection.settings_dict["NAME"], round_id, basis


def take(round_id: int, basis: str, current: uuid.UUID | None, of: tuple) -> Copy | None:
    """The copy kept of the round's values if it is still theirs; it leaves the keeping
    (the recompute changes it, and keeps it again with `keep`)."""
    with _lock:
        kept = _copies.pop(_key(round_id, basis), None)
    if kept is None or current is None or kept[0] != current or kept[1] != of:
        return None
    return kept[2]


def keep(
    round_id: int,
    basis: str,
    current: uuid.UUID,
    of: tuple,
    rows: dict[int, dict[tuple, tuple]],
    computed: dict[int, list[calc.Cell]],
    codes: dict[int, str],
    changed: list[tuple],
) -> None:
    """Keep the values as the recompute left them under the `current` stamp: `rows` as
    read before it with the `changed` rows (version, level, unit, activity, *fields)
    applied, and the `computed` cells by version (`codes`: each version's indicator code).
    Not kept if a changed row was inserted: its id is not known here."""
    for version, *key_and_fields in changed:
        key, fields = tuple(key_and_fields[:3]), key_and_fields[3:]
        old = rows.get(version, {}).get(key)
        if old is None:
            return
        rows[version][key] = (old[0], *fields)
    cells = {
        codes[version]: (
            [c for c in made if c.level == calc.MUNICIPALITY],
            [c for c in made if c.level != calc.MUNICIPALITY],
        )
        for version, made in computed.items()
    }
    kept = {id(cell) for made in computed.values() for cell in made}
    with _lock:
        _copies.clear()  # one round is recomputed at a time: keep its copy only
        _copies[_key(round_id, basis)] = (current, of, Copy(rows, cells, kept))
