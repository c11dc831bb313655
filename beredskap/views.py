"""Project-wide pages: the start page, the health check, and the 404 and 500 answers.

A 404 for an unknown route and a 500 for a fault no view caught are Django's to answer,
before or after any API view runs; under an API door they must still be the door's JSON
error shape, as clients parse every answer as JSON. Elsewhere they are the HTML pages.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache

from . import health
from .learning import worklists as exercises
from .planning import consultation_queries as consultations
from .publication import kolada
from .publication import worklists as releases
from .publication.api import base as api_v1
from .registry import access
from .registry.models import Role
from .reporting import deadlines
from .reporting import worklists as reports
from .surveys import worklists as responses
from .surveys.models import Round


def home(request):
    """The start page: what Beredskap is for a visitor; each role's work list for those
    signed in. Each list is a query function of the app that owns it (`worklists`)."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home.html", {"latest_release": releases.latest_release()})
    today = timezone.localdate()
    roles = access.roles(user)
    open_round = (
        Round.objects.filter(status=Round.Status.OPEN)
        .select_related("edition")
        .order_by("-year")
        .first()
    )
    context = {
        "roles": sorted(roles),
        "board_counties": access.board_counties(user) if roles & BOARD_ROLES else [],
        "is_analyst": Role.ANALYST in roles,
        "open_round": open_round,
        "own_responses": responses.own_responses(user, open_round, today),
        "own_municipalities": access.own_municipalities(user),  # lazy: only with no round
        "upcoming_deadlines": deadlines.upcoming(user, today),
        "overdue_actions": exercises.overdue_actions(user, today),
        "upcoming_meetings": exercises.upcoming_meetings(user, timezone.now()),
        **_board_work(user, roles, today),
        "rounds": releases.rounds_with_releases() if Role.ANALYST in roles else [],
        "consultations": consultations.open_for(user, today),
    }
    return render(request, "home.html", context)


BOARD_ROLES = {Role.REVIEWER, Role.COORDINATOR}


def _board_work(user, roles: set[str], today) -> dict:
    """A county board's lists: the reviewer's, and the national coordinator's."""
    reviewer = Role.REVIEWER in roles
    return {
        "waiting_for_review": responses.waiting_for_review(user) if reviewer else [],
        "reports_due": reports.late_or_returned(user, today) if reviewer else [],
        "reports_waiting": reports.waiting_for_coordinator(user)
        if Role.COORDINATOR in roles
        else [],
    }


@never_cache
def healthz(request):
    """For load balancers: 200 when every check of `health` passes, else 503 naming it."""
    checks = health.run()
    healthy = all(outcome == "ok" for outcome in checks.values())
    body = {"status": "ok" if healthy else "failing", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


#: The API doors under their mount points (urls.py) and how each says "error" in JSON.
API_V1, KOLADA_V3 = "api/v1/", "kolada/v3/"
DOORS = {
    API_V1: api_v1.error_response,
    KOLADA_V3: lambda request, status, message: kolada.error_response(status, message),
}
NOT_FOUND = "Not found."
SERVER_ERROR = "Internal server error: the fault has been logged; please try again later."


def _door(request):
    path = request.path_info.lstrip("/")
    return next((answer for prefix, answer in DOORS.items() if path.startswith(prefix)), None)


def not_found(request, exception) -> HttpResponse:
    """Project 404: the API door's JSON error under /api/v1/ and /kolada/v3/."""
    door = _door(request)
    if door is None:
        return defaults.page_not_found(request, exception)
    return door(request, 404, NOT_FOUND)


def server_error(request) -> HttpResponse:
    """Project 500 (Django has logged the exception): JSON under the API doors."""
    door = _door(request)
    if door is None:
        return defaults.server_error(request)
    return door(request, 500, SERVER_ERROR)
