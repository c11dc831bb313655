"""Demo continuity registers: units, critical functions, reserves, plans and verifications.

Deterministic (a random generator seeded per municipality) and written with bulk inserts:
all eight municipalities of Uppsala county (Uppsala itself with 48 units) and four of
Stockholm county. Reserves differ by municipality on purpose, so that a scenario such as a
seven-day power outage fails different functions in different places: Uppsala and Knivsta
keep days of backup power, Heby and Älvkarleby have none for most units. Each
municipality has a continuity plan as a small generated PDF; the county board of Uppsala
(bengt) has verified some of them and found one lacking. Re-running adds nothing.
"""

import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from beredskap.continuity.models import (
    CHECKS,
    ContinuityPlan,
    CriticalFunction,
    Dependency,
    Management,
    PlanVerification,
    RegisterRevision,
    ReserveUnit,
    Unit,
)
from beredskap.continuity.services import DEPENDENCY_FIELDS, FUNCTION_FIELDS, UNIT_FIELDS
from beredskap.documents.pdf import html_to_pdf
from beredskap.registry.models import Municipality, User

#: Municipality code → (units, backup power hours or None, water days, verdict of the
#: county board: True verified, False not verified, None not yet checked).
REGISTERS = {
    "0380": (48, 72, 3, True),  # Uppsala
    "0381": (14, 24, 2, True),  # Enköping
    "0360": (9, 12, 1, False),  # Tierp
    "0330": (7, 240, 3, True),  # Knivsta: fuel for ten days, past the 7-day outage
    "0331": (8, None, 0, None),  # Heby
    "0319": (6, None, 1, None),  # Älvkarleby
    "0305": (8, 36, 2, True),  # Håbo
    "0382": (10, 8, 1, None),  # Östhammar
    "0180": (30, 48, 2, None),  # Stockholm
    "0184": (9, 24, 1, None),  # Solna
    "0114": (7, None, 1, None),  # Upplands Väsby
    "0115": (6, 12, 2, None),  # Vallentuna
}

#: (name, activity, people served (low, high), functions: (name, tolerable hours, needs)).
KINDS = [
    (
        "Äldreboendet",
        "sabo",
        (20, 60),
        [
            ("Läkemedelsutdelning", 6, ("staff", "medicines_supplies")),
            ("Måltider", 8, ("food", "water", "electricity")),
            ("Uppvärmning av lokaler", 12, ("heating", "electricity")),
            ("Trygghetslarm", 2, ("it_telephony", "electricity")),
        ],
    ),
    (
        "Hemtjänstgrupp",
        "hemtjanst",
        (40, 150),
        [
            ("Hembesök", 12, ("staff", "fuel_transport")),
            ("Planering och dokumentation", 24, ("it_telephony", "electricity")),
        ],
    ),
    (
        "Gruppbostaden",
        "lss_vuxna",
        (4, 8),
        [
            ("Omsorg dygnet runt", 2, ("staff",)),
            ("Måltider", 8, ("food", "water")),
            ("Uppvärmning av lokaler", 12, ("heating", "electricity")),
        ],
    ),
    (
        "HVB",
        "hvb_barn",
        (6, 12),
        [
            ("Tillsyn", 1, ("staff",)),
            ("Uppvärmning av lokaler", 4, ("heating", "electricity")),
        ],
    ),
    (
        "Socialjouren",
        "ifo",
        (0, 0),
        [
            ("Akuta ärenden", 4, ("it_telephony", "staff", "electricity")),
        ],
    ),
]
PLACES = [
    "Björken",
    "Linden",
    "Eken",
    "Tallen",
    "Granen",
    "Aspen",
    "Rönnen",
    "Almen",
    "Lönnen",
    "Hasseln",
    "Sälgen",
]


@dataclass
class Summary:
    municipalities: int = 0
    units: int = 0
    functions: int = 0
    plans: int = 0
    verified: int = 0

    def __str__(self) -> str:
        return (
            f"Continuity registers: {self.units} units with {self.functions} critical "
            f"functions in {self.municipalities} municipalities; {self.plans} plans, "
            f"{self.verified} verified."
        )


def _reserve(category: str, power, water_days, rng: random.Random):
    """(reserve hours, unit shown, minimum staff, staff available) for one dependency."""
    if category == "staff":
        minimum = rng.randint(2, 6)
        return None, ReserveUnit.HOURS, minimum, minimum + rng.randint(0, 3)
    if category in ("electricity", "heating"):
        if power is None or rng.random() < 0.15:
            return None, ReserveUnit.HOURS, None, None
        return power + rng.choice([0, 0, 12, -power // 2]), ReserveUnit.HOURS, None, None
    if category in ("water", "food", "medicines_supplies"):
        days = max(water_days + rng.choice([0, 1, 2, -1]), 0)
        return (days * 24 or None), ReserveUnit.DAYS, None, None
    return (rng.choice([None, 4, 24, 48])), ReserveUnit.HOURS, None, None


def _plan_pdf(municipality: Municipality) -> bytes:
    return html_to_pdf(
        f"<html lang='sv'><head><title>Kontinuitetsplan {municipality.name}</title></head>"
        f"<body><h1>Kontinuitetsplan för socialtjänsten i {municipality.name}</h1>"
        "<h2>Reservrutin</h2><p>Reservkraft, nödvatten och lager enligt registret.</p>"
        "<h2>Återställningsrutin</h2><p>Prioriteringsordning för återstart.</p>"
        "<h2>Återgångsrutin</h2><p>Återgång till ordinarie drift.</p>"
        "<h2>Kontaktuppgifter</h2><p>Tjänsteman i beredskap: 018-000 00 00 (demo).</p>"
        "</body></html>"
    )


def _units(municipality, count: int, rng: random.Random) -> list[Unit]:
    units = []
    for n in range(count):
        prefix, activity, (low, high), _functions = KINDS[n % len(KINDS)]
        private = rng.random() < 0.25
        units.append(
            Unit(
                municipality=municipality,
                name=f"{prefix} {PLACES[(n // len(KINDS)) % len(PLACES)]} {n // 80 or ''}".strip(),
                activity_code=activity,
                management=Management.PRIVATE if private else Management.OWN,
                contract_sets_preparedness=private and rng.random() < 0.5,
                people_served=rng.randint(low, high),
            )
        )
    return units


def _revisions(municipality, kind: str, objects, fields) -> list[RegisterRevision]:
    return [
        RegisterRevision(
            municipality=municipality,
            kind=kind,
            object_id=o.pk,
            action="create",
            version=1,
            after={f: getattr(o, f) for f in fields},
            source="demo",
        )
        for o in objects
    ]


def _register(municipality, spec, summary: Summary) -> None:
    count, power, water_days, _verdict = spec
    rng = random.Random(f"continuity-{municipality.code}")
    units = Unit.objects.bulk_create(_units(municipality, count, rng))
    functions, needs = [], []
    for n, unit in enumerate(units):
        for name, hours, categories in KINDS[n % len(KINDS)][3]:
            functions.append(
                CriticalFunction(unit=unit, name=name, max_tolerable_downtime_hours=hours)
            )
            needs.append(categories)
    functions = CriticalFunction.objects.bulk_create(functions)
    dependencies = []
    for function, categories in zip(functions, needs, strict=True):
        for category in categories:
            hours, shown, minimum, available = _reserve(category, power, water_days, rng)
            dependencies.append(
                Dependency(
                    function=function,
                    category=category,
                    reserve_hours=hours,
                    reserve_unit=shown,
                    minimum_staff=minimum,
                    staff_available=available,
                )
            )
    dependencies = Dependency.objects.bulk_create(dependencies)
    RegisterRevision.objects.bulk_create(
        _revisions(municipality, "unit", units, UNIT_FIELDS)
        + _revisions(municipality, "function", functions, FUNCTION_FIELDS)
        + _revisions(municipality, "dependency", dependencies, DEPENDENCY_FIELDS)
    )
    summary.units += len(units)
    summary.functions += len(functions)


def _plan(municipality, spec, summary: Summary, reviewer) -> None:
    verdict = spec[3]
    complete = verdict is not False
    plan = ContinuityPlan(
        municipality=municipality, title=f"Kontinuitetsplan socialtjänsten {municipality.name}",
        original_name="kontinuitetsplan.pdf", content_type="application/pdf", size=0,
        has_reserve_routine=True, has_recovery_routine=True, has_return_routine=complete,
        has_contacts=True,
    )  # fmt: skip
    data = _plan_pdf(municipality)
    plan.size = len(data)
    plan.file.save("plan.pdf", ContentFile(data), save=False)
    plan.save()
    summary.plans += 1
    if verdict is None or reviewer is None:
        return
    checks = dict.fromkeys(CHECKS, True)
    if not verdict:
        checks["return_routine_ok"] = False
    PlanVerification.objects.create(
        plan=plan, reviewer=reviewer, verified=verdict, **checks,
        note="Alla fyra delar finns." if verdict else "Återgångsrutin saknas.",
    )  # fmt: skip
    summary.verified += bool(verdict)


def create_registers() -> Summary | str:
    """The demo registers, or a sentence saying they exist already."""
    if Unit.objects.filter(municipality__code="0380").exists():
        return "Demo continuity registers exist; nothing to add."
    summary = Summary()
    reviewer = User.objects.filter(username="bengt").first()
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=REGISTERS)}
    with transaction.atomic():
        for code, spec in REGISTERS.items():
            _register(municipalities[code], spec, summary)
            _plan(municipalities[code], spec, summary, reviewer)
            summary.municipalities += 1
    return summary
