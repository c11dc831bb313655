"""The deadlines page: the year's deadlines of the signed-in user's roles."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import deadlines

#: Years the calendar may show (a guard against nonsense in ?year=).
YEARS = range(2000, 2101)


@login_required
def index(request):
    today = timezone.localdate()
    year = _year(request.GET.get("year"), default=today.year)
    return render(
        request,
        "reporting/deadlines/index.html",
        {
            "year": year,
            "today": today,
            "deadlines": deadlines.for_user(request.user, year, today=today),
            "previous_year": year - 1 if year - 1 in YEARS else None,
            "next_year": year + 1 if year + 1 in YEARS else None,
        },
    )


def _year(value: str | None, *, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        year = int(value)
    except ValueError:
        year = None
    if year not in YEARS:
        raise Http404(_("No calendar for the year %(year)s.") % {"year": value})
    return year
