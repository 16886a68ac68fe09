"""The public site: no sign-in, approved agreements and released figures only (rule M2).
Every page works without JavaScript and offers its data as CSV."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from localperf.observations.importing.export import SDMX_CSV, observations_export
from localperf.observations.importing.sdmx_structure import sdmx_structure_response
from localperf.public import package, pages, selectors
from localperf.web.downloads import csv_response, file_response, zip_response

SEARCH_LIMIT = 50
NO_TARGET = "That target is not in the area's approved agreement."


def _csv_response(rows: Iterable[dict], name: str) -> StreamingHttpResponse:
    cells = pages.open_data_cells(rows)
    return csv_response(name, selectors.OPEN_DATA_COLUMNS, cells, streaming=True)


def _found(code: str) -> pages.Found:
    """What the code names (``pages.found``); 404 if no area has it."""
    place = pages.found(code)
    if place.area is None:
        raise Http404(f"There is no area with the code {code!r}.")
    return place


def _published(code: str) -> tuple[pages.Found, bool]:
    """The area with this code and its published agreement; 404 if there is none (drafts
    look exactly like no agreement at all). The flag: the code was not the canonical one."""
    place = _found(code)
    if place.agreement is None:
        raise Http404(f"{place.area.name} has no approved Local Area Agreement yet.")
    return place, code != place.area.code


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    results = list(selectors.public_area_search(q)[:SEARCH_LIMIT]) if q else None
    found = selectors.agreement_area_of(results[0]) if results and len(results) == 1 else None
    if found is not None:
        return redirect(pages.area_url(found, searched=results[0]))
    return render(
        request,
        "public/index.html",
        {"q": q, "results": results, "areas": selectors.areas_with_agreements()},
    )


@require_GET
def area_page(request: HttpRequest, code: str) -> HttpResponse:
    place = _found(code)
    if code != place.area.code:
        return redirect("public:area", code=place.area.code, permanent=True)
    if place.agreement is None:
        return render(request, "public/no_agreement.html", {"area": place.area}, status=404)
    context = pages.area_page(place, searched=request.GET.get("from", "")[:20])
    return render(request, "public/area.html", context)


@require_GET
def area_csv(request: HttpRequest, code: str) -> StreamingHttpResponse:
    agreement = _published(code)[0].agreement
    return _csv_response(
        selectors.open_data_rows([agreement]), f"{agreement.area.code}-targets-and-figures.csv"
    )


def _target(code: str, pk: int):
    agreement = _published(code)[0].agreement
    target = selectors.public_target(agreement, pk)
    if target is None:
        raise Http404(NO_TARGET)
    return agreement, target


@require_GET
def target_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    place, moved = _published(code)
    context = pages.target_page(place, pk)
    if context is None:
        raise Http404(NO_TARGET)
    if moved:
        return redirect("public:target", code=place.agreement.area.code, pk=pk, permanent=True)
    return render(request, "public/target.html", context)


@require_GET
def target_csv(request: HttpRequest, code: str, pk: int) -> StreamingHttpResponse:
    agreement, target = _target(code, pk)
    rows = (r for r in selectors.open_data_rows([agreement]) if r["target_id"] == target.pk)
    return _csv_response(rows, f"{agreement.area.code}-target-{target.pk}.csv")


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/open_data.html",
        {"agreements": selectors.public_agreements().order_by("area__name")},
    )


@require_GET
def open_data_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every published agreement's targets and released figures, streamed row by row."""
    agreements = selectors.public_laas().order_by("area__name", "term")
    return _csv_response(
        selectors.open_data_rows(agreements.iterator()), "local-area-agreements-open-data.csv"
    )


@require_GET
def open_data_package(request: HttpRequest) -> JsonResponse:
    """The open data set's Frictionless Data Package descriptor (rule M6)."""
    return JsonResponse(package.open_data_package(), json_dumps_params={"ensure_ascii": False})


@require_GET
def open_data_sdmx(request: HttpRequest) -> HttpResponse:
    """Every released figure as SDMX-CSV 2.0, dataflow ``LOCALPERF:NIS_OBS(1.0.0)`` (rule
    M6): what anyone may see, whoever asks (``provisional_areas`` empty)."""
    content = observations_export(file_format=SDMX_CSV, provisional_areas=frozenset())
    return file_response("localperf-observations-sdmx.csv", content)


@require_GET
def open_data_sdmx_structure(request: HttpRequest) -> HttpResponse:
    """The SDMX-ML 2.1 structure of the SDMX-CSV file: its dimensions, attributes and code
    lists (rule M6)."""
    return sdmx_structure_response()


@require_GET
def open_data_zip(request: HttpRequest) -> HttpResponse:
    """The same data set zipped, one CSV file per area."""
    agreements = selectors.public_laas().order_by("area__name", "term")
    files = pages.open_data_files(agreements)
    return zip_response("local-area-agreements-open-data.zip", files)
