from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "localperf.accounts"
    verbose_name = "Accounts"
