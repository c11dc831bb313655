"""The sign-in forms, throttled: Django's own forms with a lock checked before the password.

The decision (counts, thresholds, locks) is `throttle.py`'s; the form asks it, refuses with
a message that says how long to wait, and leaves an audit event for each refusal. Failed
sign-ins themselves are audited by `signals.py`, as before.
"""

import math

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beredskap import audit

from . import throttle

THROTTLED = _(
    "Too many failed sign-ins for this account or from this address. Try again in %(minutes)s min."
)


class ThrottledSignIn:
    """Mix in before an AuthenticationForm (the site's or the admin's)."""

    def clean(self):
        username = str(self.cleaned_data.get("username") or "")[:150]
        address = throttle.client_address(self.request) if self.request else ""
        wait = throttle.login_locked(username=username, address=address)
        if wait:
            audit.record(
                actor=None, action="auth.login_throttled", actor_name=username, ip=address
            )
            minutes = math.ceil(wait / 60)
            raise ValidationError(THROTTLED, code="throttled", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                throttle.login_failed(username=username, address=address)
            raise
        throttle.login_succeeded(username=username)
        return cleaned


class SignInForm(ThrottledSignIn, AuthenticationForm):
    pass


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    pass
