"""Web forms of the reviews area. They collect input; the service checks the rules and
its messages are put back on the fields."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from localperf.agreements.forms import ServiceErrorsMixin
from localperf.agreements.models import Agreement
from localperf.reviews.models import LADDER
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
