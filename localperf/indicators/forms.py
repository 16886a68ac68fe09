from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from localperf.indicators.models import IndicatorKind, Theme
from localperf.indicators.selectors import IndicatorFilters, indicator_departments


class IndicatorFilterForm(forms.Form):
    q = forms.CharField(label="Search by number, title or words", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Set",
        required=False,
        choices=[("", "National and local"), *IndicatorKind.choices],
    )
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "Any theme")])
    department = forms.ChoiceField(label="Lead department", required=False)
    source = forms.ChoiceField(
        label="Source of data",
        required=False,
        choices=[("", "Any source"), ("survey", "Survey"), ("administrative", "Administrative")],
    )
    polarity = forms.ChoiceField(
        label="Polarity",
        required=False,
        choices=[
            ("", "Any polarity"),
            ("higher", "Higher is better"),
            ("lower", "Lower is better"),
            ("not_simple", "Not simply higher or lower"),
        ],
    )
    first_year = forms.ChoiceField(
        label="First reported",
        required=False,
        choices=[
            ("", "Any year"),
            ("2008/09", "From 2008/09"),
            ("deferred", "Deferred to a later year"),
        ],
    )
    statutory = forms.BooleanField(
        label="Only statutory education and early years indicators", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *Theme.choices]
        self.fields["department"].choices = [("", "Any department")] + [
            (d, d) for d in indicator_departments()
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "indicator-filters"
        # htmx refreshes only the results; without JavaScript the button submits the form.
        self.helper.attrs = {
            "hx-get": "",
            "hx-target": "#indicator-results",
            "hx-select": "#indicator-results",
            "hx-swap": "outerHTML",
            "hx-trigger": "change, keyup changed delay:400ms from:#id_q",
            "hx-push-url": "true",
        }
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("kind"),
            Field.select("theme"),
            Field.select("department"),
            Field.select("source"),
            Field.select("polarity"),
            Field.select("first_year"),
            Field.checkbox("statutory", small=True),
            Button("filter", "Apply filters"),
        )

    def to_filters(self) -> IndicatorFilters:
        if not self.is_valid():
            return IndicatorFilters()
        return IndicatorFilters(**self.cleaned_data)
