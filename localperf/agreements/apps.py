from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "localperf.agreements"
    label = "agreements"
    verbose_name = "Local Area Agreements"

    def ready(self) -> None:
        # Registers the object-level permissions with django-rules.
        from localperf.agreements import permissions  # noqa: F401
