from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "beredskap.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from . import notifications  # noqa: F401  (registers the kinds of notification)
