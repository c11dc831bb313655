"""Login auditing: Django's auth signals are the designated hook for these events. A
sign-in also counts as a session renewal (`sessions.py`), so the next request need not
write the session again. Any change of a user, a membership or an organisation ends the
cached row and grants of the users concerned (`access.forget_grants`, `backends.py`)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from beredskap import audit

from .access.core import forget_grants, forget_organisation_grants
from .models import Membership, Organisation, User
from .sessions import SlidingSessionMiddleware
from .throttle import client_address


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": client_address(request)}  # behind proxies: API_NUM_PROXIES


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        SlidingSessionMiddleware.renewed(request.session)
    audit.record(actor=user, action="auth.login", target=user, **_client(request))


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="auth.logout", target=user, **_client(request))


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(actor=None, action="auth.login_failed", actor_name=username, **_client(request))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    forget_grants(instance.user_id)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def user_changed(sender, instance, **kwargs):
    forget_grants(instance.pk)


@receiver(post_save, sender=Organisation)  # a deleted one's memberships go one by one
def organisation_changed(sender, instance, **kwargs):
    forget_organisation_grants(instance.pk)
