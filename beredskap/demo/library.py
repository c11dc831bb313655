"""The demo's knowledge library: the starter set (the old guidance list) and articles
written from the planning direction 2026.1 — one per målbild, one per public
grundantagande — plus three county boards' own articles: at least 30 items, linked to
indicators, målbilder and assumptions, in Swedish with English.

Deterministic (the texts are made from the direction's own), bulk-created with a first
revision by the demo analyst, and skipped when the library already has these items.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from beredskap.library import services as library
from beredskap.library.models import Item, Revision, Tag
from beredskap.library.validation import Known
from beredskap.planning.models import Direction
from beredskap.registry.models import User

DIRECTION = "2026.1"
REVIEWED = "2026-09-01"

#: The library topic of each catalogue area's målbild.
AREA_TOPICS = {
    "A": ["preparedness_work"],
    "B": ["continuity"],
    "C": ["continuity"],
    "D": ["heightened_alert"],
    "E": ["preparedness_work"],
    "F": ["heightened_alert", "continuity"],
    "G": ["procurement"],
    "H": ["training"],
    "I": ["concepts"],
}

COUNTY_ARTICLES = [
    {
        "slug": "lansstyrelsen-uppsala-natverk-elavbrott",
        "title_sv": "Erfarenheter från länets nätverksträff om elavbrott",
        "title_en": "Lessons from the county network meeting on power cuts",
        "summary_sv": "Länsstyrelsen i Uppsala län sammanfattar vad kommunerna lärde sig av "
        "en scenarioövning om en veckas elavbrott i särskilt boende.",
        "summary_en": "The County Administrative Board of Uppsala sums up what the "
        "municipalities learned from a scenario exercise on a week-long power cut.",
        "body_sv": "Övningen visade att reservkraften räckte men att tankningen inte var "
        "planerad.\n\nKommunerna kom överens om att ta fram gemensamma checklistor för "
        "reservkraft och bränsle.",
        "body_en": "The exercise showed that backup power sufficed but refuelling was not "
        "planned.\n\nThe municipalities agreed to draw up joint checklists for backup "
        "power and fuel.",
        "publisher": "Länsstyrelsen i Uppsala län",
        "topics": ["continuity", "training"],
        "indicators": ["KON03"],
        "target_states": ["MB_B_CONTINUITY"],
        "assumptions": ["GA_POWER", "GA_FUEL"],
    },
    {
        "slug": "lansstyrelsen-kronoberg-krigsorganisation",
        "title_sv": "Så bemannar ni krigsorganisationen – stöd från länsstyrelsen",
        "title_en": "Staffing the war organisation – support from the county board",
        "summary_sv": "Ett stöd för att placera personal i krigsorganisationen och hålla "
        "förteckningen aktuell.",
        "summary_en": "Support for placing staff in the war organisation and keeping the "
        "register current.",
        "body_sv": "Börja med de verksamheter som måste fungera under höjd beredskap.\n\n"
        "Stäm av krigsplaceringarna med Plikt- och prövningsverket varje år.",
        "body_en": "Start with the services that must work in heightened alert.\n\nCheck the "
        "war placements with the Swedish Defence Conscription and Assessment Agency "
        "every year.",
        "publisher": "Länsstyrelsen i Kronobergs län",
        "topics": ["heightened_alert"],
        "target_states": ["MB_D_WAR_ORGANISATION"],
        "assumptions": ["GA_STAFF"],
    },
    {
        "slug": "lansstyrelsen-ovningsplanering-mandatperiod",
        "title_sv": "Planera övningar för hela mandatperioden",
        "title_en": "Planning exercises for the whole term of office",
        "summary_sv": "Hur en kommun lägger upp utbildning och övning över fyra år, från "
        "seminarieövning till fullskaleövning.",
        "summary_en": "How a municipality plans training and exercises over four years, from "
        "seminar to full-scale exercise.",
        "body_sv": "Börja med en seminarieövning om det egna grundantagandet för "
        "personalbortfall.\n\nÖva sedan reservrutinerna i en funktionsövning och "
        "utvärdera varje övning.",
        "body_en": "Begin with a seminar on your own assumption of staff absence.\n\nThen "
        "exercise the backup routines in a functional exercise and evaluate every one.",
        "publisher": "Länsstyrelsen i Östergötlands län",
        "topics": ["training", "preparedness_work"],
        "target_states": ["MB_H_TRAINING"],
        "assumptions": ["GA_STAFF"],
    },
]


def library_exists() -> bool:
    return Item.objects.filter(slug__startswith="malbild-").exists()


@transaction.atomic
def create_demo_library() -> int:
    """Load the starter set and add the demo articles; returns the number of items."""
    if library_exists():
        return Item.objects.count()
    analyst = User.objects.get(username="nadia")
    library.load_library(by=analyst)
    direction = Direction.objects.get(version=DIRECTION)
    known = Known.now()
    entries = _target_state_articles(direction) + _assumption_articles(direction)
    entries += [a | {"kind": "article"} for a in COUNTY_ARTICLES]
    _bulk_create(entries, known, by=analyst)
    return Item.objects.count()


def _target_state_articles(direction: Direction) -> list[dict]:
    entries = []
    for target in direction.target_states.all():
        criteria = [c for c in target.criteria if isinstance(c, dict)]
        entries.append(
            {
                "slug": f"malbild-{target.code.lower().replace('_', '-')}",
                "kind": "article",
                "title_sv": f"Vägen till målbilden: {target.title_sv}",
                "title_en": f"The way to the målbild: {target.title_en}",
                "summary_sv": target.text_sv,
                "summary_en": target.text_en,
                "body_sv": "Så vet ni att ni är där:\n\n"
                + "\n\n".join(c.get("sv", "") for c in criteria),
                "body_en": "How you know you are there:\n\n"
                + "\n\n".join(c.get("en", "") for c in criteria),
                "publisher": "Socialstyrelsen",
                "topics": AREA_TOPICS.get(target.area, ["preparedness_work"]),
                "audiences": ["respondent", "approver"],
                "area_codes": [target.area],
                "indicators": list(target.indicators),
                "target_states": [target.code],
            }
        )
    return entries


def _assumption_articles(direction: Direction) -> list[dict]:
    entries = []
    for assumption in direction.assumptions.filter(sensitivity="public"):
        entries.append(
            {
                "slug": f"grundantagande-{assumption.code.lower().replace('_', '-')}",
                "kind": "article",
                "title_sv": f"Planera för grundantagandet: {assumption.title_sv}",
                "title_en": f"Planning for the assumption: {assumption.title_en}",
                "summary_sv": assumption.text_sv,
                "summary_en": assumption.text_en,
                "body_sv": f"{assumption.text_sv}\n\nGå igenom kontinuitetsplanen för varje "
                "verksamhet mot antagandet och öva reservrutinerna.",
                "body_en": f"{assumption.text_en}\n\nReview each service's continuity plan "
                "against the assumption and exercise the backup routines.",
                "publisher": "Socialstyrelsen",
                "topics": ["continuity", "heightened_alert"],
                "audiences": ["respondent", "approver", "reviewer"],
                "assumptions": [assumption.code],
            }
        )
    return entries


def _bulk_create(entries: list[dict], known: Known, *, by) -> None:
    """Check every entry as an editor's would be, then write them in three statements."""
    now = timezone.now()
    reviewed = datetime.date.fromisoformat(REVIEWED)
    start = Item.objects.count()
    checked = [
        library.normal(
            library.blank() | e | {"position": (start + n) * 10, "last_reviewed": reviewed}
        )
        for n, e in enumerate(entries, start=1)
    ]
    for data in checked:
        problems = library.validation.problems(data, known)
        if problems:
            raise ValueError(f"demo library item {data['slug']}: {problems}")
    fields = [f for f in library.validation.FIELDS if f not in library.DIMENSION_FIELDS]
    items = Item.objects.bulk_create(
        [Item(**{f: d[f] for f in fields}, created_at=now, updated_at=now) for d in checked]
    )
    Tag.objects.bulk_create(
        [
            Tag(item=item, dimension=dimension, code=code)
            for item, data in zip(items, checked, strict=True)
            for field, dimension in library.DIMENSION_FIELDS.items()
            for code in data[field]
        ]
    )
    Revision.objects.bulk_create(
        [
            Revision(item=item, number=1, by=by, at=now, note="", data=library.snapshot(data))
            for item, data in zip(items, checked, strict=True)
        ]
    )
