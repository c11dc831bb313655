from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "beredskap.learning"
    label = "learning"
    verbose_name = _("Training, exercises and lessons")
