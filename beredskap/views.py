"""Project-wide pages: the start page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

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
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
