"""The page every form of the product is shown on: a caption naming what it is about, a
title, an optional introduction, the form (errors summarised at the top, GOV.UK style)
and a way back. The agreements, reports and reviews screens all use it, and its one way
of handling a post: a valid form goes to the service, whose refusal (``ValidationError``)
is shown on the form, field by field, with nothing changed."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

TEMPLATE = "web/form_page.html"


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST (even an empty one), None otherwise: a form is bound
    exactly when the user sent it."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    caption: str,
    back_url: str,
    intro: str = "",
    save: Callable[[object], HttpResponse] | None = None,
    template: str = TEMPLATE,
    refused_status: int = 200,
    **extra,
) -> HttpResponse:
    """The form on its page; ``extra`` goes to the template as it is.

    ``save``, given the valid form of a POST, calls the service and answers where to go
    next; a ``ValidationError`` it raises is put on the form (``add_service_errors``).
    ``template``: a page of its own that extends the usual one; ``refused_status``: the
    status of a POST shown again (the national pages answer 400)."""
    if save is not None and request.method == "POST" and form.is_valid():
        try:
            return save(form)
        except ValidationError as error:
            form.add_service_errors(error)
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "intro": intro,
        **extra,
    }
    status = refused_status if request.method == "POST" else 200
    return render(request, template, context, status=status)


def permitted_or_403(permitted: bool, reason: str) -> None:
    """Refuse (403, with the reason shown) a user who can see the object but not act."""
    if not permitted:
        raise PermissionDenied(reason)
