"""Web forms of the monitoring screens. They only collect input: the override's rules are
checked by ``services.rating_override_record``, whose messages go back on the fields."""

from __future__ import annotations

from collections.abc import Sequence

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from localperf.agreements.forms import ServiceErrorsMixin
from localperf.agreements.models import LaaTheme
from localperf.calculations.rag import PERFORMANCE_RATINGS, Rating
from localperf.monitoring.selectors import ProgressFilters, SeriesPoint, TargetProgress

ANY = ("", "Any")


class DashboardFilterForm(forms.Form):
    """The dashboard's filters, sent by GET so that they work without JavaScript (htmx
    sends the same request and swaps only the table)."""

    theme = forms.ChoiceField(label="Theme", required=False)
    outcome = forms.TypedChoiceField(label="Outcome", required=False, coerce=int, empty_value=None)
    partner = forms.TypedChoiceField(label="Partner", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, data, *, progress: Sequence[TargetProgress], url: str):
        super().__init__(data)
        outcomes = {p.outcome.pk: p.outcome.title for p in progress if p.outcome is not None}
        partners = {o.pk: o.name for p in progress for o in p.partners}
        self.fields["theme"].choices = [ANY, *LaaTheme.choices]
        self.fields["outcome"].choices = [ANY, *outcomes.items()]
        self.fields["partner"].choices = [ANY, *sorted(partners.items(), key=lambda i: i[1])]
        self.fields["status"].choices = [ANY, *((r.value, r.label) for r in Rating)]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                f"Choose a {field.label.lower()} from the list: “%(value)s” is not one of "
                "this agreement's."
            )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "dashboard-filters"
        # htmx swaps the table in place and keeps the address in step; without
        # JavaScript the same GET reloads the page.
        self.helper.attrs = {
            "hx-get": url,
            "hx-target": "#progress-results",
            "hx-select": "#progress-results",
            "hx-swap": "outerHTML",
            "hx-trigger": "change, submit",
            "hx-push-url": "true",
        }
        self.helper.layout = Layout(
            *(Field.select(name) for name in self.fields),
            Submit("filter", "Show targets", css_class="govuk-button--secondary"),
        )

    def filters(self) -> ProgressFilters:
        """The valid filters; a field with a bad value is left out (and its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ProgressFilters(
            theme=data.get("theme") or "",
            outcome_id=data.get("outcome"),
            partner_id=data.get("partner"),
            status=data.get("status") or "",
        )


class RatingOverrideForm(ServiceErrorsMixin, forms.Form):
    period = forms.ChoiceField(
        label="Period",
        error_messages={"required": "Choose the period whose rating you are overriding."},
    )
    rating = forms.ChoiceField(
        label="Rating",
        widget=forms.RadioSelect,
        choices=[(r.value, r.label) for r in Rating if r in PERFORMANCE_RATINGS],
        error_messages={"required": "Choose a rating: on track, slightly behind or off track."},
    )
    reason = forms.CharField(
        label="Why is the rating overridden?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="The reason is shown with the rating wherever it appears.",
        error_messages={"required": "Say why the rating is overridden."},
    )

    def __init__(self, data, *, series: Sequence[SeriesPoint], initial_period: str = ""):
        super().__init__(data, initial={"period": initial_period})
        self.fields["period"].choices = [
            (p.period_label, f"{p.period_label} (computed: {p.computed_rating.label})")
            for p in series
        ]
        self.fields["period"].error_messages["invalid_choice"] = (
            "Choose one of the periods listed: “%(value)s” has no assessment for this target."
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Field.select("period"),
            Field.radios("rating", legend_size=Size.SMALL),
            Field.textarea("reason", rows=4),
            Submit("override", "Record the rating"),
        )
