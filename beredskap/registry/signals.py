"""Login auditing: Django's auth signals are the designated hook for these events. A
sign-in also counts as a session renewal (`sessions.py`), so the next request need not
write the session again."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from beredskap import audit

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
