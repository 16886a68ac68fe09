"""Pages for data returns: upload → dry-run summary → confirm → progress → done; the
history of one figure; browsing and exporting figures. Thin: the work is in
``importing.services`` and ``selectors``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.selectors import agreements_supplied_by
from localperf.observations import (
    permissions,
    releases,
    return_periods,
    return_save,
    returns,
)
from localperf.observations.forms import ImportUploadForm, ObservationFilterForm, ReleaseForm
from localperf.observations.importing.export import (
    FORMATS,
    LAYOUT_FORMATS,
    export_file_name,
    observations_export,
)
from localperf.observations.importing.services import import_batch_create
from localperf.observations.models import ImportBatch, ImportStatus, RowAction
from localperf.observations.return_page import SAVED_KEY, return_grid_page
from localperf.observations.rights import figure_rights_for
from localperf.observations.selectors import (
    BATCH_ROWS_PER_PAGE,
    ObservationFilters,
    UnknownCode,
    batch_rows_shown,
    data_index_page,
    import_batch_page,
    import_batches_of,
    observation_for_key,
    observation_history,
    observation_is_visible,
    observation_list,
)
from localperf.observations.services import observations_release
from localperf.observations.tasks import import_batch_enqueue
from localperf.web import clock
from localperf.web.downloads import file_response
from localperf.web.pages import form_page, permitted_or_403
from localperf.web.pagination import page_of
from localperf.web.periods import period_problem

ROWS_PER_PAGE = BATCH_ROWS_PER_PAGE


def _filters(request: HttpRequest, *, current_only: bool = True) -> ObservationFilters:
    get = request.GET
    return ObservationFilters(
        measure=get.get("measure", "").strip(),
        area=get.get("area", "").strip(),
        period=get.get("period", "").strip(),
        group=get.get("group", "").strip(),
        current_only=current_only,
    )


def _submitter(request: HttpRequest) -> None:
    if not permissions.may_submit(request.user):
        raise PermissionDenied("Your role cannot submit figures.")


def _own_batch(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch the user may see: their own, or any for an administrator; else 404."""
    batches = import_batches_of(request.user)
    return get_object_or_404(batches, pk=pk)


@require_GET
def data_index(request: HttpRequest) -> HttpResponse:
    context = {"form": ObservationFilterForm(), **data_index_page(request.user)}
    return render(request, "observations/data_index.html", context)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _submitter(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = import_batch_create(
            content=upload.read(),
            file_name=upload.name,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        import_batch_enqueue(batch, dry_run=True)
        return redirect("observations:batch", pk=batch.pk)
    return render(request, "observations/import_upload.html", {"form": form})


@login_required
@require_GET
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    action = request.GET.get("action", "")
    action = action if action in RowAction.values else ""
    context = import_batch_page(batch, action=action)
    context.update(page_of(request, batch_rows_shown(batch, action), per_page=ROWS_PER_PAGE))
    context["agreements"] = agreements_supplied_by(request.user.organisation_id)
    return render(request, "observations/import_batch.html", context)


@login_required
@require_GET
def import_batch_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls every second; once the work is done, the page
    reloads to show the summary."""
    batch = _own_batch(request, pk)
    if not batch.is_working and request.htmx:
        return HttpResponseClientRefresh()
    context = {"batch": batch, "working": batch.is_working}
    return render(request, "observations/includes/batch_status.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _submitter(request)
    batch = _own_batch(request, pk)
    if not batch.can_commit:
        raise PermissionDenied("Only a checked file without rejected rows can be imported.")
    import_batch_enqueue(batch, dry_run=False)
    return redirect("observations:batch", pk=batch.pk)


@login_required
@require_POST
def import_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the same file again, e.g. after a conflict or once its work was stopped."""
    _submitter(request)
    batch = _own_batch(request, pk)
    if batch.status not in {ImportStatus.CONFLICT, ImportStatus.DRY_RUN} and not batch.was_stopped:
        raise PermissionDenied("This import cannot be checked again.")
    import_batch_enqueue(batch, dry_run=True)
    return redirect("observations:batch", pk=batch.pk)


@require_GET
def observation_index(request: HttpRequest) -> HttpResponse:
    form = ObservationFilterForm(request.GET or None)
    areas = permissions.provisional_areas(request.user)
    try:
        observations, error = observation_list(_filters(request), provisional_areas=areas), ""
    except UnknownCode as unknown:
        observations, error = [], str(unknown)
    context = {"form": form, "error": error, "export_query": request.GET.urlencode()}
    context.update(page_of(request, observations, per_page=50))
    return render(request, "observations/observation_list.html", context)


@require_GET
def observation_history_page(request: HttpRequest) -> HttpResponse:
    """Every version of one figure (measure × area × period × group), newest first."""
    get = request.GET
    try:
        current = observation_for_key(
            get.get("measure", ""), get.get("area", ""), get.get("period", ""), get.get("group", "")
        )
    except UnknownCode as unknown:
        raise Http404(str(unknown)) from None
    if current is None:
        raise Http404("There is no figure for that measure, area, period and group.")
    areas = permissions.provisional_areas(request.user)
    if not observation_is_visible(current, areas):
        raise Http404("There is no published figure for that key yet.")
    versions = observation_history(current, provisional_areas=areas)
    return render(
        request,
        "observations/observation_history.html",
        {"current": current, "versions": versions},
    )


@require_GET
def observation_export(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404(f"There is no export format {file_format!r}; use csv, xlsx or sdmx-csv.")
    filters = _filters(request)
    try:
        content = observations_export(
            filters=filters,
            file_format=file_format,
            provisional_areas=permissions.provisional_areas(request.user),
        )
    except UnknownCode as unknown:
        raise Http404(str(unknown)) from None
    parts = [p for p in (filters.measure, filters.area, filters.period) if p]
    name = slugify("observations " + " ".join(parts)) or "observations"
    return file_response(export_file_name(name, file_format), content)


# --- Releasing provisional figures ----------------------------------------------------


def _scope_words(area, measure, period) -> str:
    return ", ".join(
        [
            area.name if area else "every area",
            measure.code if measure else "every measure",
            period.label if period else "every period",
        ]
    )


def _released_words(release, scope: dict) -> str:
    figures = "figure" if release.figure_count == 1 else "figures"
    return (
        f"Released {release.figure_count} provisional {figures} "
        f"({_scope_words(**scope)}): they are public now."
    )


@login_required
@require_http_methods(["GET", "POST"])
def release_figures(request: HttpRequest) -> HttpResponse:
    """Publish provisional figures: what waits, the form, and the releases made. The
    permission is the service's (``permissions.may_release``): a refusal is a 403 and
    nothing is recorded; a bad code or an empty scope is a message on the form."""
    areas = releases.releasable_areas(request.user)
    permitted_or_403(areas is None or areas.exists(), releases.NOT_A_RELEASER)
    waiting = releases.waiting_for_release(areas)
    own = list(areas) if areas is not None else []
    initial = {"area": request.GET.get("area", own[0].code if own else "")}
    form = ReleaseForm(
        request.POST or None, initial=initial, waiting=waiting,
        every_area=areas is None, own_areas=own,
    )  # fmt: skip

    def save(form):
        scope = {name: form.cleaned_data[name] for name in ("area", "measure", "period")}
        release = observations_release(user=request.user, note=form.cleaned_data["note"], **scope)
        messages.success(request, _released_words(release, scope))
        return redirect("observations:releases")

    return form_page(
        request, form, save=save, template="observations/releases.html", refused_status=400,
        title="Release provisional figures", caption="", back_url=reverse("observations:index"),
        waiting=waiting, waiting_count=sum(w.count for w in waiting),
        releases=releases.releases_for(areas), every_area=areas is None, own_areas=own,
    )  # fmt: skip


# --- Data returns: the entry grid and its template, per agreement and period ----------


def _return_agreement(request: HttpRequest, agreement_pk: int):
    agreement = agreement_for_user_or_404(request.user, agreement_pk)
    if not permissions.may_enter_returns_for(request.user, agreement):
        raise PermissionDenied(
            "Only the responsible authority's performance manager, and partners signed up "
            "to the agreement's targets once it is approved, can enter its figures."
        )
    return agreement


def _return_period(request: HttpRequest, agreement, periods=None) -> str:
    """The period asked for (``?period=``, as the work list links it), else the one most
    in need of figures (``return_periods.period_to_show``)."""
    text = (request.POST.get("period") or request.GET.get("period") or "").strip()
    if not text:
        chosen = return_periods.period_to_show(periods or [])
        return chosen.label if chosen else agreement.years[0]
    label = returns.period_label(text)
    if label is None:
        raise Http404(period_problem(text))
    return label


@login_required
@require_http_methods(["GET", "POST"])
def return_grid(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """The figures the agreement's targets need for a period, saved all together."""
    agreement = _return_agreement(request, agreement_pk)
    rights = figure_rights_for(request.user)  # read once: keys, rows and page ask it
    keys = returns.return_keys(agreement, user=request.user, rights=rights)
    periods = return_periods.return_periods(
        agreement, user=request.user, today=clock.today(), keys=keys
    )
    period = _return_period(request, agreement, periods)
    rows = returns.return_rows(agreement, period, user=request.user, keys=keys, rights=rights)
    save = None
    if request.method == "POST":
        save = return_save.return_page_save(rows=rows, data=request.POST, user=request.user)
        if save.saved:
            request.session[SAVED_KEY] = save.summary(period)
            return redirect(f"{request.path}?{urlencode({'period': period})}")
    saved = request.session.pop(SAVED_KEY, None) if request.method == "GET" else None
    context = return_grid_page(
        agreement, period, rows, periods, user=request.user, save=save, saved=saved, rights=rights
    )
    return render(request, "observations/return_grid.html", context)


@login_required
@require_GET
def return_template(request: HttpRequest, agreement_pk: int, file_format: str) -> HttpResponse:
    """The grid as a file to fill in: keys and current values, in the import layout."""
    if file_format not in LAYOUT_FORMATS:
        raise Http404(f"There is no template format {file_format!r}; use csv or xlsx.")
    agreement = _return_agreement(request, agreement_pk)
    period = _return_period(request, agreement)
    rows = returns.return_rows(agreement, period, user=request.user)
    content = returns.return_template(rows, file_format)
    name = slugify(f"{agreement.area.name} {period} return")
    return file_response(f"{name}.{file_format}", content)
