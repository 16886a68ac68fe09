from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.db.models import QuerySet

from localperf.places.models import Area, AreaType
from localperf.places.selectors import RESTRUCTURING_DAY, area_search


class AreaSearchForm(forms.Form):
    q = forms.CharField(label="Name, GSS code or ONS code", required=False, max_length=200)
    area_type = forms.ChoiceField(label="Type of area", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    include_ended = forms.BooleanField(
        label="Include areas that ended before 1 April 2009", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_type"].choices = [
            ("", "Any type"),
            ("upper_tier", "Upper tier (LAA areas)"),
            *AreaType.choices,
        ]
        self.fields["region"].choices = [("", "Any region")] + [
            (r.code, r.name) for r in Area.objects.regions().order_by("name")
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "area-search"
        self.helper.attrs = {
            "hx-get": "",
            "hx-target": "#area-results",
            "hx-select": "#area-results",
            "hx-swap": "outerHTML",
            "hx-trigger": "change, keyup changed delay:400ms from:#id_q",
            "hx-push-url": "true",
        }
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("area_type"),
            Field.select("region"),
            Field.checkbox("include_ended", small=True),
            Button("search", "Search"),
        )

    def areas(self) -> QuerySet[Area] | None:
        """The areas the search asks for; None when nothing was asked (or the form is
        wrong): the page then shows no results. Ended areas only when asked for."""
        if not (self.is_valid() and any(self.cleaned_data.values())):
            return None
        data = self.cleaned_data
        return area_search(
            q=data["q"],
            area_type=data["area_type"],
            region=data["region"],
            live_on=None if data["include_ended"] else RESTRUCTURING_DAY,
        )
