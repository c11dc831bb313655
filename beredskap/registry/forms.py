"""Account forms that differ from Django's own: sign-in throttled, password reset queued.

Sign-in: Django's own forms with a lock checked before the password.
The decision (counts, thresholds, locks) is `throttle.py`'s; the form asks it, refuses with
a message that says how long to wait, and leaves an audit event for each refusal. Failed
sign-ins themselves are audited by `signals.py`, as before.
"""

import math

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils.translation import gettext_lazy as _

from beredskap import audit
from beredskap.notices.tasks import send_message

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


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its e-mail written in the request and sent by the task
    worker (notices.tasks), so the page answers without waiting for the mail server."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = ""
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
        send_message.enqueue(subject=subject, body=body, to=[to_email], html=html)
