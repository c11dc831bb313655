"""Project-wide pages: the start page and the health check."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import health
from .registry import access
from .reporting import deadlines
from .surveys.models import Round


def home(request):
    """The start page tells each role what it can do next."""
    user = request.user
    context = {
        "roles": sorted(access.roles(user)),
        "own_municipalities": access.own_municipalities(user),
        "board_counties": access.board_counties(user),
        "is_analyst": access.is_analyst(user),
        "open_round": Round.objects.filter(status=Round.Status.OPEN).order_by("-year").first(),
        "upcoming_deadlines": deadlines.upcoming(user, timezone.localdate())
        if user.is_authenticated
        else [],
    }
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """For load balancers: 200 when every check of `health` passes, else 503 naming it."""
    checks = health.run()
    healthy = all(outcome == "ok" for outcome in checks.values())
    body = {"status": "ok" if healthy else "failing", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
