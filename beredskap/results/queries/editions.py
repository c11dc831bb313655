"""The indicator versions the results pages draw from, read once per process and edition.

Every results page reads the round's indicator versions (with their indicator, area and
activities) and the municipality page their revision history across editions: about a
thousand model instances a page, a fifth of a municipality page's CPU, for rows that
change only when an edition is loaded (the catalogue is read-only elsewhere; its admin
too). So they are kept in this process's memory under each edition's id, load time and
checksum, as `surveys.structure.of` keeps the questionnaire: a reloaded edition is a new
key, found by one small query per page. The instances are shared between requests: the
pages only read them.
"""

import threading
from collections import defaultdict

from beredskap.catalogue.models import Edition, IndicatorVersion

#: Editions (or whole histories) kept; the oldest goes first.
KEEP = 16

_memo: dict[tuple, object] = {}
_lock = threading.Lock()


def _kept(key: tuple, read):
    found = _memo.get(key)
    if found is None:
        found = read()
        with _lock:
            while len(_memo) >= KEEP:
                _memo.pop(next(iter(_memo)))
            _memo[key] = found
    return found


def edition_versions(edition_id: int) -> tuple[IndicatorVersion, ...]:
    """The edition's indicator versions with indicator, area and activities, in page order
    (area, then position)."""
    stamp = tuple(Edition.objects.filter(pk=edition_id).values_list("loaded_at", "checksum"))
    return _kept(
        ("versions", edition_id, stamp),
        lambda: tuple(
            IndicatorVersion.objects.filter(edition_id=edition_id)
            .select_related("indicator", "area")
            .prefetch_related("activities")
            .order_by("area__position", "position")
        ),
    )


def all_history() -> dict[int, tuple[IndicatorVersion, ...]]:
    """Every indicator's versions with edition and indicator, oldest first."""
    stamp = tuple(Edition.objects.order_by("pk").values_list("pk", "loaded_at", "checksum"))
    return _kept(("history", stamp), _read_history)


def _read_history() -> dict[int, tuple[IndicatorVersion, ...]]:
    result: dict[int, list[IndicatorVersion]] = defaultdict(list)
    for version in IndicatorVersion.objects.select_related("edition", "indicator").order_by(
        "edition__year"
    ):
        result[version.indicator_id].append(version)
    return {pk: tuple(found) for pk, found in result.items()}
