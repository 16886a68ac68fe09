from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "localperf.home"
    verbose_name = "Home"
