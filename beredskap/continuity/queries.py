"""Reads of the continuity register for pages, exports and scenarios, in fixed query counts.

Callers check `registry.access` first; these only read.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from beredskap.catalogue.models import Activity, Edition
from beredskap.registry.models import Municipality

from .models import ContinuityPlan, CriticalFunction, Dependency, PlanVerification, Unit


def activity_names() -> dict[str, str]:
    """Catalogue activity code → name, from the newest edition (codes are stable)."""
    edition = Edition.objects.order_by("-year").first()
    if edition is None:
        return {}
    return {a.code: a.name for a in Activity.objects.filter(edition=edition).order_by("position")}


def units(municipality: Municipality) -> QuerySet[Unit]:
    """The municipality's units with their functions and dependencies: three queries."""
    functions = CriticalFunction.objects.order_by("name", "id").prefetch_related(
        Prefetch("dependencies", queryset=Dependency.objects.order_by("category", "id"))
    )
    return (
        Unit.objects.filter(municipality=municipality)
        .order_by("name", "id")
        .prefetch_related(Prefetch("functions", queryset=functions))
    )


def unit_summaries(municipality: Municipality) -> QuerySet[Unit]:
    """The units with counts of functions and of functions without any dependency."""
    return (
        Unit.objects.filter(municipality=municipality)
        .order_by("name", "id")
        .annotate(function_count=Count("functions", distinct=True))
    )


def plans(municipality: Municipality) -> list[ContinuityPlan]:
    """The municipality's plans, newest first, each with its latest verification."""
    latest = PlanVerification.objects.order_by("plan", "-at", "-id")
    rows = list(
        ContinuityPlan.objects.filter(municipality=municipality)
        .select_related("unit", "uploaded_by")
        .prefetch_related(Prefetch("verifications", queryset=latest.select_related("reviewer")))
        .order_by("-uploaded_at", "-id")
    )
    for plan in rows:
        checks = list(plan.verifications.all())
        plan.latest = checks[0] if checks else None
    return rows


def verified_plans() -> QuerySet[ContinuityPlan]:
    """Plans whose latest verification says verified."""
    newest = PlanVerification.objects.filter(plan=OuterRef("plan")).order_by("-at", "-id")
    latest_ok = PlanVerification.objects.filter(
        plan=OuterRef("pk"), pk=newest.values("pk")[:1], verified=True
    )
    return ContinuityPlan.objects.filter(Exists(latest_ok))


def municipality_overview(municipalities: QuerySet[Municipality]) -> QuerySet[Municipality]:
    """Municipalities with counts: units, plans, plans with all four elements, verified plans."""
    verified = verified_plans().values("pk")
    complete = Q(
        continuity_plans__has_reserve_routine=True,
        continuity_plans__has_recovery_routine=True,
        continuity_plans__has_return_routine=True,
        continuity_plans__has_contacts=True,
    )
    return municipalities.annotate(
        unit_count=Count("continuity_units", distinct=True),
        plan_count=Count("continuity_plans", distinct=True),
        complete_count=Count("continuity_plans", filter=complete, distinct=True),
        verified_count=Count(
            "continuity_plans", filter=Q(continuity_plans__in=verified), distinct=True
        ),
    ).order_by("county__code", "name")
