from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "beredskap.demo"
    label = "demo"
    verbose_name = "Demo"
