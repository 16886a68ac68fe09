from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from localperf.places.forms import AreaSearchForm
from localperf.places.models import AreaType
from localperf.places.selectors import (
    RESTRUCTURING_DAY,
    area_get,
    area_search,
    areas_in_region,
    population_group_list,
    region_list,
    restructured_areas,
)
from localperf.web.pagination import querystring_without_page


def place_index(request):
    form = AreaSearchForm(request.GET or None)
    searching = form.is_valid() and any(form.cleaned_data.values())
    page = None
    if searching:
        data = form.cleaned_data
        areas = area_search(
            q=data["q"],
            area_type=data["area_type"],
            region=data["region"],
            live_on=None if data["include_ended"] else RESTRUCTURING_DAY,
        )
        page = Paginator(areas, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "places/place_index.html",
        {
            "form": form,
            "searching": searching,
            "page_obj": page,
            "regions": region_list(),
            "querystring_without_page": querystring_without_page(request),
        },
    )


def area_detail(request, code: str):
    area = area_get(code)
    if area is None:
        raise Http404(f"There is no area with the code {code!r}.")
    if code != area.code:
        return redirect("places:detail", code=area.code, permanent=True)
    context = {"area": area, "restructuring_day": RESTRUCTURING_DAY}
    if area.area_type == AreaType.REGION:
        context["upper_tier_areas"] = areas_in_region(area)
    else:
        context["children"] = area.children.order_by("name")
    context["organisations"] = area.organisations.order_by("name")
    return render(request, "places/area_detail.html", context)


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
