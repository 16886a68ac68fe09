"""The real URLs plus one trivial page (the base template around a heading, through the
whole middleware stack), served the same way in the same run as every page type."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

TRIVIAL = (
    '{% extends "base.html" %}{% block page_title %}Trivial{% endblock %}'
    '{% block content %}<h1 class="govuk-heading-l">Trivial</h1>{% endblock %}'
)


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(TRIVIAL).render({}, request))


urlpatterns = [path("bench/trivial/", trivial), path("", include("localperf.urls"))]
