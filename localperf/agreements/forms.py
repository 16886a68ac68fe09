"""Web forms. They only collect input: the rules are checked by the services, whose
messages are put back on the fields (``add_service_errors``)."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q

from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    ReferenceFigure,
    TargetCategory,
    TargetSetting,
    Term,
)
from localperf.agreements.target_checks import trajectory_field
from localperf.indicators.models import Indicator, IndicatorStatus, Measure
from localperf.organisations.models import GOVERNMENT_KINDS, Organisation
from localperf.places.models import GROUP_TYPES, Area, AreaType, PopulationGroup


class ServiceErrorsMixin:
    """Put a service's ``ValidationError`` on the form: on the field it names, or at the
    top of the form (the error summary links it to the first field)."""

    def add_service_errors(self, error: ValidationError) -> None:
        by_field = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {NON_FIELD_ERRORS: error.messages}
        )
        for field, messages in by_field.items():
            name = field if field in self.fields else None
            for message in messages:
                self.add_error(name, message)


def _helper(submit_label: str, *fields) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.layout = Layout(*fields, Submit("submit", submit_label))
    return helper


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
        self.helper = _helper(
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
        self.helper = _helper(
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
        self.helper = _helper(submit_label, Field.textarea("comment", rows=5))

    def add_service_errors(self, error: ValidationError) -> None:
        ServiceErrorsMixin.add_service_errors(self, error)


class ConfirmForm(ServiceErrorsMixin, forms.Form):
    """Only a button: confirm a step that needs no more input."""

    def __init__(self, *args, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)


def partner_candidates(agreement: Agreement):
    """Organisations that can be lead partners: bodies of the area and its districts."""
    return (
        Organisation.objects.filter(active=True)
        .exclude(kind__in=GOVERNMENT_KINDS)
        .filter(Q(area=agreement.area) | Q(area__parent=agreement.area) | Q(area__isnull=True))
        .order_by("name")
    )


def scope_area_candidates(agreement: Agreement):
    """Smaller areas inside the agreement's area, and custom groups of them (rule A6)."""
    return (
        Area.objects.filter(
            Q(parent=agreement.area)
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
        help_text="Leave blank for the indicator as a whole.",
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
    baseline_period = forms.CharField(
        label="Baseline period", max_length=40, required=False, help_text="For example, 2007/08."
    )
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
        trajectory = [Field.text(trajectory_field(y), field_width=10) for y in self.years]
        self.helper = _helper(
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
                    "the target is a placeholder or a percentage improvement.</p>"
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
        data = self.cleaned_data
        coordinating = data.get("coordinating_partner")
        partners = list(data.get("partners") or [])
        if coordinating is not None and coordinating not in partners:
            partners.append(coordinating)
        return TargetInput(
            category=data["category"],
            indicator=data["indicator"],
            theme=data.get("theme") or "",
            measure=data.get("measure"),
            outcome=data.get("outcome"),
            title=data.get("title", ""),
            related_psa=data.get("related_psa", ""),
            scope_areas=tuple(data.get("scope_areas") or ()),
            scope_groups=tuple(data.get("scope_groups") or ()),
            sub_regional_area=data.get("sub_regional_area"),
            setting=data["setting"],
            baseline_value=data.get("baseline_value"),
            baseline_period=data.get("baseline_period", ""),
            baseline_lower=data.get("baseline_lower"),
            baseline_upper=data.get("baseline_upper"),
            baseline_to_be_confirmed=bool(data.get("baseline_to_be_confirmed")),
            improvement_percent=data.get("improvement_percent"),
            trajectory={y: data.get(trajectory_field(y)) for y in self.years},
            relative_to=data.get("relative_to"),
            relative_ratio=data.get("relative_ratio"),
            relative_offset=data.get("relative_offset"),
            partners=tuple(PartnerInput(o, o == coordinating) for o in partners),
            notes=data.get("notes", ""),
        )

    @classmethod
    def initial_from(cls, data: TargetInput) -> dict:
        coordinating = next((p.organisation for p in data.partners if p.coordinating), None)
        initial = {
            "category": data.category,
            "indicator": data.indicator,
            "measure": data.measure,
            "title": data.title,
            "theme": data.theme,
            "outcome": data.outcome,
            "related_psa": data.related_psa,
            "scope_areas": list(data.scope_areas),
            "scope_groups": list(data.scope_groups),
            "sub_regional_area": data.sub_regional_area,
            "setting": data.setting,
            "baseline_value": data.baseline_value,
            "baseline_period": data.baseline_period,
            "baseline_lower": data.baseline_lower,
            "baseline_upper": data.baseline_upper,
            "baseline_to_be_confirmed": data.baseline_to_be_confirmed,
            "improvement_percent": data.improvement_percent,
            "relative_to": data.relative_to,
            "relative_ratio": data.relative_ratio,
            "relative_offset": data.relative_offset,
            "partners": [p.organisation for p in data.partners],
            "coordinating_partner": coordinating,
            "notes": data.notes,
        }
        for year, value in data.trajectory.items():
            initial[trajectory_field(year)] = value
        return initial


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
        self.helper = _helper(
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
        self.helper = _helper(
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
        self.helper = _helper(
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
        self.helper = _helper("Move target", Field.select("outcome"))


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
        self.helper = _helper(
            "Record the new value",
            Field.text("value", field_width=10),
            Field("effective_from", context={"legend_size": Size.for_legend("s")}),
            Field.textarea("note", rows=3),
        )
