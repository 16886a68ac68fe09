"""Pages of the reviews area: the timetable, and the under-performance steps (rule M4).

As elsewhere: 404 when the user may not see the agreement at all, 403 with the reason
when they can see it but not this page or action, sign-in first for anonymous users.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from localperf.agreements import selectors as agreement_selectors
from localperf.reviews import selectors, services
from localperf.reviews.forms import UnderPerformanceStepForm
from localperf.reviews.models import LADDER
from localperf.reviews.permissions import (
    HIDDEN_HISTORY,
    may_record_under_performance,
    may_view_under_performance,
)


def timetable(request):
    return render(request, "reviews/timetable.html", {"cycles": selectors.cycles_with_milestones()})


def _agreement(request, pk: int):
    agreement = agreement_selectors.agreement_get_for(request.user, pk)
    if agreement is None:
        raise Http404("There is no agreement here that you can see.")
    return agreement


@login_required
def under_performance(request, pk: int):
    agreement = _agreement(request, pk)
    if not may_view_under_performance(request.user, agreement):
        raise PermissionDenied(HIDDEN_HISTORY)
    steps = list(selectors.under_performance_history(agreement))
    return render(
        request,
        "reviews/under_performance.html",
        {
            "agreement": agreement,
            "steps": steps,
            "ladder": LADDER,
            "can_record": may_record_under_performance(request.user, agreement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def under_performance_record(request, pk: int):
    agreement = _agreement(request, pk)
    if not may_record_under_performance(request.user, agreement):
        raise PermissionDenied(services.under_performance_refusal(agreement))
    form = UnderPerformanceStepForm(
        request.POST if request.method == "POST" else None, agreement=agreement
    )
    if request.method == "POST" and form.is_valid():
        try:
            step = services.under_performance_step_record(
                user=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Step recorded: {step.get_step_display()}.")
            return redirect("reviews:under_performance", pk=agreement.pk)
    return render(
        request,
        "agreements/form_page.html",
        {
            "form": form,
            "title": "Record a step for under-performance",
            "caption": agreement.title,
            "back_url": f"/agreements/{agreement.pk}/under-performance/",
            "intro": (
                "Record the step the Government Office has taken because the area is not "
                "achieving its agreed targets. The partnership and its partners will see it."
            ),
        },
    )
