"""The signed-in person's own notifications: the list, reading them, e-mail choices.

Every query here is filtered by `recipient=request.user`: a notification is its
recipient's alone, so another person's is a 404, as another organisation's data is
(registry.access is on a higher floor; this app answers only "is it yours?").
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import kinds, services
from .models import Notification

PER_PAGE = 20


def _own(request, pk: int) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


@login_required
def notification_list(request):
    """Newest first, a page at a time."""
    rows = Notification.objects.filter(recipient=request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    labels = {kind.code: kind.label for kind in kinds.all_kinds()}
    for notification in page:
        notification.kind_label = labels.get(notification.kind, "")
    return render(request, "notices/list.html", {"page": page})


@login_required
def open_notification(request, pk: int):
    """Go to what the notification is about; opening it reads it."""
    notification = services.mark_read(notification=_own(request, pk), by=request.user)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notices:list")
    return redirect(notification.url)


def _back(request):
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(reverse("notices:list") + suffix)


@require_POST
@login_required
def read(request, pk: int):
    services.mark_read(notification=_own(request, pk), by=request.user)
    messages.success(request, _("The notification was marked as read."))
    return _back(request)


@require_POST
@login_required
def read_all(request):
    services.mark_all_read(by=request.user)
    messages.success(request, _("All notifications were marked as read."))
    return _back(request)


@login_required
def email_settings(request):
    """Which kinds of notification come by e-mail too (all of them come in the app)."""
    if request.method == "POST":
        chosen = set(request.POST.getlist("email"))
        services.choose_email(kinds_by_email=chosen, by=request.user)
        messages.success(request, _("Your choices were saved."))
        return redirect("notices:settings")
    return render(
        request, "notices/settings.html", {"choices": services.email_choices(request.user)}
    )
