"""Requests no view can answer are refused at the door with 400 and a message saying
what is wrong, before any view, form or query sees them:

- a NUL byte in the path or the query string (databases refuse it in text, so it used to
  surface as a 500 from deep inside a search);
- ``multipart/form-data`` without a boundary: there is no way to read its parts.

The API is answered in its own shape, ``{"detail": "..."}``; a page gets the 400 page.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"
NUL = "\x00"


def malformation_of(request: HttpRequest) -> str | None:
    """What makes the request unreadable, in words; ``None`` when nothing does."""
    if NUL in request.path or NUL in request.path_info:
        return "The address contains a NUL character (%00), which no address may contain."
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return "The query string contains a NUL character (%00), which no value may contain."
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.lower().startswith("multipart/form-data") and not _boundary_of(content_type):
        return "The multipart/form-data body has no boundary, so its parts cannot be read."
    return None


def _boundary_of(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "boundary":
            return value.strip().strip('"')
    return ""


def refuse_malformed_requests(get_response: Callable) -> Callable:
    """Middleware: 400 with a message for a request described by ``malformation_of``."""

    def middleware(request: HttpRequest) -> HttpResponse:
        problem = malformation_of(request)
        if problem is None:
            return get_response(request)
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": problem}, status=400)
        return render(request, "400.html", {"problem": problem}, status=400)

    return middleware
