from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from localperf.organisations.models import OrganisationKind, PartnerStanding


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label="Name or code", required=False, max_length=200)
    standing = forms.ChoiceField(
        label="Standing",
        required=False,
        choices=[("", "Any standing"), *PartnerStanding.choices],
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        required=False,
        choices=[("", "Any kind"), *OrganisationKind.choices],
    )
    include_inactive = forms.BooleanField(
        label="Include councils abolished in April 2009", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "organisation-search"
        self.helper.attrs = {
            "hx-get": "",
            "hx-target": "#organisation-results",
            "hx-select": "#organisation-results",
            "hx-swap": "outerHTML",
            "hx-trigger": "change, keyup changed delay:400ms from:#id_q",
            "hx-push-url": "true",
        }
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("standing"),
            Field.select("kind"),
            Field.checkbox("include_inactive", small=True),
            Button("search", "Search"),
        )
