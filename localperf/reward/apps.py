from django.apps import AppConfig


class RewardConfig(AppConfig):
    name = "localperf.reward"
    verbose_name = "Performance Reward Grant, reward lockdown and the end of the framework"

    def ready(self) -> None:
        # Registers the reward rules with django-rules.
        from localperf.reward import permissions  # noqa: F401
