from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "beredskap.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (recompute when a response is approved)
        from .fragments import connect

        connect()  # the kept results pages end when their inputs in other apps change
