"""The national lessons library: observations shared from exercises' evaluations.

For anyone signed in who works for a municipality, a county board or Socialstyrelsen
(`registry.access.may_read_lessons`; not public). Lessons are `exercise_queries.Lesson`s,
which hold nothing that names the organisation of an anonymised lesson. A page of 25
lessons is read in a fixed number of queries whatever their number.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from beredskap.registry import access

from . import exercise_queries as queries
from .exercise_forms import LessonSearchForm

PER_PAGE = 25


def _require_reader(user) -> None:
    if not access.may_read_lessons(user):
        raise PermissionDenied


@login_required
def index(request):
    """The library: search text and filters by area, activity, assumption and type."""
    _require_reader(request.user)
    form = LessonSearchForm(request.GET, options=queries.filter_options())
    filters = form.filters()
    page = Paginator(queries.shared_observations(filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = queries.lessons(page.object_list)
    return render(
        request,
        "learning/exercises/lessons.html",
        {"form": form, "page": page, "filtered": any(form.data.get(k) for k in form.fields)},
    )


@login_required
def detail(request, pk: int):
    _require_reader(request.user)
    lesson = queries.lesson(pk)
    if lesson is None:
        raise Http404(_("No shared lesson %(pk)s.") % {"pk": pk})
    return render(request, "learning/exercises/lesson.html", {"lesson": lesson})
