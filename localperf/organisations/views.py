from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from localperf.organisations.forms import OrganisationSearchForm
from localperf.organisations.selectors import organisation_get, organisation_search
from localperf.web.pagination import querystring_without_page


def organisation_index(request):
    form = OrganisationSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    organisations = organisation_search(**data)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without_page(request),
        },
    )


def organisation_detail(request, slug: str):
    organisation = organisation_get(slug)
    if organisation is None:
        raise Http404(f"There is no organisation {slug!r}.")
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation})
