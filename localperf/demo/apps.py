from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "localperf.demo"
    label = "demo"
    verbose_name = "Demonstration data"
