from django.http import Http404
from django.shortcuts import redirect, render

from localperf.places.forms import AreaSearchForm
from localperf.places.selectors import (
    RESTRUCTURING_DAY,
    area_get,
    area_page,
    population_group_list,
    region_list,
    restructured_areas,
)
from localperf.web.pagination import page_of


def place_index(request):
    form = AreaSearchForm(request.GET or None)
    areas = form.areas()
    context = {"form": form, "searching": areas is not None, "regions": region_list()}
    return render(
        request, "places/place_index.html", {**context, **page_of(request, areas, per_page=50)}
    )


def area_detail(request, code: str):
    area = area_get(code)
    if area is None:
        raise Http404(f"There is no area with the code {code!r}.")
    if code != area.code:
        return redirect("places:detail", code=area.code, permanent=True)
    return render(request, "places/area_detail.html", area_page(area))


def restructuring(request):
    return render(
        request,
        "places/restructuring.html",
        {"areas": restructured_areas(), "restructuring_day": RESTRUCTURING_DAY},
    )


def population_groups(request):
    return render(
        request,
        "places/population_groups.html",
        {"groups": population_group_list()},
    )
