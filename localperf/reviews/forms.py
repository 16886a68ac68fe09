"""Web forms of the reviews area. They collect input; the service checks the rules and
its messages are put back on the fields."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from localperf.agreements.forms import ServiceErrorsMixin
from localperf.agreements.forms.common import form_helper
from localperf.agreements.models import Agreement
from localperf.reviews.models import LADDER, ListingKind
from localperf.reviews.selectors import under_performance_targets

STEP_CHOICES = [(s.value, f"Step {n}: {s.label}") for n, s in enumerate(LADDER, start=1)]


class UnderPerformanceStepForm(ServiceErrorsMixin, forms.Form):
    """Rule M4: the Government Office records the step it has taken."""

    step = forms.ChoiceField(
        label="Which step of the ladder has been taken?",
        choices=STEP_CHOICES,
        widget=forms.RadioSelect,
        help_text="The steps are progressive: step 1 is the lightest, step 6 the heaviest.",
        error_messages={
            "required": "Choose the step that has been taken.",
            "invalid_choice": "Choose a step from the ladder.",
        },
    )
    target = forms.ModelChoiceField(
        label="For which target? (optional)",
        queryset=None,
        required=False,
        empty_label="The whole agreement",
        error_messages={"invalid_choice": "Choose one of this agreement's targets."},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        max_length=5000,
        help_text="The under-performance this answers, and what the step involves.",
        error_messages={"required": "Enter the reason for taking this step."},
    )
    taken_on = DateInputField(
        label="When was the step taken?",
        help_text="Today or earlier. For example, 17 3 2009.",
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = under_performance_targets(agreement)
        self.fields["taken_on"].error_messages["required"] = "Enter the date the step was taken."
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Field.radios("step", legend_size=Size.MEDIUM),
            "target",
            Field.textarea("reason", rows=5),
            Field("taken_on", context={"legend_size": Size.for_legend("s")}),
            Submit("submit", "Record the step"),
        )


class RefreshStepForm(ServiceErrorsMixin, forms.Form):
    """A step of the refresh (rule L6), with an optional comment."""

    comment = forms.CharField(label="Comment (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Confirm", Field.textarea("comment", rows=3))


class RefreshListingForm(ServiceErrorsMixin, forms.Form):
    """The Government Office opens a target for the refresh (rule L6)."""

    target = forms.ModelChoiceField(
        label="Target", queryset=None, error_messages={"required": "Choose the target."}
    )
    kind = forms.ChoiceField(
        label="Why may it change?",
        choices=ListingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the target may change."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="For example: relative to the regional employment rate.",
        error_messages={"required": "Say why the target is opened."},
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            agreement.targets.filter(status="active")
            .exclude(category="statutory")
            .select_related("indicator", "measure")
        )
        self.helper = form_helper(
            "Open the target",
            Field.select("target"),
            Field.radios("kind", small=True),
            Field.text("reason"),
        )
