from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "beredskap.reporting"
    label = "reporting"
    verbose_name = _("Regional support and reporting")

    def ready(self):
        from . import notifications  # noqa: F401  (registers the kinds of notification)
