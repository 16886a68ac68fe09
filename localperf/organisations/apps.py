from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "localperf.organisations"
    verbose_name = "Organisations"
