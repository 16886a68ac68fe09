"""Keeping the other query parameters when paging through a list."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.http import HttpRequest


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def page_of(request: HttpRequest, items: Sequence | None, *, per_page: int) -> dict:
    """The page of ``items`` the request asks for (``?page=``) and the query string its
    links keep, as the list templates read them; ``items`` None (nothing asked for yet)
    gives no page."""
    page = None if items is None else Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page_obj": page, "querystring_without_page": querystring_without_page(request)}
