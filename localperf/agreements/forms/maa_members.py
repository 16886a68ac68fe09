"""The forms of a Multi Area Agreement's parties (rule X1): adding a party and changing
what one is. They collect input; ``services.maa_members`` judges it (which standing fits
which organisation, two or more upper-tier authorities)."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import Q

from localperf.agreements.forms.common import ServiceErrorsMixin, form_helper
from localperf.agreements.models import Agreement, MemberStanding
from localperf.organisations.models import Organisation

STANDING_HINT = (
    "Member authorities are county or unitary councils; every party but government signs."
)


def _standing_field(initial: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label="What is it in the agreement?",
        choices=MemberStanding.choices,
        initial=initial or None,
        widget=forms.RadioSelect,
        help_text=STANDING_HINT,
        error_messages={"required": "Choose what the organisation is in the agreement."},
    )


def joinable_organisations(agreement: Agreement):
    """Organisations that could join: not yet parties, in the MAA's region or national
    (government bodies and national partners have no area)."""
    region = agreement.area.region_id
    choices = Organisation.objects.exclude(maa_memberships__agreement=agreement)
    if region:
        choices = choices.filter(Q(area__region_id=region) | Q(area__isnull=True))
    return choices.order_by("name")


class MaaMemberAddForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation to add."},
    )

    def __init__(self, *args, agreement: Agreement, submit_label: str = "Add the party", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = joinable_organisations(agreement)
        self.fields["standing"] = _standing_field()
        self.helper = form_helper(
            submit_label,
            Field.select("organisation"),
            Field.radios("standing", legend_size=Size.SMALL, small=True),
        )


class MaaMemberChangeForm(ServiceErrorsMixin, forms.Form):
    def __init__(self, *args, standing: str, submit_label: str = "Save the change", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standing"] = _standing_field(standing)
        self.helper = form_helper(
            submit_label, Field.radios("standing", legend_size=Size.SMALL, small=True)
        )
