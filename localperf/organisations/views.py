from django.http import Http404
from django.shortcuts import render

from localperf.organisations.forms import OrganisationSearchForm
from localperf.organisations.selectors import organisation_get, organisation_search
from localperf.web.pagination import page_of


def organisation_index(request):
    form = OrganisationSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    paged = page_of(request, organisation_search(**data), per_page=50)
    return render(request, "organisations/organisation_list.html", {"form": form, **paged})


def organisation_detail(request, slug: str):
    organisation = organisation_get(slug)
    if organisation is None:
        raise Http404(f"There is no organisation {slug!r}.")
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation})
