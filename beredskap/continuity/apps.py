from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuityConfig(AppConfig):
    name = "beredskap.continuity"
    label = "continuity"
    verbose_name = _("Continuity register")

    def ready(self) -> None:
        # The scenario gaps take part in the results pages' support needs (results.sources).
        from beredskap.results import sources

        from .needs import ScenarioNeeds

        sources.register(ScenarioNeeds())
