from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from localperf.indicators.forms import IndicatorFilterForm
from localperf.indicators.selectors import indicator_get, indicator_list
from localperf.web.pagination import querystring_without_page


def indicator_index(request):
    form = IndicatorFilterForm(request.GET or None)
    indicators = indicator_list(form.to_filters())
    page = Paginator(indicators, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "form": form,
            "page_obj": page,
            "total": page.paginator.count,
            "querystring_without_page": querystring_without_page(request),
        },
    )


def indicator_detail(request, code: str):
    indicator = indicator_get(code)
    if indicator is None:
        raise Http404(f"There is no indicator with the code {code!r}.")
    if code != indicator.slug:
        return redirect("indicators:detail", code=indicator.slug, permanent=True)
    return render(request, "indicators/indicator_detail.html", {"indicator": indicator})
