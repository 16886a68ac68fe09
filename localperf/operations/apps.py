from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "localperf.operations"
    label = "operations"
    verbose_name = "Running the service"

    def ready(self) -> None:
        # One log line per background task, as there is one per request.
        from localperf.operations import task_log

        task_log.connect()
