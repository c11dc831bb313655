"""Events pages: the meetings a user may see (upcoming and past), one meeting with its
registration form and seats left, the organiser's forms (arrange, change, cancel,
attendance with materials and notes afterwards), the calendar links and the two feeds.

Thin views: `registry.access` decides, `event_services` changes and `event_queries`
reads. A meeting the user may not see is a 404 on every route; one they may see but not
arrange is a 403 on the organiser's forms. The list, the pages of open meetings and the
public feed are for everyone; an organisation's feed opens with its secret token alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap.registry import access

from . import event_calendar, form_outcomes
from . import event_queries as queries
from . import event_services as services
from .event_forms import EventForm, FollowUpForm, RegistrationForm
from .models import CalendarFeed, Event

LIMIT = 50


def _event(user, pk: int) -> Event:
    event = queries.event(access.visible_events_q(user), pk)
    if event is None:
        raise Http404(_("No meeting %(pk)s that you have access to.") % {"pk": pk})
    return event


def _organised(user, pk: int) -> Event:
    event = _event(user, pk)
    if not access.may_organise_event(user, event):
        raise PermissionDenied
    return event


def _apply(form, call):
    """Run a service; its `ValidationError` or `Conflict` lands on the form (None then)."""
    return form_outcomes.apply(form, call, conflict=services.Conflict, stamp="sequence")


def index(request):
    """Upcoming and past meetings the user may see, narrowed to one kind if asked."""
    kind = request.GET.get("kind", "")
    if kind not in Event.Kind.values:
        kind = ""
    now = timezone.now()
    visible = queries.events(access.visible_events_q(request.user), kind=kind)
    upcoming = list(visible.upcoming(now)[:LIMIT])
    past = list(visible.past(now)[:LIMIT])
    for event in upcoming + past:
        event.seats_left = queries.seats_left(event)
    return render(
        request,
        "learning/events/index.html",
        {
            "upcoming": upcoming,
            "past": past,
            "kind": kind,
            "kinds": Event.Kind.choices,
            "organisers": access.event_organisers(request.user),
            "signed_in": bool(access.grants(request.user)),
        },
    )


def detail(request, pk: int):
    """One meeting: agenda, time, place, seats left, the registrations the user may see
    and the form to register; materials and notes afterwards."""
    event = _event(request.user, pk)
    organising = access.may_organise_event(request.user, event)
    registering = access.registering_organisations(request.user, event)
    own = {o.pk for o in registering}
    registrations = list(event.registrations.all())
    open_for_registration = not event.is_cancelled and event.starts_at > timezone.now()
    form = None
    if open_for_registration and own:
        form = RegistrationForm(organisations=registering)
    return render(
        request,
        "learning/events/detail.html",
        {
            "event": event,
            "seats_left": queries.seats_left(event),
            "organising": organising,
            "registrations": registrations
            if organising
            else [r for r in registrations if r.organisation_id in own],
            "form": form,
            "started": event.starts_at <= timezone.now(),
        },
    )


@login_required
@require_POST
def register(request, pk: int):
    event = _event(request.user, pk)
    registering = access.registering_organisations(request.user, event)
    form = RegistrationForm(request.POST, organisations=registering)
    if not registering.exists():
        raise PermissionDenied
    if form.is_valid():
        saved = _apply(
            form,
            lambda: services.register(
                event=event,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                seats=form.cleaned_data["seats"],
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("%(name)s is registered with %(seats)s seats.")
                % {"name": saved.organisation.name, "seats": saved.seats},
            )
            return redirect("events:detail", pk=event.pk)
    event.seats_left = queries.seats_left(event)
    return render(
        request,
        "learning/events/detail.html",
        {
            "event": event,
            "seats_left": queries.seats_left(event),
            "organising": access.may_organise_event(request.user, event),
            "registrations": [
                r for r in event.registrations.all() if r.organisation in registering
            ],
            "form": form,
            "started": False,
        },
        status=422,
    )


@login_required
@require_POST
def unregister(request, pk: int, registration: int):
    event = _event(request.user, pk)
    current = event.registrations.filter(pk=registration).first()
    if current is None:
        raise Http404(_("No such registration for this meeting."))
    services.cancel_registration(registration=current, by=request.user)
    messages.success(
        request,
        _("The registration of %(name)s was withdrawn.") % {"name": current.organisation.name},
    )
    return redirect("events:detail", pk=event.pk)


@login_required
def new(request, organisation: int):
    """Arrange a meeting for one of the organisations the user arranges meetings for."""
    organisers = access.event_organisers(request.user)
    chosen = organisers.filter(pk=organisation).first()
    if chosen is None:
        if not organisers.exists():
            raise PermissionDenied
        raise Http404(_("You do not arrange meetings for this organisation."))
    form = EventForm(request.POST or None, organiser=chosen)
    if request.method == "POST" and form.is_valid():
        event = _apply(
            form, lambda: services.create_event(organiser=chosen, by=request.user, **form.values())
        )
        if event is not None:
            messages.success(request, _("The meeting was arranged."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "learning/events/form.html", {"form": form, "organiser": chosen})


@login_required
def edit(request, pk: int):
    event = _organised(request.user, pk)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    initial["sequence"] = event.sequence
    form = EventForm(request.POST or None, initial=initial, organiser=event.organiser)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda: services.update_event(
                event=event,
                by=request.user,
                expected_sequence=form.cleaned_data["sequence"],
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The meeting was saved."))
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "learning/events/form.html",
        {"form": form, "organiser": event.organiser, "event": event},
    )


@login_required
@require_POST
def cancel(request, pk: int):
    event = _organised(request.user, pk)
    services.cancel_event(event=event, by=request.user)
    messages.success(request, _("The meeting was cancelled."))
    return redirect("events:detail", pk=event.pk)


@login_required
def follow_up(request, pk: int):
    """After the meeting: attendance per registration, materials and notes."""
    event = _organised(request.user, pk)
    registrations = list(event.registrations.all())
    initial = {"materials": event.materials, "notes": event.notes}
    form = FollowUpForm(request.POST or None, initial=initial, registrations=registrations)
    started = event.starts_at <= timezone.now()
    if request.method == "POST" and form.is_valid():

        def save():
            if started and form.attended():
                services.record_attendance(event=event, by=request.user, attended=form.attended())
            return services.add_follow_up(
                event=event,
                by=request.user,
                materials=form.cleaned_data["materials"],
                notes=form.cleaned_data["notes"],
            )

        if _apply(form, save) is not None:
            messages.success(request, _("Attendance, materials and notes were saved."))
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "learning/events/follow_up.html",
        {"form": form, "event": event, "started": started},
    )


@login_required
def calendar_links(request):
    """The private calendar link of each organisation the user works for."""
    organisations = access.organisations_of(request.user).order_by("name")
    if not organisations.exists():
        raise PermissionDenied
    feeds = {
        f.organisation_id: f for f in CalendarFeed.objects.filter(organisation__in=organisations)
    }
    rows = [
        (
            organisation,
            request.build_absolute_uri(
                reverse("events:organisation_feed", args=[feeds[organisation.pk].token])
            )
            if organisation.pk in feeds
            else "",
        )
        for organisation in organisations
    ]
    return render(
        request,
        "learning/events/calendar.html",
        {"rows": rows, "public_feed": request.build_absolute_uri(reverse("events:feed"))},
    )


@login_required
@require_POST
def renew_calendar_link(request, organisation: int):
    chosen = access.organisations_of(request.user).filter(pk=organisation).first()
    if chosen is None:
        raise Http404(_("You do not work for this organisation."))
    services.renew_calendar_link(organisation=chosen, by=request.user)
    messages.success(
        request,
        _("A new calendar link for %(name)s was made; the old one no longer works.")
        % {"name": chosen.name},
    )
    return redirect("events:calendar")


def _ics(request, events, name: str) -> HttpResponse:
    body = event_calendar.calendar(
        events,
        name=name,
        url_of=lambda e: request.build_absolute_uri(reverse("events:detail", args=[e.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


def feed(request):
    """The public calendar: every meeting listed publicly."""
    return _ics(request, queries.public_feed(), _("Beredskap – open meetings"))


def organisation_feed(request, token: str):
    """An organisation's calendar for calendar apps that cannot sign in: the meetings it
    arranges or registered for. The token is the key; a wrong one is a 404."""
    feed = CalendarFeed.objects.select_related("organisation").filter(token=token).first()
    if feed is None:
        raise Http404(_("No calendar with this link."))
    response = _ics(
        request,
        queries.organisation_feed(feed.organisation),
        _("Beredskap – meetings of %(name)s") % {"name": feed.organisation.name},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
