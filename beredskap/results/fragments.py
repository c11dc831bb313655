"""The costly part of a municipality's internal results page, drawn once per change of what
it shows and kept in the cache every app server shares.

Why: at the deadline, county reviewers reload a municipality's results page about once a
second while they wait for an approval to show. Each load read and drew the profile, every
indicator's four comparisons, its trend and its activities (155-200 ms of CPU for some
98 KB of HTML), and in the deadline benchmark those reloads took a quarter of a core from
the autosaves. What the profile shows changes only when its inputs change, above all when
this app writes values, so its HTML is kept under a key that names every input and a
generation that every write ends.

Only with a cache every app server shares (`settings.RESULTS_CACHE`, Redis when `REDIS_URL`
is set): one process's memory cannot hear another process's recompute and would serve its
old page. Without one, and on the public pages of a release (their values are not this
app's), the profile is drawn on every request, as before.

The kept HTML (`results/_profile_facts.html`, `_needs_ranked.html`,
`_profile_indicators.html`) reads, and so is kept under:

- the computed values of every round, on both bases: the page's round and basis, and the
  earlier rounds' approved values its trends read. `values_changed` sets a new generation
  when a write of them commits: `services._apply` is the one writer of `Value` rows (full
  and incremental computations and the rows they delete; the demo, the release and the
  `compute_results` command go through `compute_round`), and a deleted round takes its
  values with it (`_ends_generation` below);
- the catalogue: the edition's indicator versions (title, kind, sensitivity, direction),
  areas, activities and the questions that link indicators to målbilder, and the versions
  of the other editions that make an indicator's revision history (series breaks). An
  edition a round uses cannot be replaced, but another year's can: an edition created,
  replaced or deleted ends the generation;
- the SKR groups in force in the year: the municipality's group and its members (the
  standing in the group). An assignment saved or deleted ends the generation;
- the library items each support need links to as guidance: every edit saves its item,
  and an item saved or deleted ends the generation;
- in the key itself: the site (URL namespace and script prefix), the round and its year,
  the basis, the whole `ValueViewer` (what each cell may show: every field, so a field
  added later is covered), the active language, the municipality (id, code, name and
  county), the page's data links, and a digest of this app's code, templates and the
  translations (`_code`), so a deploy that draws differently does not serve the old HTML.

Response statuses and the round's status are not read: preliminary values are the stored
values of their basis. Everything else on the page is drawn on every request: the heading,
the round and basis links, the målbild link, the county, the needs of other apps' sources
(`results.sources`: sensitive and per user), the navigation, messages and the CSRF token.

A kept page lives at most `SECONDS`, so a lost invalidation (the shared cache down when a
write committed) cannot keep it longer.
"""

import dataclasses
import hashlib
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from beredskap.catalogue.models import Edition
from beredskap.library.models import Item
from beredskap.registry import access
from beredskap.registry.access import ValueViewer
from beredskap.registry.models import MunicipalityGroupAssignment
from beredskap.surveys.models import Round

#: How long drawn HTML stays; a write ends it at once (`values_changed`), so this only
#: bounds what a lost invalidation could keep (as `registry.access.core.GRANTS_SECONDS`).
SECONDS = 300
#: The key of the current generation: a random text, new after every write.
GENERATION = "results-generation"

Drawn = dict[str, SafeString]


def _store():
    """The cache every app server shares (settings.RESULTS_CACHE), or None."""
    alias = getattr(settings, "RESULTS_CACHE", "")
    return caches[alias] if alias else None


def values_changed() -> None:
    """End every kept page when the caller's transaction commits (values were written, or
    another input of the pages changed). Robust: a shared cache that is down does not undo
    the committed write; the pages then end within `SECONDS`."""
    store = _store()
    if store is not None:
        transaction.on_commit(
            lambda: store.set(GENERATION, uuid.uuid4().hex, timeout=None), robust=True
        )


def kept(parts: tuple, draw: Callable[[], Drawn]) -> Drawn:
    """`draw()`, kept in the shared cache under `parts` (everything it depends on besides
    the generation) until the generation changes or `SECONDS` pass; drawn every time
    without a shared cache.

    The generation is read before `draw` reads anything: a page drawn from values that a
    write is about to replace is kept under the generation that write ends.
    """
    store = _store()
    if store is None:
        return draw()
    generation = access.generation(store, GENERATION)
    digest = hashlib.sha1(repr((_code(), parts)).encode(), usedforsecurity=False).hexdigest()
    key = f"results-page:{generation}:{digest}"
    found = store.get(key)
    if found is None:
        found = draw()
        store.set(key, found, SECONDS)
    return found


def municipality_profile(
    *, scope, place, namespace: str, sources: list, internal: bool, draw: Callable[[], Drawn]
) -> Drawn:
    """The municipality profile's HTML as `draw()` makes it for `scope` (a
    `queries.Scope`) and `place` (the municipality with its county), kept while its inputs
    stand (see the module's docstring); drawn every time on the public pages."""
    if not internal:
        return draw()
    parts = (
        "municipality",
        namespace,
        get_script_prefix(),
        scope.round.pk,
        scope.round.year,
        scope.basis,
        viewer_key(scope.viewer),
        get_language(),
        place.pk,
        place.code,
        place.name,
        place.county.code,
        tuple(sources),
    )
    return kept(parts, draw)


def viewer_key(viewer: ValueViewer) -> tuple:
    """Every field of the viewer, sets sorted: two viewers with the same key see the same."""
    fields = []
    for field in dataclasses.fields(viewer):
        value = getattr(viewer, field.name)
        if isinstance(value, frozenset | set):
            value = tuple(sorted(value))
        elif not isinstance(value, bool | int | str | tuple):
            raise TypeError(f"ValueViewer.{field.name}: {type(value).__name__} has no key")
        fields.append((field.name, value))
    return tuple(fields)


@cache
def _code() -> str:
    """A digest of this app's code and templates and of the translations, read once a
    process: what draws the HTML is an input of it too."""
    root = Path(__file__).resolve().parent
    files = sorted(
        path
        for path in root.rglob("*")
        if path.suffix in (".py", ".html") and "tests" not in path.relative_to(root).parts
    )
    for folder in settings.LOCALE_PATHS:
        files += sorted(Path(folder).rglob("*.mo"))
    digest = hashlib.sha1(usedforsecurity=False)
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _ends_generation(sender, **kwargs) -> None:
    values_changed()


def connect() -> None:
    """Listen for the changes of inputs that other apps make (see the module's
    docstring); called once, from `ResultsConfig.ready`."""
    for model in (Edition, MunicipalityGroupAssignment, Item):
        uid = f"results.fragments.{model._meta.label}"
        post_save.connect(_ends_generation, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_ends_generation, sender=model, dispatch_uid=f"{uid}.deleted")
    post_delete.connect(_ends_generation, sender=Round, dispatch_uid="results.fragments.round")
