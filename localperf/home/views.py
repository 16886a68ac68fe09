from django.shortcuts import render

from localperf.home.forms import AsAtForm
from localperf.home.selectors import work_items_for
from localperf.reviews.selectors import upcoming_milestones


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home/home.html")
    form = AsAtForm(request.GET or None)
    today = form.day()
    work = work_items_for(request.user, today=today)
    milestones = upcoming_milestones(request.user, today=today)
    context = {"form": form, "today": today, "work": work, "milestones": milestones}
    return render(request, "home/home.html", context)
