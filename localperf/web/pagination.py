"""Keeping the other query parameters when paging through a list."""

from django.http import HttpRequest


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
