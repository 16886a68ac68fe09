from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "localperf.public"
    verbose_name = "Public reporting"
