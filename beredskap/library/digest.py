"""The weekly e-mail of what changed in the library, for those who asked for it.

`send_digests` (run daily or weekly by `send_library_digest`, like the reminder commands)
writes each subscriber, at most once a week, the items added or revised since their last
digest (or in the last week), in their language, and hands it to the task worker's e-mail
path (`notices.tasks.send_message`) once the transaction commits. Nothing new, no e-mail.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.notices import tasks
from beredskap.notices.services import language_of

from .models import DigestSubscription, Revision

WEEK = datetime.timedelta(days=7)
#: A run a little early in the week (a cron drifting) still sends.
SLACK = datetime.timedelta(hours=12)


@dataclass
class DigestRun:
    sent: list[str] = field(default_factory=list)
    not_due: int = 0
    nothing_new: int = 0


@transaction.atomic
def send_digests(*, base_url: str, now=None, dry_run: bool = False, by=None) -> DigestRun:
    """Queue each due subscriber's digest; returns who got one (usernames)."""
    now = now or timezone.now()
    run = DigestRun()
    subscriptions = list(
        DigestSubscription.objects.select_for_update()
        .select_related("user")
        .filter(user__is_active=True)
        .exclude(user__email="")
        .order_by("user__username")
    )
    due = [s for s in subscriptions if not s.last_sent_at or now - s.last_sent_at >= WEEK - SLACK]
    run.not_due = len(subscriptions) - len(due)
    earliest = min((s.last_sent_at or now - WEEK for s in due), default=now)
    changes = list(
        Revision.objects.filter(item__active=True, at__gt=earliest, at__lte=now)
        .select_related("item")
        .order_by("-at", "-pk")
    )
    for subscription in due:
        since = subscription.last_sent_at or now - WEEK
        mine = _latest_per_item([r for r in changes if r.at > since])
        if not mine:
            run.nothing_new += 1
            continue
        run.sent.append(subscription.user.username)
        if dry_run:
            continue
        message = _message(subscription.user, mine, base_url.rstrip("/"))
        transaction.on_commit(functools.partial(tasks.send_message.enqueue, **message))
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
    if not dry_run:
        audit.record(actor=by, action="library.digest_sent", recipients=len(run.sent))
    return run


def _latest_per_item(revisions: list[Revision]) -> list[Revision]:
    seen, latest = set(), []
    for revision in revisions:  # newest first
        if revision.item_id not in seen:
            seen.add(revision.item_id)
            latest.append(revision)
    return latest


def _message(user, revisions: list[Revision], site: str) -> dict:
    with translation.override(language_of(user)):
        context = {
            "name": user.get_full_name() or user.get_username(),
            "changes": [
                (r, site + reverse("library:item", args=[r.item.slug])) for r in revisions
            ],
            "settings_link": site + reverse("library:digest"),
            "feed_link": site + reverse("library:feed"),
        }
        subject = _("What changed in the knowledge library: %(count)s items") % {
            "count": len(revisions)
        }
        body = render_to_string("library/digest_email.txt", context)
    return {"subject": subject, "body": body, "to": [user.email]}
