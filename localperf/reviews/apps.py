from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "localperf.reviews"
    verbose_name = "Reviews and the timetable"
