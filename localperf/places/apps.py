from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "localperf.places"
    verbose_name = "Places"
