"""The public's collect-once ledger (rule M6), under ``/public/compare/ledger/``: the
government's ledger (``selectors.collect_once_ledger``) of the figures anyone may see,
by supplying organisation but without the names of the people who sent them. No
sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from localperf.national import charting, exports, selectors
from localperf.web.pagination import page_of

ROWS_PER_PAGE = 50


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    ledger = selectors.collect_once_ledger(released_only=True)
    if request.GET.get("format") == "csv":
        return exports.ledger_csv(ledger)
    context = {"ledger": ledger, "public": True} | charting.ledger_charts(ledger)
    context |= page_of(request, ledger.rows, per_page=ROWS_PER_PAGE)
    return render(request, "national/ledger.html", context)
