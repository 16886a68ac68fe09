"""Web forms of the reports area. They collect input; the services check the rules and
their messages are put back on the fields."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from localperf.agreements.forms import ServiceErrorsMixin
from localperf.calculations.periods import PeriodKind
from localperf.calculations.rag import Rating
from localperf.reports.models import AnnualReviewTarget, Judgement, ReportKind
from localperf.reports.summary import COMMENTED_CHOICES
from localperf.web.periods import PeriodFormField


def _helper(submit_label: str, *fields) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.layout = Layout(*fields, Submit("submit", submit_label))
    return helper


class ReportCreateForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Which report?",
        choices=ReportKind.choices,
        initial=ReportKind.PROGRESS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of report."},
    )
    period_label = PeriodFormField(
        label="Period reported on",
        help_text="A half-year for a progress report, like 2009/10 H1; a financial year for "
        "a self-assessment, like 2009/10.",
        error_messages={"required": "Enter the period the report covers, like 2009/10 H1."},
    )
    periods = forms.CharField(
        label="Time periods to show (optional)",
        required=False,
        max_length=200,
        help_text="Up to four, separated by commas, like 2008/09, 2009/10 Q1. Leave blank "
        "for each target's own latest periods, by how often it is reported.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "Start the report",
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("period_label", field_width=10),
            "periods",
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        periods = [p for p in data["periods"].split(",") if p.strip()]
        return {"kind": data["kind"], "period_label": data["period_label"], "periods": periods}


class ReportFilterForm(forms.Form):
    """The task list's filters (GET): a target's rating as the report stands and whether
    its comment is written. A value not offered is refused on its field."""

    rating = forms.ChoiceField(label="Rating", required=False)
    commented = forms.ChoiceField(label="Comment", required=False, choices=COMMENTED_CHOICES)

    def __init__(self, *args, ratings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "Any rating")] + [(r.value, r.label) for r in Rating]
        self.fields["rating"].error_messages["invalid_choice"] = (
            "Choose a rating from the list: “%(value)s” is not one."
        )
        self.fields["commented"].error_messages["invalid_choice"] = (
            "Choose commented or not commented: “%(value)s” is neither."
        )

    def chosen(self) -> dict[str, str]:
        """The filters to apply: none when the form is not valid (it says why)."""
        if not self.is_bound or not self.is_valid():
            return {"rating": "", "commented": ""}
        return {"rating": self.cleaned_data["rating"], "commented": self.cleaned_data["commented"]}


class TargetCommentForm(ServiceErrorsMixin, forms.Form):
    progress = forms.CharField(
        label="Comments on progress and risk mitigation",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
    )
    evidence = forms.CharField(
        label="Inspection or survey evidence",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "Save the comment",
            Field.textarea("progress", rows=6),
            Field.textarea("evidence", rows=3),
        )


class GoCommentForm(ServiceErrorsMixin, forms.Form):
    comment = forms.CharField(
        label="Government Office comment",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter the comment."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save the comment", Field.textarea("comment", rows=5))


class StepForm(ServiceErrorsMixin, forms.Form):
    """Submit, accept or return: a reason (required to return)."""

    reason = forms.CharField(
        label="Comments", widget=forms.Textarea, required=False, max_length=10_000
    )

    def __init__(self, *args, submit_label: str, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = required
        if required:
            field.label = "Why is it returned, and what should change?"
            field.error_messages["required"] = "Say why the report is returned and what to change."
        self.helper = _helper(submit_label, Field.textarea("reason", rows=5))


class ReviewCreateForm(ServiceErrorsMixin, forms.Form):
    year = PeriodFormField(
        label="Year of the review",
        kinds=[PeriodKind.FINANCIAL_YEAR],
        help_text="The cycle year, like 2009/10.",
        error_messages={"required": "Enter the year of the review, like 2009/10."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Start the annual review", Field.text("year", field_width=5))


def finding_initial(existing: AnnualReviewTarget | None) -> dict:
    """A finding already recorded, as the finding form's initial values (none: blank)."""
    if existing is None:
        return {}
    return {
        "judgement": existing.judgement,
        "agreed_actions": existing.agreed_actions,
        "renegotiate": existing.renegotiate,
        "renegotiation": existing.renegotiation,
        "baseline_value": existing.baseline_value,
        "baseline_period": existing.baseline_period,
        "baseline_lower": existing.baseline_lower,
        "baseline_upper": existing.baseline_upper,
        **{f"year_{y}": v for y, v in existing.trajectory.items()},
    }


class FindingForm(ServiceErrorsMixin, forms.Form):
    judgement = forms.ChoiceField(
        label="Is the target on track?",
        choices=Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the target is on track or at risk."},
    )
    agreed_actions = forms.CharField(
        label="Agreed actions", widget=forms.Textarea, required=False, max_length=10_000
    )
    renegotiate = forms.BooleanField(
        label="The partnership asks to renegotiate this target", required=False
    )
    renegotiation = forms.ModelChoiceField(
        label="Revision proposal carrying the renegotiation (optional)",
        queryset=None,
        required=False,
        empty_label="None yet",
    )
    baseline_value = forms.CharField(
        label="Confirmed baseline (placeholder targets only)", required=False, max_length=30
    )
    baseline_period = PeriodFormField(label="Period of the baseline", required=False)
    baseline_lower = forms.CharField(
        label="Lower confidence limit (survey indicators)", required=False, max_length=30
    )
    baseline_upper = forms.CharField(
        label="Upper confidence limit (survey indicators)", required=False, max_length=30
    )

    def __init__(self, *args, revisions, years: tuple[str, ...], placeholder: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renegotiation"].queryset = revisions
        self.years = years
        fields = [
            Field.radios("judgement", legend_size=Size.SMALL),
            Field.textarea("agreed_actions", rows=4),
            Field.checkbox("renegotiate"),
            "renegotiation",
        ]
        if placeholder:
            for year in years:
                self.fields[f"year_{year}"] = forms.CharField(
                    label=f"Target for {year}", required=False, max_length=30
                )
            fields += [
                Field.text("baseline_value", field_width=10),
                Field.text("baseline_period", field_width=10),
                Field.text("baseline_lower", field_width=10),
                Field.text("baseline_upper", field_width=10),
                *[Field.text(f"year_{y}", field_width=10) for y in years],
            ]
        self.helper = _helper("Save the finding", *fields)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        trajectory = {y: data.pop(f"year_{y}") for y in self.years if f"year_{y}" in data}
        data["trajectory"] = {y: v for y, v in trajectory.items() if v and v.strip()}
        return data


class IssueForm(ServiceErrorsMixin, forms.Form):
    summary = forms.CharField(
        label="Overall assessment", widget=forms.Textarea, required=False, max_length=10_000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Issue the annual review", Field.textarea("summary", rows=6))


class BaselinesForm(ServiceErrorsMixin, forms.Form):
    effective_from = DateInputField(
        label="When do the trajectories take effect?",
        help_text="A date within the agreement's term, for example 1 4 2010.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].error_messages["required"] = (
            "Enter the date the trajectories take effect."
        )
        self.helper = _helper(
            "Propose the confirmed baselines",
            Field("effective_from", context={"legend_size": Size.for_legend("s")}),
        )
