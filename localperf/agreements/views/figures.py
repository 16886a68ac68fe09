"""Reference figures set outside the agreement (rule A8), and a partner organisation's
page of the targets it signed up to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from localperf.agreements import services
from localperf.agreements.forms import ReferenceFigureValueForm
from localperf.agreements.models import ReferenceFigure
from localperf.agreements.permissions import has
from localperf.web.pages import form_page, permitted_or_403, posted


def reference_figure_list(request):
    return render(
        request,
        "agreements/reference_figures.html",
        {
            "figures": ReferenceFigure.objects.select_related("area").prefetch_related("values"),
            "can_change": has(request.user, "agreements.change_referencefigure"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reference_figure_value_add(request, figure_pk: int):
    figure = ReferenceFigure.objects.filter(pk=figure_pk).first()
    if figure is None:
        raise Http404("There is no such reference figure.")
    permitted_or_403(
        has(request.user, "agreements.change_referencefigure"),
        "Only a Government Office, a central approver or an administrator can record a "
        "new value of a reference figure.",
    )

    def save(form):
        changed = services.reference_figure_update(
            user=request.user, figure=figure, **form.cleaned_data
        )
        messages.success(
            request, f"New value of {figure.name} recorded; {len(changed)} target(s) recalculated."
        )
        return redirect("agreements:reference_figures")

    return form_page(
        request,
        ReferenceFigureValueForm(posted(request)),
        save=save,
        title=f"Record a new value of {figure.name}",
        caption="Reference figures",
        back_url="/agreements/reference-figures/",
        intro=(
            "Targets set relative to this figure are recalculated: a draft's in place, an "
            "approved agreement's as a new version from the date you give, published in its "
            "change log."
        ),
    )
