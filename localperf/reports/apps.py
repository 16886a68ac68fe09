from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "localperf.reports"
    verbose_name = "Progress reports and annual reviews"
