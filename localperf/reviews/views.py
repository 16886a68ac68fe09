"""Pages of the reviews area: the timetable, and the under-performance steps (rule M4).

As elsewhere: 404 when the user may not see the agreement at all, 403 with the reason
when they can see it but not this page or action, sign-in first for anonymous users.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from localperf.agreements.access import agreement_for_user_or_404
from localperf.reviews import selectors, services
from localperf.reviews.forms import UnderPerformanceStepForm
from localperf.reviews.permissions import (
    HIDDEN_HISTORY,
    may_record_under_performance,
    may_view_under_performance,
)
from localperf.web.pages import form_page, posted


def timetable(request):
    return render(request, "reviews/timetable.html", {"cycles": selectors.cycles_with_milestones()})


@login_required
def under_performance(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    if not may_view_under_performance(request.user, agreement):
        raise PermissionDenied(HIDDEN_HISTORY)
    can_record = may_record_under_performance(request.user, agreement)
    context = selectors.under_performance_page(agreement, can_record=can_record)
    return render(request, "reviews/under_performance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def under_performance_record(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    if not may_record_under_performance(request.user, agreement):
        raise PermissionDenied(services.under_performance_refusal(agreement))

    def save(form):
        step = services.under_performance_step_record(
            user=request.user, agreement=agreement, **form.cleaned_data
        )
        messages.success(request, f"Step recorded: {step.get_step_display()}.")
        return redirect("reviews:under_performance", pk=agreement.pk)

    return form_page(
        request,
        UnderPerformanceStepForm(posted(request), agreement=agreement),
        save=save,
        title="Record a step for under-performance",
        caption=agreement.title,
        back_url=reverse("reviews:under_performance", args=[agreement.pk]),
        intro="Record the step the Government Office has taken because the area is not "
        "achieving its agreed targets. The partnership and its partners will see it.",
    )
