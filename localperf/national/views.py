"""Pages of the national and regional picture. Thin: the work is in ``selectors`` and
``services``. Anonymous users are sent to sign in; signed-in users outside government
get 403 (see ``permissions``); every table page offers its rows as CSV (``?format=csv``).
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from localperf import charts
from localperf.accounts.roles import is_government_office
from localperf.national import charting, exports, selectors, services
from localperf.national.forms import (
    ComparatorGroupForm,
    FlagForm,
    NeighboursForm,
    PictureChoice,
    PictureForm,
    WithdrawFlagForm,
    group_initial,
)
from localperf.national.models import AssessmentFlag, FlagAction
from localperf.national.permissions import has, may_record_flag, may_view_picture
from localperf.observations.rights import provisional_areas_for
from localperf.places.models import Area, Tier
from localperf.web.pages import form_page, permitted_or_403
from localperf.web.pagination import page_of

LEDGER_ROWS_PER_PAGE = 50


def government_only(view):
    """Signed-in government users only (rule N1); others 403, anonymous users sign in."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not may_view_picture(request.user):
            raise PermissionDenied("The national picture is for government users.")
        return view(request, *args, **kwargs)

    return wrapper


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def _area(code: str) -> Area:
    area = Area.objects.with_code(code).filter(upper_tier=True).first()
    if area is None:
        raise Http404(f"There is no area holding an LAA with the code '{code}'.")
    return area


# --- index and selection ----------------------------------------------------------------


@require_GET
@government_only
def national_index(request: HttpRequest) -> HttpResponse:
    region_id = None
    organisation = getattr(request.user, "organisation", None)
    if is_government_office(request.user) and organisation:
        region_id = organisation.area_id
    return render(
        request,
        "national/index.html",
        {"regions": selectors.regions(), "own_region_id": region_id},
    )


@require_GET
@government_only
def selection(request: HttpRequest) -> HttpResponse:
    result = selectors.indicator_selection()
    if wants_csv(request):
        return exports.selection_csv(result)
    by = "region" if request.GET.get("by") == "region" else "theme"
    sort = "number" if request.GET.get("sort") == "number" else "count"
    context = result.page(by=by, sort=sort) | charting.selection_charts(result)
    return render(request, "national/selection.html", context)


@require_GET
@government_only
def selection_few(request: HttpRequest) -> HttpResponse:
    result = selectors.indicator_selection()
    if wants_csv(request):
        return exports.selection_few_csv(result.few())
    return render(request, "national/selection_few.html", result.few_page())


@require_GET
@government_only
def nis_review(request: HttpRequest) -> HttpResponse:
    review = selectors.nis_review()
    if wants_csv(request):
        return exports.review_csv(review)
    return render(
        request, "national/review.html", {"review": review, "few": selectors.FEW_AGREEMENTS}
    )


@require_GET
@government_only
def collect_once_ledger(request: HttpRequest) -> HttpResponse:
    ledger = selectors.collect_once_ledger()
    if wants_csv(request):
        return exports.ledger_csv(ledger)
    context = {"ledger": ledger} | charting.ledger_charts(ledger)
    context |= page_of(request, ledger.rows, per_page=LEDGER_ROWS_PER_PAGE)
    return render(request, "national/ledger.html", context)


@require_GET
@government_only
def targets_waiting(request: HttpRequest) -> HttpResponse:
    waiting = selectors.waiting_targets()
    if wants_csv(request):
        return exports.targets_waiting_csv(waiting)
    return render(
        request,
        "national/targets_waiting.html",
        {"waiting": waiting, "statuses_text": selectors.COUNTED_STATUSES_TEXT},
    )


# --- one indicator across all areas -----------------------------------------------------


def _picture_chart(picture) -> charts.Markup | None:
    """One bar per area in rank order (the comparator group's in orange), with the
    quartiles, the median and England as lines; None when there is nothing to draw."""
    d = picture.distribution
    if not picture.areas or d is None:
        return None
    lines = [
        ("Lower quartile", d.lower_quartile, charts.GREY, "4 3"),
        ("Median", d.median, charts.BLACK, ""),
        ("Upper quartile", d.upper_quartile, charts.GREY, "4 3"),
    ]
    if picture.england.estimate is not None:
        lines.append(("England", picture.england.estimate.value, charts.RED, "8 3"))
    references = [
        charts.Reference(f"{name} {charts.axis_label(value)}", value, colour, dash)
        for name, value, colour, dash in lines
    ]
    drawn = charts.bar_chart(
        [charts.BarValue(a.name, a.value, a.in_comparator) for a in picture.areas], references
    )
    if drawn is None:
        return None
    comparator = f", {picture.comparator.name} in orange" if picture.comparator else ""
    return charts.bar_chart_svg(
        drawn,
        title=f"{picture.measure.code} {picture.period.label}: one bar per area, best first",
        id="picture-chart",
        description=f"{len(drawn.bars)} areas in rank order{comparator}. Lines: "
        + "; ".join(r.label for r in references)
        + ". The same figures are in the tables on this page.",
    )


@require_GET
@government_only
def indicator_picture(request: HttpRequest) -> HttpResponse:
    form = PictureForm(request.GET or None, groups=selectors.comparator_groups_for(request.user))
    choice = form.choice(request.user) if request.GET else PictureChoice()
    context = {"form": form, "picture": None, "periods": choice.periods, "matches": choice.matches}
    if not choice.ready:
        return render(request, "national/picture.html", context, status=choice.status)
    picture = selectors.indicator_picture(
        choice.measure,
        choice.period,
        comparator=choice.comparator,
        provisional_areas=provisional_areas_for(request.user),
        tier=choice.tier,
    )
    if wants_csv(request):
        return exports.picture_csv(picture)
    other_tier = request.GET.copy()
    other_tier["tier"] = Tier.LOWER if choice.tier is Tier.UPPER else Tier.UPPER
    other_tier.pop("comparator", None)  # a group holds areas of one tier
    context.update(
        picture=picture,
        chart=_picture_chart(picture),
        query=request.GET.urlencode(),
        query_other_tier=other_tier.urlencode(),
    )
    return render(request, "national/picture.html", context)


# --- nearest neighbours (issue 15 item 3) -----------------------------------------------


@government_only
def neighbours(request: HttpRequest) -> HttpResponse:
    form = NeighboursForm(request.GET or None)
    if not form.is_valid():
        return render(
            request, "national/neighbours.html", {"form": form}, status=400 if request.GET else 200
        )
    found = selectors.nearest_areas(
        form.cleaned_data["area"],
        form.cleaned_data["measures"],
        count=form.cleaned_data["count"],
        provisional_areas=provisional_areas_for(request.user),
    )
    if request.method == "POST":
        try:
            group = services.comparator_group_from_neighbours(
                user=request.user, neighbours=found, name=request.POST.get("name", "")[:200]
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"Comparator group '{group.name}' saved.")
            return redirect("national:comparators")
    return render(request, "national/neighbours.html", {"form": form, "found": found})


# --- comparator groups ------------------------------------------------------------------


@require_GET
@government_only
def comparator_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.comparator_groups_for(request.user)
    return render(request, "national/comparator_list.html", {"groups": groups})


def _group_form_page(request, form, *, save, title: str, group=None):
    return form_page(
        request,
        form,
        save=save,
        template="national/comparator_form.html",
        refused_status=400,
        title=title,
        caption="",
        back_url=reverse("national:comparators"),
        group=group,
    )


@government_only
def comparator_create(request: HttpRequest) -> HttpResponse:
    def save(form):
        group = services.comparator_group_create(user=request.user, **form.cleaned_data)
        messages.success(request, f"Comparator group '{group.name}' saved.")
        return redirect("national:comparators")

    form = ComparatorGroupForm(request.POST or None)
    return _group_form_page(request, form, save=save, title="Define a comparator group")


def _group_for(request, pk: int, permission: str):
    group = selectors.comparator_group_get_for(request.user, pk)
    if group is None:
        raise Http404("There is no comparator group with that id you can use.")
    if not has(request.user, permission, group):
        raise PermissionDenied("Only the group's owner can change it.")
    return group


@government_only
def comparator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk, "national.change_comparatorgroup")

    def save(form):
        services.comparator_group_update(user=request.user, group=group, **form.cleaned_data)
        messages.success(request, f"Comparator group '{group.name}' saved.")
        return redirect("national:comparators")

    form = ComparatorGroupForm(request.POST or None, initial=group_initial(group))
    return _group_form_page(request, form, save=save, title=f"Change '{group.name}'", group=group)


@require_POST
@government_only
def comparator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk, "national.delete_comparatorgroup")
    name = group.name
    services.comparator_group_delete(user=request.user, group=group)
    messages.success(request, f"Comparator group '{name}' deleted.")
    return redirect("national:comparators")


# --- region view ----------------------------------------------------------------------


@require_GET
@government_only
def region_view(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.regions().filter(code=code).first()
    if region is None:
        raise Http404(f"There is no region with the code '{code}'.")
    summary = selectors.region_summary(region, request.user)
    if wants_csv(request):
        return exports.region_csv(region, summary)
    return render(request, "national/region.html", {"region": region, "summary": summary})


# --- area evidence and flags (rule M7) ---------------------------------------------------


@require_GET
@government_only
def area_evidence(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(code)
    evidence = selectors.area_evidence(area, provisional_areas=provisional_areas_for(request.user))
    if wants_csv(request):
        return exports.area_evidence_csv(area, evidence)
    context = selectors.area_evidence_page(
        area, evidence, may_record_flag=may_record_flag(request.user)
    )
    return render(request, "national/area_evidence.html", context)


@login_required
@require_GET
def area_flags(request: HttpRequest, code: str) -> HttpResponse:
    """The area's flags: for government, and for the area's own users (rule M7)."""
    area = _area(code)
    if not has(request.user, "national.view_flags", area):
        raise PermissionDenied("Only government and the area's own users see its flags.")
    context = selectors.area_flags_page(
        area,
        may_record_flag=may_record_flag(request.user),
        is_government=may_view_picture(request.user),
    )
    return render(request, "national/area_flags.html", context)


@government_only
def flag_raise(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(code)
    permitted_or_403(may_record_flag(request.user), "Only inspectors record red and green flags.")

    def save(form):
        services.assessment_flag_raise(user=request.user, area=area, **form.cleaned_data)
        messages.success(request, f"Flag recorded for {area.name}.")
        return redirect("national:area_flags", code=area.code)

    return _flag_form_page(
        request, FlagForm(request.POST or None), save=save, area=area,
        title=f"Record a flag for {area.name}",
    )  # fmt: skip


@government_only
def flag_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        AssessmentFlag.objects.select_related("area"), pk=pk, action=FlagAction.RAISED
    )
    permitted_or_403(may_record_flag(request.user), "Only inspectors withdraw red and green flags.")

    def save(form):
        services.assessment_flag_withdraw(user=request.user, flag=flag, **form.cleaned_data)
        messages.success(request, f"Flag '{flag.title}' withdrawn.")
        return redirect("national:area_flags", code=flag.area.code)

    return _flag_form_page(
        request, WithdrawFlagForm(request.POST or None), save=save, area=flag.area,
        title=f"Withdraw the flag '{flag.title}'", flag=flag,
    )  # fmt: skip


def _flag_form_page(request, form, *, save, area, title: str, **extra):
    return form_page(
        request,
        form,
        save=save,
        template="national/flag_form.html",
        refused_status=400,
        title=title,
        caption=area.name,
        back_url=reverse("national:area_flags", kwargs={"code": area.code}),
        area=area,
        **extra,
    )
