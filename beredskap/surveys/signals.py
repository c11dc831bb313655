"""Events of the survey that later stages (results) react to without being imported here."""

from django.dispatch import Signal

#: Sent (with `response=`) after a county reviewer approved a response.
response_approved = Signal()
