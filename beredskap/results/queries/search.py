"""Finding a municipality or an indicator on the comparison pages by part of its name.

People type "malmo" for Malmö and "jonkoping" for Jönköping, so names and the query are
compared folded: lower case, without diacritics (å, ä, ö, é → a, a, o, e). The folding is
done here in Python over the 290 municipalities and the round's indicators rather than in
SQL, because SQLite has no `unaccent` and PostgreSQL's needs an extension: two light
queries, the same answer on both databases.
"""

import unicodedata
from dataclasses import dataclass

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.models import Municipality

from .cells import Scope, versions

#: At most this many of each kind are listed; a longer list is no answer to a search.
LIMIT = 20

#: Å, Ä and Ö sort after Z in Swedish, in that order (databases collate them differently).
_SWEDISH_ORDER = str.maketrans(
    {"Å": "Z~1", "Ä": "Z~2", "Ö": "Z~3", "å": "z~1", "ä": "z~2", "ö": "z~3"}
)


def fold(text: str) -> str:
    """`text` as searches compare it: case and diacritics gone, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def matches(query: str, *texts: str) -> bool:
    """Whether every word of the (folded) query occurs in one of the texts."""
    words = fold(query).split()
    haystack = " | ".join(fold(t) for t in texts)
    return bool(words) and all(word in haystack for word in words)


@dataclass(frozen=True)
class Found:
    """What a search found, each list in the order the pages list them."""

    query: str
    municipalities: list[Municipality]
    indicators: list[IndicatorVersion]

    @property
    def count(self) -> int:
        return len(self.municipalities) + len(self.indicators)


def search(scope: Scope, query: str) -> Found:
    """Municipalities (by name or SCB code) and the round's indicators (by code or name,
    Swedish or English) that match `query`; at most LIMIT of each, in two queries plus
    the indicators' activities."""
    query = " ".join(query.split())[:100]
    places = sorted(
        (m for m in Municipality.objects.only("code", "name") if matches(query, m.name, m.code)),
        key=lambda m: m.name.translate(_SWEDISH_ORDER),
    )
    indicators = [
        v
        for v in versions(scope.round)
        if matches(query, v.indicator.code, v.title_sv, v.title_en)
    ]
    return Found(query, places[:LIMIT], indicators[:LIMIT])
