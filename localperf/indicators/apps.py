from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "localperf.indicators"
    verbose_name = "Indicators"
