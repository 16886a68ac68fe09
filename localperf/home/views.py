from django.shortcuts import render

from localperf.home.forms import AsAtForm
from localperf.home.pages import work_page


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home/home.html")
    return render(request, "home/home.html", work_page(request.user, AsAtForm(request.GET or None)))
