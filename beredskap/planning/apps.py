from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "beredskap.planning"
    label = "planning"
    verbose_name = _("Planning direction")

    def ready(self):
        from . import consultation_notices  # noqa: F401  (registers the kinds of notification)
