from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "localperf.reference"
    verbose_name = "Reference data"
