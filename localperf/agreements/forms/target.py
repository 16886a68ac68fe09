"""The target form (rules A2–A10): every field of ``TargetInput``, offered from the
candidates the agreement's area allows, and the target read back from what was typed."""

from __future__ import annotations

from dataclasses import fields

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms
from django.db.models import Q, QuerySet

from localperf.agreements.forms.common import ServiceErrorsMixin, form_helper
from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    ReferenceFigure,
    TargetCategory,
    TargetSetting,
    YearState,
)
from localperf.agreements.target_checks import trajectory_field
from localperf.indicators.models import Indicator, IndicatorStatus, Measure
from localperf.organisations.models import GOVERNMENT_KINDS, Organisation
from localperf.places.models import GROUP_TYPES, Area, AreaType, PopulationGroup
from localperf.web.periods import PeriodFormField


def partner_candidates(agreement: Agreement):
    """Organisations that can be lead partners: bodies of the area and its districts."""
    return (
        Organisation.objects.filter(active=True)
        .exclude(kind__in=GOVERNMENT_KINDS)
        .filter(Q(area=agreement.area) | Q(area__parent=agreement.area) | Q(area__isnull=True))
        .order_by("name")
    )


# An MAA's area is a custom group of councils' areas (never nested groups).
MEMBER_TYPES = [t for t in AreaType.values if t not in GROUP_TYPES]


def scope_area_candidates(agreement: Agreement):
    """Smaller areas inside the agreement's area, and custom groups of them (rule A6);
    for a Multi Area Agreement, its members' areas (rule X2: part of the MAA's area)."""
    return (
        Area.objects.filter(
            Q(groups=agreement.area, area_type__in=MEMBER_TYPES)
            | Q(parent=agreement.area)
            | Q(parent__parent=agreement.area)
            | Q(area_type__in=GROUP_TYPES, members__parent=agreement.area)
        )
        .exclude(area_type__in=[AreaType.SUB_REGION, AreaType.POLICE_FORCE_AREA])
        .distinct()
        .order_by("name")
    )


def sub_region_candidates(agreement: Agreement):
    """Sub-regions containing the agreement's area (rule A7)."""
    return Area.objects.filter(area_type__in=GROUP_TYPES, members=agreement.area).order_by("name")


class TargetForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(
        label="Kind of target",
        choices=TargetCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of target."},
    )
    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=Indicator.objects.none(),
        help_text="Designated targets are on national indicators; local targets on any.",
        error_messages={"required": "Choose the indicator."},
    )
    measure = forms.ModelChoiceField(
        label="Measure (for a multi-part indicator)",
        queryset=Measure.objects.exclude(part="").select_related("indicator"),
        required=False,
        help_text="A target is on one measure: for a multi-part indicator choose its part "
        "(NI 195a, litter). Blank: the indicator as a whole, judged on figures returned "
        "under its own code, never made up from its parts.",
    )
    title = forms.CharField(
        label="What the target aims to achieve",
        max_length=300,
        required=False,
        help_text="For example, “Reduce the under-18 conception rate”.",
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *LaaTheme.choices],
        required=False,
    )
    outcome = forms.ModelChoiceField(label="Outcome", queryset=None, required=False)
    related_psa = forms.CharField(label="Related PSA", max_length=200, required=False)
    scope_areas = forms.ModelMultipleChoiceField(
        label="Smaller areas (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Still one target; performance is also reported for the whole area.",
    )
    scope_groups = forms.ModelMultipleChoiceField(
        label="Groups of people (optional)",
        queryset=PopulationGroup.objects.breakdowns().order_by("dimension", "label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sub_regional_area = forms.ModelChoiceField(
        label="Sub-region (only where the data exist only sub-regionally)",
        queryset=None,
        required=False,
    )
    setting = forms.ChoiceField(
        label="How is the target set?",
        choices=TargetSetting.choices,
        initial=TargetSetting.TRAJECTORY,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the target is set."},
    )
    baseline_value = forms.DecimalField(
        label="Baseline value", required=False, max_digits=16, decimal_places=4
    )
    baseline_period = PeriodFormField(label="Baseline period", required=False)
    baseline_lower = forms.DecimalField(
        label="Lower confidence limit", required=False, max_digits=16, decimal_places=4
    )
    baseline_upper = forms.DecimalField(
        label="Upper confidence limit", required=False, max_digits=16, decimal_places=4
    )
    baseline_to_be_confirmed = forms.BooleanField(
        label="The baseline is to be confirmed", required=False
    )
    improvement_percent = forms.DecimalField(
        label="Percentage better than the baseline",
        required=False,
        max_digits=7,
        decimal_places=2,
    )
    relative_to = forms.ModelChoiceField(
        label="Figure the target is relative to",
        queryset=ReferenceFigure.objects.all(),
        required=False,
    )
    relative_ratio = forms.DecimalField(
        label="Proportion of the figure",
        required=False,
        max_digits=10,
        decimal_places=4,
        help_text="1 for the figure itself, 1.1 for 10% above it.",
    )
    relative_offset = forms.DecimalField(
        label="Amount added to it (optional)", required=False, max_digits=16, decimal_places=4
    )
    partners = forms.ModelMultipleChoiceField(
        label="Lead partners",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Partner authorities that sign up owe the duty to have regard to the target; "
            "voluntary partners may sign up too."
        ),
    )
    coordinating_partner = forms.ModelChoiceField(
        label="Co-ordinating partner (optional)", queryset=None, required=False
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)

    def __init__(self, *args, agreement: Agreement, submit_label: str = "Save target", **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.years = agreement.years
        self.fields["indicator"].queryset = Indicator.objects.filter(
            status=IndicatorStatus.LIVE
        ).filter(Q(owner__isnull=True) | Q(owner=agreement.responsible_authority))
        self.fields["outcome"].queryset = agreement.outcomes.all()
        self.fields["scope_areas"].queryset = scope_area_candidates(agreement)
        sub_regions = sub_region_candidates(agreement)
        self.fields["sub_regional_area"].queryset = sub_regions
        partners = partner_candidates(agreement)
        self.fields["partners"].queryset = partners
        self.fields["coordinating_partner"].queryset = partners
        for year in self.years:
            self.fields[trajectory_field(year)] = forms.DecimalField(
                label=f"Target for {year}", required=False, max_digits=16, decimal_places=4
            )
            # Rules A3, D3: a statutory target's year may be to be set, or to be confirmed.
            self.fields[year_state_field(year)] = forms.ChoiceField(
                label=f"{year}: statutory targets only",
                choices=YearState.choices,
                initial=YearState.SET,
                required=False,
            )
        trajectory = [
            item
            for y in self.years
            for item in (
                Field.text(trajectory_field(y), field_width=10),
                Field.select(year_state_field(y)),
            )
        ]
        self.helper = form_helper(
            submit_label,
            Field.radios("category", legend_size=Size.MEDIUM),
            Fieldset(
                Field.select("indicator"),
                Field.select("measure"),
                Field.text("title"),
                Field.text("related_psa", field_width=20),
                legend="The indicator",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("theme"),
                Field.select("outcome"),
                legend="Theme and outcome",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("scope_areas", small=True),
                Field.checkboxes("scope_groups", small=True),
                *([Field.select("sub_regional_area")] if sub_regions.exists() else []),
                legend="Scope: leave blank for the whole area",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("baseline_value", field_width=10),
                Field.text("baseline_period", field_width=10),
                Field.text("baseline_lower", field_width=10),
                Field.text("baseline_upper", field_width=10),
                Field.checkbox("baseline_to_be_confirmed", small=True),
                legend="Baseline",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("setting", legend_size=Size.MEDIUM),
            Fieldset(
                HTML(
                    '<p class="govuk-body">A target for every year of the agreement, unless '
                    "the target is a placeholder or a percentage improvement. A statutory "
                    "education and early years target may leave a later year to be set by "
                    "DCSF, or give a provisional value to be confirmed.</p>"
                ),
                *trajectory,
                legend="Trajectory",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("improvement_percent", field_width=5),
                legend="Percentage improvement on a baseline to be confirmed",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.select("relative_to"),
                Field.text("relative_ratio", field_width=10),
                Field.text("relative_offset", field_width=10),
                legend="Target relative to another figure",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.checkboxes("partners", small=True),
                Field.select("coordinating_partner"),
                legend="Lead partners",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("notes", rows=3),
        )

    def to_input(self) -> TargetInput:
        """The target as typed: a field of ``TargetInput`` is the form field of its name;
        the partners and the trajectory are gathered from their own fields."""
        data = self.cleaned_data
        coordinating = data.get("coordinating_partner")
        partners = list(data.get("partners") or [])
        if coordinating is not None and coordinating not in partners:
            partners.append(coordinating)
        return TargetInput(
            **{name: _as_input(data.get(name)) for name in TARGET_FIELDS},
            trajectory={y: data.get(trajectory_field(y)) for y in self.years},
            year_states={
                y: data[year_state_field(y)]
                for y in self.years
                if data.get(year_state_field(y)) not in ("", None, YearState.SET)
            },
            partners=tuple(PartnerInput(o, o == coordinating) for o in partners),
        )

    @classmethod
    def initial_from(cls, data: TargetInput) -> dict:
        coordinating = next((p.organisation for p in data.partners if p.coordinating), None)
        initial = {name: _as_initial(getattr(data, name)) for name in TARGET_FIELDS}
        initial["partners"] = [p.organisation for p in data.partners]
        initial["coordinating_partner"] = coordinating
        for year, value in data.trajectory.items():
            initial[trajectory_field(year)] = value
        for year, state in data.year_states.items():
            initial[year_state_field(year)] = state
        return initial


def year_state_field(year: str) -> str:
    """The field name of a year's state: "2010/11" → "year_state_2010_11"."""
    return "year_state_" + year.replace("/", "_")


# Every field of ``TargetInput`` but those gathered from several form fields.
GATHERED = {"partners", "trajectory", "year_states"}
TARGET_FIELDS = tuple(f.name for f in fields(TargetInput) if f.name not in GATHERED)


def _as_input(value):
    """A cleaned value as ``TargetInput`` holds it: chosen records as a tuple."""
    return tuple(value) if isinstance(value, QuerySet | list) else value


def _as_initial(value):
    return list(value) if isinstance(value, tuple) else value
