from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from localperf.places.models import Area, AreaType


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
