"""DCSF's changes to a statutory education and early years target (rules A3, D3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from localperf.agreements import services
from localperf.agreements.access import target_for_user_or_404
from localperf.agreements.forms.statutory import StatutoryWithdrawForm, StatutoryYearForm
from localperf.agreements.services.statutory import WHO
from localperf.web.pages import form_page, posted


def _target(request, pk: int, target_pk: int):
    target = target_for_user_or_404(request.user, pk, target_pk)
    if not services.statutory_may_record(request.user, target):
        raise PermissionDenied(WHO)
    return target


@login_required
@require_http_methods(["GET", "POST"])
def statutory_year(request, pk: int, target_pk: int):
    target = _target(request, pk, target_pk)

    def save(form):
        change = services.statutory_year_record(
            user=request.user, target=target, **form.cleaned_data
        )
        messages.success(request, services.statutory_change_summary(change))
        return redirect("agreements:target", pk, target.pk)

    return form_page(
        request,
        StatutoryYearForm(posted(request), years=target.agreement.years),
        save=save,
        title=f"Record DCSF's change to the {target.measure_code} target",
        caption=target.agreement.title,
        back_url=f"/agreements/{pk}/targets/{target.pk}/",
        intro="Statutory education and early years targets are agreed with DCSF a year at "
        "a time (rules A3, D3). The change starts a new version from today and is published "
        "in the agreement's change log.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def statutory_withdraw(request, pk: int, target_pk: int):
    target = _target(request, pk, target_pk)

    def save(form):
        change = services.statutory_target_withdraw(
            user=request.user, target=target, **form.cleaned_data
        )
        messages.success(request, services.statutory_change_summary(change))
        return redirect("agreements:target", pk, target.pk)

    return form_page(
        request,
        StatutoryWithdrawForm(posted(request)),
        save=save,
        title=f"Withdraw the {target.measure_code} target",
        caption=target.agreement.title,
        back_url=f"/agreements/{pk}/targets/{target.pk}/",
        intro="A statutory target is withdrawn when its measure ends. It stays in the "
        "agreement's history; its earlier figures and versions are kept.",
    )
