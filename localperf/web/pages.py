"""The page every form of the product is shown on: a caption naming what it is about, a
title, an optional introduction, the form (errors summarised at the top, GOV.UK style)
and a way back. The agreements, reports and reviews screens all use it."""

from __future__ import annotations

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
    **extra,
) -> HttpResponse:
    """The form on its page; ``extra`` goes to the template as it is."""
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "intro": intro,
        **extra,
    }
    return render(request, TEMPLATE, context)
