from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "beredskap.support"
    label = "support"
    verbose_name = _("Support log")

    def ready(self):
        from beredskap.learning.signals import event_changed

        event_changed.connect(_follow_event, dispatch_uid="support.follow_event")


def _follow_event(sender, *, event, by, **kwargs):
    """A county board's meeting is kept in its support log (`services.sync_event_activity`)."""
    from . import services

    services.sync_event_activity(event=event, by=by)
