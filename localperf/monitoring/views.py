"""Monitoring pages: the agreement dashboard, a target's progress, and the Government
Office's rating override. Short views over ``selectors`` and ``services``.

Who sees what is the agreements app's rule (``agreements.permissions``): whoever may see
the agreement sees its dashboard, and a partner signed up to a target sees that target's
page; anyone else gets a 404, so that a draft's existence does not leak. These working
screens show figures before they are public, so someone who may see the agreement but
not the area's provisional figures (``observations.rights``: another area's council or
partner, another region's Government Office) is sent to the public page instead. Overriding a
rating is for the Government Office of the agreement's region (``monitoring.permissions``);
others who can see the target get a 403 with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from localperf.agreements.access import agreement_for_user_or_404, target_for_user_or_404
from localperf.agreements.models import Agreement, Target
from localperf.calculations.rag import Rating
from localperf.monitoring import exports, pages, selectors, services
from localperf.monitoring.forms import RatingOverrideForm
from localperf.monitoring.permissions import may_override_rating
from localperf.observations.rights import may_view_provisional_in

NOT_GOVERNMENT_OFFICE = (
    "Only the Government Office for this agreement's region (its locality manager or "
    "Regional Director) can override a rating."
)


def _public_instead(request: HttpRequest, agreement: Agreement, target: Target | None = None):
    """A redirect to the public page for a reader who may not see the area's figures
    before they are public; None for the area's own readers."""
    if may_view_provisional_in(request.user, agreement.area):
        return None
    if target is not None:
        return redirect("public:target", code=agreement.area.code, pk=target.pk)
    return redirect("public:area", code=agreement.area.code)


# Signed-in only: these working screens show every figure, released or not; the public
# reads released figures on the public site instead (rule M2).
@login_required
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_user_or_404(request.user, pk)
    if outsider := _public_instead(request, agreement):
        return outsider
    context = pages.dashboard_page(agreement, request.GET, request.path)
    if request.htmx:
        return render(request, "monitoring/includes/progress_results.html", context)
    return render(request, "monitoring/dashboard.html", context)


@login_required
@require_GET
def dashboard_download(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The dashboard's table, with the same filters, as CSV or Excel."""
    agreement = agreement_for_user_or_404(request.user, pk)
    if outsider := _public_instead(request, agreement):
        return outsider
    rows = pages.dashboard_download_rows(agreement, request.GET, request.path)
    response = exports.dashboard_download(agreement, rows, file_format)
    if response is None:
        raise Http404("The dashboard downloads as .csv or .xlsx.")
    return response


@login_required
@require_GET
def target_page(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    target = target_for_user_or_404(request.user, pk, target_pk)
    if outsider := _public_instead(request, target.agreement, target):
        return outsider
    return render(
        request, "monitoring/target_progress.html", pages.target_page(target, request.user)
    )


@login_required
@require_http_methods(["GET", "POST"])
def rating_override(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    target = target_for_user_or_404(request.user, pk, target_pk)
    if not may_override_rating(request.user, target):
        raise PermissionDenied(NOT_GOVERNMENT_OFFICE)
    series = selectors.target_series(target)
    form = RatingOverrideForm(
        request.POST if request.method == "POST" else None,
        series=series,
        initial_period=request.GET.get("period", ""),
    )
    if request.method == "POST" and form.is_valid():
        try:
            override = services.rating_override_record(
                user=request.user, target=target, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            rating = Rating(override.rating)
            messages.success(
                request,
                f"{target.measure_code} is rated “{rating.label}” for "
                f"{override.period.label}; the computed rating is kept beside it.",
            )
            return redirect(reverse("monitoring:target", args=[pk, target_pk]))
    return render(
        request,
        "monitoring/rating_override.html",
        {"agreement": target.agreement, "target": target, "form": form, "series": series},
    )


@login_required
@require_GET
def my_commitments(request: HttpRequest) -> HttpResponse:
    """Every target the user's organisation signed up to, with its status."""
    return render(request, "agreements/my_commitments.html", pages.commitments_page(request.user))
