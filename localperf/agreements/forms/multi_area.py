"""The forms of a Multi Area Agreement (rules X1, X2): creating one with its parties, and
carrying a constituent LAA's designated target by link. They collect input; the services
judge it."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import Q

from localperf.agreements.forms.common import ServiceErrorsMixin, form_helper
from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    Agreement,
    AgreementKind,
    MemberStanding,
    Target,
    TargetCategory,
    TargetStatus,
)
from localperf.organisations.models import (
    GOVERNMENT_KINDS,
    RESPONSIBLE_AUTHORITY_KINDS,
    Organisation,
    OrganisationKind,
)


def _councils(organisation: Organisation, kinds) -> forms.ModelMultipleChoiceField:
    region = organisation.area.region_id if organisation.area_id else None
    choices = Organisation.objects.filter(kind__in=kinds).exclude(pk=organisation.pk)
    if region:
        choices = choices.filter(area__region_id=region)
    return choices.order_by("name")


class MaaCreateForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Name of the agreement",
        max_length=200,
        help_text="For example, “Greater Manchester Multi Area Agreement”.",
        error_messages={"required": "Enter the agreement's name."},
    )
    authorities = forms.ModelMultipleChoiceField(
        label="Other member authorities",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Your council is responsible for the agreement. Choose at least one more "
        "county or unitary council: members need not be neighbours.",
        error_messages={"required": "Choose at least one other member authority."},
    )
    districts = forms.ModelMultipleChoiceField(
        label="District councils (optional)",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label="Contributing partners (optional)",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Each signs the agreement, as every member authority does.",
    )
    statutory_from = DateInputField(
        label="Statutory from (optional)",
        required=False,
        help_text="The day the agreement took effect under Part 7 of the Local Democracy, "
        "Economic Development and Construction Act 2009: 12 January 2010 or later.",
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorities"].queryset = _councils(organisation, RESPONSIBLE_AUTHORITY_KINDS)
        self.fields["districts"].queryset = _councils(
            organisation, [OrganisationKind.DISTRICT_COUNCIL]
        )
        region = organisation.area.region_id if organisation.area_id else None
        councils = {*RESPONSIBLE_AUTHORITY_KINDS, OrganisationKind.DISTRICT_COUNCIL}
        self.fields["partners"].queryset = (
            Organisation.objects.exclude(kind__in=councils | GOVERNMENT_KINDS)
            .filter(Q(area__region_id=region) | Q(area__isnull=True))
            .order_by("name")
        )
        self.helper = form_helper(
            "Create draft Multi Area Agreement",
            "title",
            Field.checkboxes("authorities", legend_size=Size.MEDIUM, small=True),
            Field.checkboxes("districts", legend_size=Size.MEDIUM, small=True),
            Field.checkboxes("partners", legend_size=Size.MEDIUM, small=True),
            Field("statutory_from"),
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        members = [(o, MemberStanding.MEMBER_AUTHORITY) for o in data["authorities"]]
        members += [(o, MemberStanding.DISTRICT_COUNCIL) for o in data["districts"]]
        members += [(o, MemberStanding.CONTRIBUTING_PARTNER) for o in data["partners"]]
        return {
            "title": data["title"],
            "members": members,
            "statutory_from": data.get("statutory_from"),
        }


def linkable_targets(agreement: Agreement):
    """Rule X2: the designated targets of the member areas' LAAs not yet carried."""
    return (
        Target.objects.filter(
            agreement__kind=AgreementKind.LAA,
            agreement__area__groups=agreement.area,
            category=TargetCategory.DESIGNATED,
            status=TargetStatus.ACTIVE,
        )
        .exclude(maa_links__agreement=agreement)
        .select_related("indicator", "agreement")
        .order_by("agreement__title", "indicator__number")
    )


class MaaLinkForm(ServiceErrorsMixin, forms.Form):
    target = forms.ModelChoiceField(
        label="Designated target of a member's Local Area Agreement",
        queryset=Target.objects.none(),
        help_text="The MAA carries the LAA's target itself: its figures, trajectory and "
        "status are the LAA's, entered once.",
        error_messages={"required": "Choose the target to link."},
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = linkable_targets(agreement)
        field.label_from_instance = lambda t: (
            f"{t.agreement.title}: {t.measure_code} {t.title or t.indicator.title}"
        )
        self.helper = form_helper("Link target", Field.select("target"))


def receiving_maas(laa: Agreement):
    """Rule L5: the Multi Area Agreements, approved or in force, that the LAA's area is a
    member of: where an un-designated target can move."""
    return Agreement.objects.filter(
        kind=AgreementKind.MAA,
        area__members=laa.area,
        status__in=PUBLISHED_STATUSES,
    ).order_by("title")


class MaaMoveForm(ServiceErrorsMixin, forms.Form):
    """Rule L5: un-designate a target, optionally moving it to a Multi Area Agreement."""

    to_maa = forms.ModelChoiceField(
        label="Move it to a Multi Area Agreement (optional)",
        queryset=Agreement.objects.none(),
        required=False,
        empty_label="No: keep it here as a local target only",
        help_text="The MAA's member authorities agree to the revision too; when the Secretary "
        "of State approves it, the target is un-designated here and carried by the MAA in "
        "one step.",
    )

    def __init__(self, *args, agreement: Agreement, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_maa"].queryset = receiving_maas(agreement)
        self.helper = form_helper(submit_label, Field.select("to_maa"))
