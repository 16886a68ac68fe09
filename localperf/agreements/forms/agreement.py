"""The forms of an agreement's other steps: creating it, outcomes, confirmations and
comments, revisions and their decision, moving and removing a target, a reference
figure's new value (rule A8), and the day a target is shown as at."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from localperf.agreements.forms.common import ServiceErrorsMixin, form_helper
from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    Term,
)


class AgreementCreateForm(ServiceErrorsMixin, forms.Form):
    term = forms.ChoiceField(
        label="How long does the agreement last?",
        choices=Term.choices,
        initial=Term.THREE_YEARS,
        widget=forms.RadioSelect,
        help_text="Three years unless the area is being restructured on 1 April 2009.",
        error_messages={"required": "Choose how long the agreement lasts."},
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=200,
        help_text="Leave blank for “[area] Local Area Agreement 2008–11”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Create draft agreement", Field.radios("term", legend_size=Size.MEDIUM), "title"
        )


class OutcomeForm(ServiceErrorsMixin, forms.Form):
    theme = forms.ChoiceField(
        label="Theme",
        choices=LaaTheme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the theme the outcome comes under."},
    )
    title = forms.CharField(
        label="Outcome",
        max_length=300,
        help_text="What the partnership wants to achieve for the area.",
        error_messages={"required": "Enter the outcome."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Add outcome", Field.radios("theme", legend_size=Size.MEDIUM), "title"
        )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Comments", required=False, widget=forms.Textarea, max_length=5000
    )

    def __init__(self, *args, submit_label: str = "Confirm", comment_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if comment_label:
            self.fields["comment"].label = comment_label
        self.helper = form_helper(submit_label, Field.textarea("comment", rows=5))

    def add_service_errors(self, error: ValidationError) -> None:
        ServiceErrorsMixin.add_service_errors(self, error)


class ConfirmForm(ServiceErrorsMixin, forms.Form):
    """Only a button: confirm a step that needs no more input."""

    def __init__(self, *args, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit_label)


class RevisionForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, “Annual review 2009”.",
        error_messages={"required": "Enter a title for the revision."},
    )
    reason = forms.CharField(
        label="Why do the targets need to change?",
        widget=forms.Textarea,
        error_messages={"required": "Say why the targets need to change."},
    )
    effective_from = DateInputField(
        label="When do the changes take effect?",
        help_text="Earlier periods keep being measured against the targets as they were. "
        "For example, 1 4 2009.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Start revision",
            "title",
            Field.textarea("reason", rows=4),
            Field("effective_from", context={"legend_size": Size.for_legend("s")}),
        )


class RevisionDecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve the revision"), ("refuse", "Refuse the revision")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the revision."},
    )
    comment = forms.CharField(label="Comments", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Record decision",
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("comment", rows=4),
        )


class AsAtForm(forms.Form):
    """Rule L3–L5: which version of a target was in force on a day."""

    as_at = DateInputField(label="Show the target as it stood on", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field("as_at", context={"legend_size": Size.for_legend("s")}),
            Submit("show", "Show", css_class="govuk-button--secondary"),
        )


class OutcomeEditForm(ServiceErrorsMixin, forms.Form):
    """Rename an outcome, move it to another theme, or re-order it within its theme."""

    theme = OutcomeForm.base_fields["theme"]
    # Not required here: the service's message for a blank title is the API's too.
    title = forms.CharField(label="Outcome", max_length=300, required=False)
    position = forms.IntegerField(
        label="Position under its theme",
        min_value=1,
        required=False,
        help_text="1 puts it first. Leave blank to keep its place.",
        error_messages={
            "invalid": "Give the position as a whole number from 1.",
            "min_value": "Give the position as a whole number from 1.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Save outcome",
            Field.radios("theme", legend_size=Size.MEDIUM),
            "title",
            Field.text("position", field_width=4),
        )


class TargetMoveForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ModelChoiceField(
        label="Outcome",
        queryset=None,
        required=False,
        empty_label="No outcome",
        help_text="The target takes the theme of its outcome.",
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = agreement.outcomes.order_by("theme", "order", "title")
        self.fields["outcome"].label_from_instance = lambda o: (
            f"{o.title} ({LaaTheme(o.theme).label})"
        )
        self.helper = form_helper("Move target", Field.select("outcome"))


class TargetRemoveForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the target removed?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the target is removed."},
        help_text="Kept in the agreement's history with your name and the date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3),
            Submit("submit", "Remove target", css_class="govuk-button--warning"),
        )


class ReferenceFigureValueForm(ServiceErrorsMixin, forms.Form):
    """A new value of a figure targets are set relative to (rule A8)."""

    value = forms.DecimalField(
        label="New value",
        max_digits=16,
        decimal_places=4,
        error_messages={
            "required": "Enter the new value.",
            "invalid": "Enter the new value as a number, like 1200 or 12.5.",
        },
    )
    effective_from = DateInputField(
        label="From when does it apply?",
        help_text="Targets set relative to it change from this date. For example, 1 4 2009.",
    )
    note = forms.CharField(
        label="Source or reason (optional)", required=False, widget=forms.Textarea, max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Record the new value",
            Field.text("value", field_width=10),
            Field("effective_from", context={"legend_size": Size.for_legend("s")}),
            Field.textarea("note", rows=3),
        )
