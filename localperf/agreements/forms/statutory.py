"""DCSF's changes to a statutory target (rules A3, D3): one year, or the withdrawal."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from localperf.agreements.forms.common import ServiceErrorsMixin, form_helper
from localperf.agreements.models import YearState


class StatutoryYearForm(ServiceErrorsMixin, forms.Form):
    year = forms.ChoiceField(label="Year", error_messages={"required": "Choose the year."})
    state = forms.ChoiceField(
        label="The year's target is",
        choices=YearState.choices,
        initial=YearState.SET,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the year's target is set."},
    )
    value = forms.DecimalField(
        label="Target value",
        required=False,
        max_digits=16,
        decimal_places=4,
        help_text="Leave blank for a year to be set.",
    )
    reason = forms.CharField(
        label="What DCSF agreed, and why",
        widget=forms.Textarea,
        error_messages={"required": "Say why DCSF changed the target."},
    )

    def __init__(self, *args, years: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.helper = form_helper(
            "Record DCSF's change",
            Field.select("year"),
            Field.radios("state", small=True),
            Field.text("value", field_width=10),
            Field.textarea("reason", rows=3),
        )


class StatutoryWithdrawForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why DCSF withdrew the target",
        widget=forms.Textarea,
        help_text="For example: Key Stage 3 tests were abolished, so there are no results.",
        error_messages={"required": "Say why the target is withdrawn."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Withdraw the target", Field.textarea("reason", rows=3))
