from django.shortcuts import render
from django.utils import timezone

from localperf.home.forms import AsAtForm
from localperf.home.selectors import work_items_for
from localperf.reviews.selectors import upcoming_milestones


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home/home.html")
    form = AsAtForm(request.GET or None)
    today = (form.cleaned_data["on"] if form.is_valid() else None) or timezone.localdate()
    return render(
        request,
        "home/home.html",
        {
            "form": form,
            "today": today,
            "work": work_items_for(request.user, today=today),
            "milestones": upcoming_milestones(request.user, today=today),
        },
    )
