"""Web forms of reward and of the revocation. They collect input; the services check the
rules, and their messages are put back on the fields."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms

from localperf.agreements.forms import ServiceErrorsMixin
from localperf.agreements.forms.common import form_helper


class ClaimCreateForm(ServiceErrorsMixin, forms.Form):
    year = forms.ChoiceField(
        label="Which year's final outturns does the claim rest on?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the year the claim is for."},
    )

    def __init__(self, *args, years: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.helper = form_helper("Start the claim", Field.radios("year", legend_size=Size.SMALL))


class ClaimStepForm(ServiceErrorsMixin, forms.Form):
    comment = forms.CharField(
        label="Comments", widget=forms.Textarea, required=False, max_length=10_000
    )

    def __init__(self, *args, submit_label: str, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.required = required
        if required:
            field.label = "What needs to change?"
            field.error_messages["required"] = "Say what needs to change before it comes back."
        self.helper = form_helper(submit_label, Field.textarea("comment", rows=4))


class MembershipForm(ServiceErrorsMixin, forms.Form):
    included = forms.TypedChoiceField(
        label="Does this target earn reward?",
        choices=[("yes", "Yes: in the reward element"), ("no", "No: out of the reward element")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the target earns reward."},
    )
    reason = forms.CharField(
        label="Why (kept in the history)",
        max_length=300,
        error_messages={"required": "Say why the reward element changes."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "Approve the change",
            Field.radios("included", legend_size=Size.SMALL),
            Field.text("reason"),
        )


class RevocationForm(ServiceErrorsMixin, forms.Form):
    revoked_on = DateInputField(
        label="Date the designations are revoked",
        help_text="For example, 13 10 2010",
    )
    reason = forms.CharField(
        label="Reason (published with the record)",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the designations are revoked."},
    )
    confirm = forms.BooleanField(
        label="I have read the counts above and revoke every designation as one act",
        error_messages={"required": "Confirm that you have read the counts."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        missing = "Enter the date the designations are revoked, for example 13 10 2010."
        self.fields["revoked_on"].error_messages.update(required=missing, incomplete=missing)
        self.helper = form_helper(
            "Revoke all designations",
            Field("revoked_on", context={"legend_size": Size.for_legend("s")}),
            Field.textarea("reason", rows=3),
            Field.checkbox("confirm"),
        )


class RevocationUndoForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the revocation undone?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the revocation is undone."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Undo the revocation", Field.textarea("reason", rows=3))
