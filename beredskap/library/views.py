"""The knowledge library's pages: the list with search and filters, an item with its
revision history, the editor's create and edit pages, and the weekly digest choice.

Published items are for everyone; editing is the `editor` capability
(`access.may_edit_library`, a 403 for others); an unpublished item is a 404 to readers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beredskap.registry import access

from . import queries, services
from .forms import ItemForm, SearchForm
from .models import Audience, Dimension, Topic

PER_PAGE = 25


def index(request):
    targets, assumptions = queries.planning_names(request.user)
    form = SearchForm(
        request.GET or None,
        indicators=queries.indicator_names(queries.tagged_codes(Dimension.INDICATOR)),
        targets=targets,
        assumptions=assumptions,
    )
    if form.is_bound and not form.is_valid():
        items = queries.visible_items(request.user).none()
    else:
        criteria = form.criteria() if form.is_bound else {}
        items = queries.search(request.user, criteria.pop("q", ""), **criteria)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    topics = dict(Topic.choices)
    for item in page:
        item.topic_labels = [topics[c] for c in item.codes(Dimension.TOPIC) if c in topics]
    return render(
        request,
        "library/index.html",
        {
            "form": form,
            "page": page,
            "searched": form.is_bound,
            "may_edit": access.may_edit_library(request.user),
        },
    )


def detail(request, slug: str):
    item = queries.item_for(request.user, slug)
    targets, assumptions = queries.planning_names(request.user)
    indicators = queries.indicator_names(item.codes(Dimension.INDICATOR))
    may_edit = access.may_edit_library(request.user)
    topics, audiences = dict(Topic.choices), dict(Audience.choices)
    context = {
        "item": item,
        "may_edit": may_edit,
        "topics": [topics[c] for c in item.codes(Dimension.TOPIC) if c in topics],
        "audiences": [audiences[c] for c in item.codes(Dimension.AUDIENCE) if c in audiences],
        "indicators": [(c, indicators.get(c, "")) for c in item.codes(Dimension.INDICATOR)],
        "targets": [(c, targets[c]) for c in item.codes(Dimension.TARGET_STATE) if c in targets],
        "assumptions": [
            (c, assumptions[c]) for c in item.codes(Dimension.ASSUMPTION) if c in assumptions
        ],
        "revisions": queries.revisions(item),
    }
    return render(request, "library/detail.html", context)


def _require_editor(request) -> None:
    if not access.may_edit_library(request.user):
        raise PermissionDenied


@login_required
def create(request):
    _require_editor(request)
    form = ItemForm(request.POST or None, initial=services.blank())
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(
                data=form.item_data(), by=request.user, note=form.cleaned_data["note"]
            )
        except services.ItemInvalid as invalid:
            form.add_problems(invalid.problems)
        else:
            messages.success(request, _("The item was saved."))
            return redirect("library:item", slug=item.slug)
    return render(request, "library/form.html", {"form": form, "item": None})


@login_required
def edit(request, slug: str):
    _require_editor(request)
    item = queries.item_for(request.user, slug)
    initial = services.fields_of(item) | {"version": item.version}
    form = ItemForm(request.POST or None, initial=initial)
    form.fields["slug"].disabled = True
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                item=item,
                data=form.item_data(),
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except services.ItemInvalid as invalid:
            form.add_problems(invalid.problems)
        except services.ConcurrentEdit:
            conflict = True
        else:
            messages.success(request, _("The item was saved as a new revision."))
            return redirect("library:item", slug=item.slug)
    context = {"form": form, "item": item, "conflict": conflict}
    return render(request, "library/form.html", context)


@login_required
def digest(request):
    """The opt-in weekly e-mail of what changed in the library."""
    if request.method == "POST":
        wanted = request.POST.get("digest") == "weekly"
        services.choose_digest(wanted=wanted, by=request.user)
        messages.success(request, _("Your choice was saved."))
        return redirect("library:digest")
    subscribed = queries.has_digest(request.user)
    return render(request, "library/digest.html", {"subscribed": subscribed})
