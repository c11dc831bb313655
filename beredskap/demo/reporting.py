"""Deterministic demo data for regional support and the reporting chain.

Every county board gets a demo reviewer (the cast's own where there is one, such as
bengt for Uppsala län, otherwise `lst-<county code>`), a support log of 6 to 15 activities
a year over 2023-2025 (network meetings, KHOSS days, scenario exercises, training in war
organisation, advice on continuity management, webinars, experience exchange, …) with the
municipalities reached, participants, topic area and the catalogue's indicators of that
area, and a county report on 2024 written in Swedish and submitted through the reporting
services: most before 1 February 2025, a couple late. Submitting starts the generation of
each report's PDF and XLSX, so the national coordinator (karl) can compile the national
report on 2024 at once.

The activities are logged through `reporting.support_log` and the reports through
`reporting.services`, with their checks and audit rows, as the reviewers would.
Everything is drawn from random generators seeded per county and year. Re-running adds
nothing: a county that has activities in the demo years keeps them, and a submitted
report is left as it is.
"""

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from beredskap.catalogue.models import Indicator, IndicatorVersion
from beredskap.registry import services as registry
from beredskap.registry.models import County, Membership, Organisation, Role, User
from beredskap.reporting import services as reporting
from beredskap.reporting.models import CountyReport
from beredskap.support import services as support_log
from beredskap.support.models import SupportActivity
from beredskap.surveys.models import Response

from .services import CAST, DEMO_PASSWORD

SEED = "beredskap-demo-reporting-1"
SUPPORT_YEARS = (2023, 2024, 2025)
REPORT_YEAR = 2024
REVIEWER_PREFIX = "lst-"
#: Counties whose report on 2024 arrives after 1 February 2025 (days late).
LATE = {"10": 3, "23": 10}
EMAIL_DOMAIN = "demo.beredskap.invalid"

Kind = SupportActivity.Kind


@dataclass(frozen=True)
class Topic:
    kind: str
    area: str  # the catalogue's area code
    title: str  # {kommun} for activities with one municipality, {year} for the year
    description: str
    lessons: str = ""
    #: Months it is held in (1 to 12); empty: any month but July.
    months: tuple[int, ...] = ()
    #: Reach: "one", "few" (2 to 5), "most" (60 to 100 % of the county), "all".
    reach: str = "most"


TOPICS = (
    Topic(
        Kind.NETWORK,
        "A",
        "Nätverksträff för beredskapssamordnare",
        "Länets nätverk för kommunernas beredskapssamordnare inom socialtjänst och kommunal "
        "hälso- och sjukvård: lägesbild, aktuella frågor från Socialstyrelsen och MSB och "
        "planering av kommande insatser.",
    ),
    Topic(
        Kind.CONFERENCE,
        "E",
        "KHOSS-dagen {year}",
        "Länets årliga konferens om beredskap i kommunal hälso- och sjukvård och socialtjänst "
        "med föredrag av SKR, MSB, regionen och Socialstyrelsen och en gemensam scenarioövning.",
        "Deltagarna efterfrågade tätare samverkan med regionen och fler övningar där "
        "socialtjänst och hälso- och sjukvård övar tillsammans.",
        months=(10, 11),
        reach="all",
    ),
    Topic(
        Kind.EXERCISE,
        "C",
        "Scenarioövning: elavbrott på vård- och omsorgsboende",
        "Seminarieövning där ett vård- och omsorgsboende förlorar strömmen efter att en kabel "
        "grävts av. Evakuering, bo kvar-alternativ och kontakt med anhöriga diskuterades.",
        "Reservkraften räcker inte för ventilation och hissar; flera evakueringsplaner saknar "
        "ett alternativ för att bo kvar. Kontaktlistor till elnätsbolaget var inaktuella.",
        reach="few",
    ),
    Topic(
        Kind.TRAINING,
        "D",
        "Utbildning i krigsorganisation och krigsplacering",
        "Halvdagsutbildning om att ta fram krigsorganisation, bemanningsbehov vid höjd "
        "beredskap och krigsplacering av personal, med exempel från kommuner i länet.",
    ),
    Topic(
        Kind.ADVICE,
        "B",
        "Rådgivning om kontinuitetshantering – {kommun}",
        "Stöd till förvaltningen i arbetet med kontinuitetsplaner för särskilt boende och "
        "hemtjänst: reservrutiner, återställningsrutiner och återgångsrutiner.",
        reach="one",
    ),
    Topic(
        Kind.WEBINAR,
        "C",
        "Webbinarium om värmebölja och beredskapsplan för höga temperaturer",
        "Genomgång av Socialstyrelsens och Folkhälsomyndighetens vägledning inför sommaren: "
        "riskgrupper, åtgärder i hemtjänst och på boenden, och hur planen aktiveras.",
        months=(4, 5, 6),
    ),
    Topic(
        Kind.EXCHANGE,
        "H",
        "Erfarenhetsutbyte efter övning med hemtjänsten",
        "Kommunerna delade erfarenheter från egna övningar och hur resultaten följts upp.",
        "Övningar utan utvärdering ger lite. Kommuner som skrivit en kort åtgärdslista direkt "
        "efter övningen hade genomfört fler av åtgärderna ett halvår senare.",
        reach="few",
    ),
    Topic(
        Kind.TRAINING,
        "I",
        "Utbildning i säkerhetsskydd och informationssäkerhet",
        "Grundutbildning för chefer inom socialtjänsten om säkerhetsskydd, "
        "informationsklassning och hantering av uppgifter om sårbara verksamheter.",
    ),
    Topic(
        Kind.EXERCISE,
        "F",
        "Seminarieövning: störning i dricksvattenförsörjningen",
        "Övning där kommunens dricksvatten inte går att använda i tre dygn: nödvatten till "
        "boenden, hemtjänstens brukare och hygienrutiner.",
        "Boendena saknade rutin för att ta emot nödvatten; hemtjänsten behöver en lista över "
        "brukare som inte själva kan hämta vatten.",
        reach="few",
    ),
    Topic(
        Kind.VISIT,
        "B",
        "Verksamhetsbesök: reservrutiner i hemtjänsten – {kommun}",
        "Besök hos hemtjänstens ledning om reservrutiner vid it-avbrott och hur "
        "planeringssystemet kan ersättas med papperslistor.",
        reach="one",
    ),
    Topic(
        Kind.NETWORK,
        "G",
        "Dialogmöte om beredskapskrav i upphandling",
        "Möte med upphandlare och avtalsförvaltare om krav på beredskap och krigsplanering i "
        "avtal med privata utförare av hemtjänst och särskilt boende.",
    ),
    Topic(
        Kind.ADVICE,
        "A",
        "Stöd i planeringen för civilt försvar – {kommun}",
        "Rådgivning om hur socialtjänsten tar in civilt försvar i verksamhetsplan och "
        "budget och använder statsbidraget för att stärka beredskapen.",
        reach="one",
    ),
    Topic(
        Kind.EXCHANGE,
        "E",
        "Erfarenhetsutbyte: samverkan med regionen vid höjd beredskap",
        "Kommuner och region delade hur de fördelar ansvar för patienter i ordinärt boende "
        "och på boenden när regionens resurser inte räcker.",
        "Avtal om hälso- och sjukvård i hemmet behöver kompletteras för höjd beredskap; "
        "gemensamma kontaktvägar dygnet runt saknas i flera kommuner.",
        reach="most",
    ),
    Topic(
        Kind.WEBINAR,
        "F",
        "Webbinarium om lagerhållning av förbrukningsmaterial och läkemedel",
        "Hur stora lager som behövs för en månads avbrott i leveranserna, och hur lagret "
        "omsätts så att inget blir för gammalt.",
    ),
    Topic(
        Kind.EXERCISE,
        "I",
        "Övning: påverkanskampanj och hot mot personal",
        "Scenarioövning där socialtjänsten utsätts för en påverkanskampanj i sociala medier "
        "som trappas upp till hot mot personal.",
        "Kriskommunikationsplanerna täcker sällan socialtjänstens egna verksamheter; "
        "personalen behöver veta vem som svarar medier och anhöriga.",
        reach="few",
    ),
    Topic(
        Kind.CONFERENCE,
        "E",
        "Regional samverkanskonferens om hälso- och sjukvårdens beredskap",
        "Konferens med kommunerna, regionen, MSB och Socialstyrelsen om gemensam lägesbild "
        "och ledning vid allvarliga händelser och höjd beredskap.",
        months=(3, 4, 9),
    ),
    Topic(
        Kind.TRAINING,
        "F",
        "Utbildning om Styrel och prioritering av elanvändare",
        "Hur kommunens verksamheter prioriteras vid elbrist och vilka boenden som behöver "
        "reservkraft.",
    ),
)
KHOSS_DAY = TOPICS[1]

#: The region of each county, for the report's section on cooperation.
REGIONS = {
    "01": "Region Stockholm", "03": "Region Uppsala", "04": "Region Sörmland",
    "05": "Region Östergötland", "06": "Region Jönköpings län", "07": "Region Kronoberg",
    "08": "Region Kalmar län", "09": "Region Gotland", "10": "Region Blekinge",
    "12": "Region Skåne", "13": "Region Halland", "14": "Västra Götalandsregionen",
    "17": "Region Värmland", "18": "Region Örebro län", "19": "Region Västmanland",
    "20": "Region Dalarna", "21": "Region Gävleborg", "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen", "24": "Region Västerbotten", "25": "Region Norrbotten",
}  # fmt: skip
#: Civilområde of each county and the county board that leads it.
CIVIL_AREAS = {
    "norra": ("Norra", "Västernorrlands län", ("22", "23", "24", "25")),
    "mellersta": ("Mellersta", "Dalarnas län", ("03", "17", "18", "19", "20", "21")),
    "ostra": ("Östra", "Stockholms län", ("01", "04", "05", "09")),
    "sodra": ("Södra", "Skåne län", ("06", "07", "08", "10", "12")),
    "vastra": ("Västra", "Västra Götalands län", ("13", "14")),
}
KIND_WORDS = {  # singular, plural
    Kind.NETWORK: ("nätverksträff", "nätverksträffar"),
    Kind.CONFERENCE: ("konferens", "konferenser"),
    Kind.TRAINING: ("utbildning", "utbildningar"),
    Kind.EXERCISE: ("övning", "övningar"),
    Kind.ADVICE: ("rådgivningstillfälle", "rådgivningstillfällen"),
    Kind.VISIT: ("verksamhetsbesök", "verksamhetsbesök"),
    Kind.WEBINAR: ("webbinarium", "webbinarier"),
    Kind.EXCHANGE: ("erfarenhetsutbyte", "erfarenhetsutbyten"),
    Kind.OTHER: ("övrig insats", "övriga insatser"),
}
STRENGTHS = (
    "nästan alla kommuner har en utsedd beredskapssamordnare för socialtjänsten",
    "flera kommuner har övat evakuering av särskilt boende under året",
    "beredskapsplaner för höga temperaturer finns i de flesta kommunerna",
    "arbetet med krigsorganisation har kommit i gång i de större kommunerna",
    "samverkan med regionen om patienter i ordinärt boende har blivit tydligare",
)
WEAKNESSES = (
    "kontinuitetsplaner som omfattar reservrutin, återställningsrutin och återgångsrutin",
    "krigsplacering av personal och dubbelplaceringar mot regionen och andra arbetsgivare",
    "reservkraft och bränsle till särskilda boenden",
    "beredskapskrav i avtal med privata utförare",
    "lagerhållning av förbrukningsmaterial och läkemedel",
    "utvärdering av genomförda övningar",
)
PROPOSALS = (
    "att Socialstyrelsen tar fram ett nationellt stöd för krigsplacering inom socialtjänsten",
    "gemensamma mallar för kontinuitetsplaner som kommunerna kan anpassa",
    "nationella riktlinjer för lagerhållning inom kommunal hälso- och sjukvård",
    "att statsbidraget för civilt försvar blir fleråriga så att kommunerna kan planera",
    "en nationell övning för socialtjänsten med regional uppföljning",
    "vägledning om beredskapskrav vid upphandling av välfärdstjänster",
)


@dataclass
class ReportingSummary:
    reviewers: list[str] = field(default_factory=list)
    activities: int = 0
    counties_with_new_activities: int = 0
    submitted: int = 0
    late: int = 0


def reporting_exists() -> bool:
    """True when every county has a submitted (or judged) report on 2024."""
    sent = CountyReport.objects.filter(year=REPORT_YEAR).sent().count()
    return sent >= County.objects.count()


@transaction.atomic
def create_demo_reporting(
    *, password: str = DEMO_PASSWORD, progress: Callable[[str], None] | None = None
) -> ReportingSummary:
    """Reviewers, support activities and submitted county reports on 2024; idempotent.

    The reports' PDF and XLSX are generated when the transaction commits.
    """
    summary = ReportingSummary()
    counties = list(County.objects.order_by("code"))
    reviewers = demo_reviewers(counties, password=password)
    summary.reviewers = sorted(user.username for user in reviewers.values())
    indicators = _indicators_by_area()
    for county in counties:
        added = _support_log(county, reviewers[county.pk], indicators)
        summary.activities += added
        summary.counties_with_new_activities += bool(added)
    if progress:
        progress(
            f"Support log: {summary.activities} activities added in "
            f"{summary.counties_with_new_activities} counties."
        )
    for county in counties:
        report = _submit_report(county, reviewers[county.pk])
        if report is not None:
            summary.submitted += 1
            summary.late += report.late
    return summary


# --- reviewers ---------------------------------------------------------------------------


def demo_reviewers(counties: list[County], *, password: str) -> dict[int, User]:
    """A reviewer for every county board: the cast's own, else `lst-<code>` (created once)."""
    boards = {o.county_id: o for o in Organisation.objects.filter(kind="county_board")}
    cast = {p.username for p in CAST if p.role == Role.REVIEWER}
    existing = {
        m.organisation.county_id: m.user
        for m in Membership.objects.filter(
            role=Role.REVIEWER, user__username__in=cast
        ).select_related("user", "organisation")
    }
    reviewers = {}
    for county in counties:
        if county.pk in existing:
            reviewers[county.pk] = existing[county.pk]
            continue
        username = f"{REVIEWER_PREFIX}{county.code}"
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": "Granskare",
                "last_name": county.name,
                "email": f"{username}@{EMAIL_DOMAIN}",
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        registry.grant_membership(
            user=user, organisation=boards[county.pk], role=Role.REVIEWER, by=None
        )
        reviewers[county.pk] = user
    return reviewers


# --- the support log -------------------------------------------------------------------------


def _indicators_by_area() -> dict[tuple[int, str], list[Indicator]]:
    """Indicators per (edition year, area code); empty without a loaded catalogue."""
    found = defaultdict(list)
    rows = (
        IndicatorVersion.objects.filter(edition__year__in=SUPPORT_YEARS)
        .select_related("indicator", "edition", "area")
        .order_by("edition__year", "position")
    )
    for version in rows:
        found[(version.edition.year, version.area.code)].append(version.indicator)
    return found


def _support_log(county: County, reviewer: User, indicators) -> int:
    """6 to 15 activities a year for the county, unless it has some in those years already."""
    existing = SupportActivity.objects.filter(county=county, held_on__year__in=SUPPORT_YEARS)
    if existing.exists():
        return 0
    municipalities = list(county.municipalities.order_by("code"))
    added = 0
    for year in SUPPORT_YEARS:
        rng = random.Random(f"{SEED}-support-{county.code}-{year}")
        count = rng.randint(6, 15)
        others = [t for t in TOPICS if t is not KHOSS_DAY]
        topics = [KHOSS_DAY, *rng.sample(others, k=count - 1)]  # count <= len(TOPICS)
        for topic in topics:
            support_log.create_activity(
                county=county,
                by=reviewer,
                **_activity(rng, year, topic, municipalities, indicators),
            )
            added += 1
    return added


def _activity(rng, year, topic: Topic, municipalities, indicators) -> dict:
    reached = _reach(rng, topic.reach, municipalities)
    name = reached[0].name if len(reached) == 1 else ""
    per_municipality = {"one": (2, 6), "few": (3, 8), "most": (1, 3), "all": (1, 4)}
    low, high = per_municipality[topic.reach]
    pool = indicators.get((year, topic.area), [])
    return {
        "held_on": _day(rng, year, topic.months),
        "kind": topic.kind,
        "title": topic.title.format(kommun=name, year=year),
        "area_code": topic.area,
        "municipalities": reached,
        "participants": sum(rng.randint(low, high) for _ in reached) + rng.randint(0, 6),
        "description": topic.description,
        "lessons": topic.lessons,
        "indicators": rng.sample(pool, k=min(len(pool), rng.randint(1, 3))),
        "shared": topic.kind == Kind.EXCHANGE and rng.random() < 0.6,
    }


def _reach(rng: random.Random, reach: str, municipalities: list) -> list:
    n = len(municipalities)
    if reach == "one":
        size = 1
    elif reach == "few":
        size = rng.randint(min(2, n), min(5, n))
    elif reach == "most":
        size = max(1, round(n * rng.uniform(0.6, 1.0)))
    else:
        size = n
    return sorted(rng.sample(municipalities, k=size), key=lambda m: m.code)


def _day(rng: random.Random, year: int, months: tuple[int, ...]) -> datetime.date:
    """A weekday of `year` in one of `months` (any month but July when none)."""
    month = rng.choice(months or (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12))
    day = datetime.date(year, month, rng.randint(1, 28))
    while day.weekday() >= 5:  # Saturday, Sunday: the Monday after
        day += datetime.timedelta(days=1)
    return day


# --- the county reports ---------------------------------------------------------------------


def _submit_report(county: County, reviewer: User) -> CountyReport | None:
    """Write and submit the county's report on 2024; None when it was sent already."""
    report = reporting.county_report(county, REPORT_YEAR, by=reviewer)
    if report.status not in (CountyReport.Status.DRAFT, CountyReport.Status.RETURNED):
        return None
    report = reporting.save_county_report(
        report, by=reviewer, version=report.version, **narrative(county, REPORT_YEAR)
    )
    return reporting.submit_county_report(report, by=reviewer, now=_submitted_at(county))


def _submitted_at(county: County) -> datetime.datetime:
    rng = random.Random(f"{SEED}-submitted-{county.code}")
    if county.code in LATE:
        day = datetime.date(REPORT_YEAR + 1, 2, 1) + datetime.timedelta(days=LATE[county.code])
    else:
        day = datetime.date(REPORT_YEAR + 1, 1, rng.randint(13, 31))
    clock = datetime.time(rng.randint(8, 16), rng.randint(0, 59))
    return datetime.datetime.combine(day, clock, tzinfo=timezone.get_default_timezone())


def narrative(county: County, year: int) -> dict[str, str]:
    """The report's five sections in Swedish, from the county's support log and survey."""
    rng = random.Random(f"{SEED}-report-{county.code}-{year}")
    activities = list(
        SupportActivity.objects.filter(county=county, held_on__year=year).prefetch_related(
            "municipalities"
        )
    )
    total = county.municipalities.count()
    reached = {m.pk for a in activities for m in a.municipalities.all()}
    kinds = Counter(a.kind for a in activities)
    participants = sum(a.participants for a in activities)
    approved = Response.objects.filter(
        round__year=year, municipality__county=county, status=Response.Status.APPROVED
    ).count()
    strengths = rng.sample(STRENGTHS, k=2)
    weaknesses = rng.sample(WEAKNESSES, k=3)
    proposals = rng.sample(PROPOSALS, k=2)
    highlights = [a.title for a in rng.sample(activities, k=min(2, len(activities)))]
    civil_area, lead, _codes = next(v for v in CIVIL_AREAS.values() if county.code in v[2])
    region = REGIONS.get(county.code, "regionen")
    kommuner = "kommun" if total == 1 else "kommuner"

    survey = (
        f" I kartläggningen {year} har länsstyrelsen granskat och godkänt svaren från "
        f"{approved} av länets {total} {kommuner}."
        if approved
        else ""
    )
    preparedness = (
        f"Länsstyrelsens samlade bild är att beredskapen inom socialtjänsten och den kommunala "
        f"hälso- och sjukvården i {county.name} har stärkts under {year}, men att skillnaderna "
        f"mellan kommunerna fortfarande är stora.{survey} Styrkor är att {strengths[0]} och att "
        f"{strengths[1]}. Svagast är {weaknesses[0]} och {weaknesses[1]}; där behöver "
        f"kommunerna fortsatt stöd."
    )
    summary = ", ".join(
        f"{n} {KIND_WORDS[kind][0 if n == 1 else 1]}" for kind, n in kinds.most_common()
    )
    support = (
        f"Under {year} genomförde länsstyrelsen {len(activities)} stödinsatser ({summary}) som "
        f"nådde {len(reached)} av länets {total} {kommuner}. Sammanlagt deltog omkring "
        f"{participants} personer. Bland insatserna märks "
        + " och ".join(f"”{title}”" for title in highlights)
        + ". Insatserna har valts utifrån de stödbehov som kartläggningen visar, särskilt "
        f"{weaknesses[0]}."
    )
    cooperation = (
        f"Länsstyrelsen har samverkat med {region} i det regionala nätverket för hälso- och "
        f"sjukvårdens och socialtjänstens beredskap, bland annat om ansvaret för patienter i "
        f"ordinärt boende vid höjd beredskap. Inom civilområde {civil_area}, som leds av "
        f"Länsstyrelsen i {lead}, har länsstyrelserna samordnat sina stödinsatser. Med MSB och "
        f"Socialstyrelsen har länsstyrelsen haft kontakt i KHOSS-uppdragets nationella nätverk "
        f"och vid länets KHOSS-dag."
    )
    information = (
        f"Länsstyrelsen har lämnat Socialstyrelsen underlag om kommunernas beredskap genom "
        f"granskningen av kartläggningen {year} i Beredskap och genom denna redovisning. "
        f"Synpunkter på indikatorerna om {weaknesses[2]} har lämnats till Socialstyrelsen "
        f"inför nästa revidering."
    )
    development = (
        f"Länsstyrelsen ser fortsatt behov av stöd inom {weaknesses[0]}, {weaknesses[1]} och "
        f"{weaknesses[2]}. Länsstyrelsen föreslår {proposals[0]} och {proposals[1]}. Under "
        f"{year + 1} planerar länsstyrelsen fler övningar tillsammans med {region} och att följa "
        f"upp kommunernas kontinuitetsplaner."
    )
    return {
        "preparedness": preparedness,
        "support": support,
        "cooperation": cooperation,
        "information": information,
        "development": development,
    }


def listed_reviewers() -> list[str]:
    """Usernames of the demo's county reviewers (lst-01 …), for the printed user list."""
    return list(
        User.objects.filter(username__startswith=REVIEWER_PREFIX, memberships__role=Role.REVIEWER)
        .order_by("username")
        .values_list("username", flat=True)
        .distinct()
    )
