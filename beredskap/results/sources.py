"""Support needs from above: a small registry of need *sources* beside the indicators.

`results` ranks where support is needed most from the indicators (`support.py`). Apps on
higher floors know of other needs: the continuity register's scenario gaps (functions that
fail within their tolerable downtime under a grundantagande of the adopted direction). They
may not be imported from here, so such an app registers a source in its
`AppConfig.ready()` (`register(source)`) and the internal results pages ask every
registered source for a municipality's, a county's or the nation's needs. docs/results.md
("Support needs") states the rule.

A source decides who may see what (through `registry.access`) and leaves the audit rows of
its reads; it returns nothing to a viewer who may not see it. The public pages of a release
never ask (`pages.Site.internal` is False there), so nothing from a source reaches the
public pages, downloads, API v1 or the Kolada door. Each need links to the library items
for its grundantagande, read with the other needs' in two queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from beredskap.library.queries import items_for


@dataclass(frozen=True)
class OtherNeed:
    """A need a source names, ranked beside the others by `priority` (percentage points).

    `affected` of `of` fall short: a municipality's critical functions, or a county's or
    the nation's municipalities with a register. A suppressed need (an aggregate of too few
    municipalities) shows neither counts nor names.
    """

    source: str  # the source's name, e.g. "scenario"
    assumption: str  # the grundantagande's code: the library's items for it are linked
    title: str
    affected: int
    of: int
    priority: Decimal
    people: int | None = None  # people served by the units with a gap, where counted
    names: tuple[str, ...] = ()  # units or municipalities, only where the viewer may see them
    href: str = ""  # where the source shows more, if the viewer may open it
    suppressed: bool = False
    counted: str = "functions"  # what `affected` and `of` count: functions or municipalities


class NeedSource(Protocol):
    """What a registered source answers; each returns [] to a viewer who may not see it."""

    name: str

    def for_municipality(self, user, municipality) -> list[OtherNeed]: ...

    def for_county(self, user, county) -> list[OtherNeed]: ...

    def for_nation(self, user) -> list[OtherNeed]: ...


_sources: dict[str, NeedSource] = {}


def register(source: NeedSource) -> None:
    """Add a source (once per name: registering again replaces it)."""
    _sources[source.name] = source


def registered() -> tuple[NeedSource, ...]:
    return tuple(_sources.values())


def _ranked(ask: Callable[[NeedSource], list[OtherNeed]]) -> list[tuple[OtherNeed, list]]:
    """Every source's needs, most urgent first (suppressed ones last), each with the library
    items for its grundantagande."""
    found = [need for source in registered() for need in ask(source)]
    found.sort(key=lambda n: (n.suppressed, -n.priority, -(n.people or 0), n.assumption))
    guidance = items_for(assumptions=[n.assumption for n in found]) if found else {}
    return [(n, guidance.get(n.assumption, [])) for n in found]


def municipality_needs(user, municipality) -> list[tuple[OtherNeed, list]]:
    return _ranked(lambda source: source.for_municipality(user, municipality))


def county_needs(user, county) -> list[tuple[OtherNeed, list]]:
    return _ranked(lambda source: source.for_county(user, county))


def nation_needs(user) -> list[tuple[OtherNeed, list]]:
    return _ranked(lambda source: source.for_nation(user))
