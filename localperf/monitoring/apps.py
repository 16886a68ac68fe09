from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "localperf.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring (status of every target)"

    def ready(self) -> None:
        # Registers the rules-based permissions (who may override a rating).
        from localperf.monitoring import permissions  # noqa: F401
