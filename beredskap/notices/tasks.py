"""E-mail that a request asks for, sent by the task worker, not inside the request.

With the database task backend an SMTP server that is slow or down delays no page; the
worker records a failed send as a failed task (its traceback in the task's row). The
reminder commands send their own letters (notices.services.deliver): they run outside
any request already and record each letter as it is sent.
"""

from django.core import mail
from django.tasks import task


@task
def send_message(*, subject: str, body: str, to: list[str], html: str = "") -> int:
    """Send one message from DEFAULT_FROM_EMAIL; returns the number sent (1)."""
    message = mail.EmailMultiAlternatives(subject, body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
