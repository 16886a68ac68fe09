from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "localperf.observations"
    label = "observations"
    verbose_name = "Observations (data returns)"

    def ready(self) -> None:
        # Registers the rules-based permissions used by the views and the API.
        from localperf.observations import permissions  # noqa: F401
