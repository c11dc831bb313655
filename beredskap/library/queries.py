"""Reads of the library: the search with its filters, one item, and the items that address
given indicators, areas, målbilder or grundantaganden (for support needs and reports).

The search is PostgreSQL full-text search with the Swedish configuration ("övningar" finds
"övning"), ranked, and a plain case-insensitive match of every word on SQLite. Either way
the list is read in two queries (items, then their tags), whatever the number of items.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from beredskap.catalogue.models import IndicatorVersion
from beredskap.planning.models import Assumption, Direction, TargetState
from beredskap.registry import access

from .models import DigestSubscription, Dimension, Item, Revision, Tag

SEARCHED = ("title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en")
FILTERS = {
    "topic": Dimension.TOPIC,
    "audience": Dimension.AUDIENCE,
    "indicator": Dimension.INDICATOR,
    "target_state": Dimension.TARGET_STATE,
    "assumption": Dimension.ASSUMPTION,
}


def visible_items(user) -> QuerySet[Item]:
    """Published items; editors see unpublished ones too."""
    items = Item.objects.all()
    return items if access.may_edit_library(user) else items.filter(active=True)


def search(user, text: str = "", **filters: str) -> QuerySet[Item]:
    """Items matching `text` (ranked on PostgreSQL) and every given filter (a code)."""
    items = visible_items(user)
    for name, code in filters.items():
        if code:
            tagged = Tag.objects.filter(item=OuterRef("pk"), dimension=FILTERS[name], code=code)
            items = items.filter(Exists(tagged))
    text = " ".join(text.split())
    if text and connection.vendor == "postgresql":
        query = SearchQuery(text, config="swedish", search_type="websearch")
        vector = SearchVector(*SEARCHED, config="swedish")
        items = items.annotate(document=vector, rank=SearchRank(vector, query))
        items = items.filter(document=query).order_by("-rank", "position", "slug")
    elif text:
        for word in text.split()[:20]:
            items = items.filter(Q.create([(f"{f}__icontains", word) for f in SEARCHED], "OR"))
    return items.prefetch_related("tags")


def item_for(user, slug: str) -> Item:
    try:
        return visible_items(user).prefetch_related("tags").get(slug=slug)
    except Item.DoesNotExist:
        raise Http404("No such library item") from None


def revisions(item: Item) -> list[Revision]:
    return list(item.revisions.select_related("by").order_by("-number"))


@dataclass(frozen=True)
class Named:
    code: str
    title: str


def indicator_names(codes) -> dict[str, str]:
    """Each indicator code's title in its newest edition (one query)."""
    rows = IndicatorVersion.objects.filter(indicator__code__in=set(codes)).select_related(
        "indicator", "edition"
    )
    return {v.indicator.code: v.title for v in sorted(rows, key=lambda v: v.edition.year)}


def planning_names(user) -> tuple[dict[str, str], dict[str, str]]:
    """Titles of the målbilder and grundantaganden of the newest direction `user` may see
    (restricted assumptions only to those who may see them); two or three queries."""
    directions = Direction.objects.all()
    if not access.is_analyst(user):
        directions = directions.filter(status__in=Direction.PUBLIC_STATUSES)
    direction = directions.first()
    if direction is None:
        return {}, {}
    assumptions = Assumption.objects.filter(direction=direction)
    if not access.may_see_restricted_assumptions(user):
        assumptions = assumptions.filter(sensitivity="public")
    targets = {t.code: t.title for t in TargetState.objects.filter(direction=direction)}
    return targets, {a.code: a.title for a in assumptions}


def items_for(
    *,
    area_codes=(),
    indicator_codes=(),
    target_states=(),
    assumptions=(),
) -> dict[str, list[Item]]:
    """Published items keyed by each asked code they help with (areas, indicators,
    målbilder, grundantaganden), in position order; codes without items are absent (use
    `.get(code, [])`). Two queries whatever the number of codes."""
    asked = {
        Dimension.AREA: set(area_codes),
        Dimension.INDICATOR: set(indicator_codes),
        Dimension.TARGET_STATE: set(target_states),
        Dimension.ASSUMPTION: set(assumptions),
    }
    wanted = Q()
    for dimension, codes in asked.items():
        if codes:
            wanted |= Q(dimension=dimension, code__in=codes)
    if not wanted:
        return {}
    tags = Tag.objects.filter(wanted, item__active=True)
    items = Item.objects.filter(active=True, pk__in=tags.values("item_id")).prefetch_related(
        "tags"
    )
    found: dict[str, list[Item]] = {}
    for item in items.order_by("position", "slug"):
        keys = [t.code for t in item.tags.all() if t.code in asked.get(t.dimension, ())]
        for key in dict.fromkeys(keys):
            found.setdefault(key, []).append(item)
    return found


def tagged_codes(dimension: str) -> list[str]:
    """The codes of one dimension that some item is tagged with (for the filters)."""
    return list(Tag.objects.filter(dimension=dimension).values_list("code", flat=True).distinct())


def has_digest(user) -> bool:
    return DigestSubscription.objects.filter(user=user).exists()


def changes(limit: int = 50) -> list[Revision]:
    """The newest revisions of published items, newest first (the feed and the digest)."""
    return list(
        Revision.objects.filter(item__active=True)
        .select_related("item")
        .order_by("-at", "-pk")[:limit]
    )
