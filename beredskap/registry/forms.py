"""Account forms that differ from Django's own."""

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from beredskap.notices.tasks import send_message


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
