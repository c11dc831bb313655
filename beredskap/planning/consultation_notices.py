"""Who hears about a consultation (remiss) of the planning direction, through `notices`.

When a consultation opens, everyone working for an invited organisation is notified
("planning.consultation_opened", in the app and by e-mail). Before the deadline, on the
shared reminder days (`notices.calculations`), those of organisations that have not
submitted get a reminder e-mail ("planning.consultation_deadline" about
"consultation:<version>"), once a day at most, by `beredskap send_consultation_reminders`.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap import audit
from beredskap.notices import kinds
from beredskap.notices.calculations import is_reminder_day
from beredskap.notices.services import Letter, ReminderSummary, Result, deliver, notify
from beredskap.registry.models import Membership

OPENED = kinds.register(
    "planning.consultation_opened",
    gettext_lazy("A planning direction is sent out for consultation"),
)
NAMESPACE = "planning"
TEMPLATE_DIR = "planning/email"


def answer_url(consultation, organisation_id: int) -> str:
    return reverse(
        "planning_consultation:answers", args=[consultation.direction.version, organisation_id]
    )


def tell_opened(consultation, organisation_ids: list[int], *, by, email: bool = True) -> list:
    """Notify each invited organisation's people, with a link to its own answer form."""
    members = Membership.objects.filter(
        organisation_id__in=organisation_ids, user__is_active=True
    ).select_related("user")
    by_organisation: dict[int, list] = {}
    for membership in members:
        by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
    direction = consultation.direction
    names = {"version": direction.version, "deadline": consultation.deadline.isoformat()}
    made = []
    for organisation_id, users in sorted(by_organisation.items()):
        made += notify(
            kind=OPENED.code,
            recipients=users,
            subject=lambda: _("Consultation of the planning direction %(version)s") % names,
            body=lambda: (
                _(
                    "Socialstyrelsen invites your organisation to answer on each item of the "
                    "planning direction %(version)s by %(deadline)s."
                )
                % names
            ),
            url=answer_url(consultation, organisation_id),
            by=by,
            email=email,
        )
    return made


def send_reminders(
    *, consultation, today: datetime.date, base_url: str, dry_run: bool = False
) -> ReminderSummary:
    """E-mail today's deadline reminders to organisations that have not submitted."""
    direction = consultation.direction
    summary = ReminderSummary(year=consultation.deadline.year, today=today, dry_run=dry_run)
    if consultation.is_closed or not is_reminder_day(today, consultation.deadline):
        return summary
    if today > consultation.deadline:
        return summary  # answers close at the deadline: nothing left to remind of
    waiting = consultation.invitations.filter(submitted_at__isnull=True)
    members = (
        Membership.objects.filter(
            organisation__in=waiting.values("organisation"),
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
    )
    base_url = base_url.rstrip("/")
    letters, seen = [], set()
    for membership in members:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        context = {
            "version": direction.version,
            "deadline": consultation.deadline,
            "days": (consultation.deadline - today).days,
            "organisation": membership.organisation.name,
            "url": base_url + answer_url(consultation, membership.organisation_id),
        }
        letters.append(Letter(user=membership.user, kind="consultation_deadline", context=context))
    summary.outcomes = deliver(
        letters,
        template_dir=TEMPLATE_DIR,
        namespace=NAMESPACE,
        scope=f"consultation:{direction.version}",
        today=today,
        dry_run=dry_run,
    )
    if summary.sent:
        audit.record(
            actor=None,
            action="reminders.sent",
            target=direction,
            on=today.isoformat(),
            sent=summary.kinds(Result.SENT),
            failed=summary.failed,
        )
    return summary
