from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "localperf.national"
    label = "national"
    verbose_name = "The national and regional picture"

    def ready(self) -> None:
        # Registers the rules-based permissions (who may see the national picture).
        from localperf.national import permissions  # noqa: F401
