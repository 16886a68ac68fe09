from django.urls import path

from localperf.home import views

urlpatterns = [path("", views.home, name="home")]
