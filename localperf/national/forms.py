from dataclasses import dataclass, field

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from localperf.agreements.forms import ServiceErrorsMixin
from localperf.indicators.models import Indicator, IndicatorKind, IndicatorStatus, Measure
from localperf.indicators.selectors import measure_search
from localperf.national import selectors
from localperf.national.models import ComparatorGroup, ComparatorKind, FlagColour
from localperf.national.selectors import comparable_areas
from localperf.observations.models import ReportingPeriod
from localperf.observations.selectors import UnknownCode, measure_by_code, period_by_label
from localperf.places.models import Area, Tier
from localperf.web.periods import PeriodFormField


@dataclass
class PictureChoice:
    """What the picture form asked for, read from the database. ``periods``: the measure's
    periods with figures (the page lists them); ``status``: 400 when the form was wrong or
    named something unknown; ``ready``: everything is known and the picture can be drawn."""

    measure: Measure | None = None
    period: ReportingPeriod | None = None
    comparator: ComparatorGroup | None = None
    tier: Tier = Tier.UPPER
    periods: list[ReportingPeriod] = field(default_factory=list)
    status: int = 200
    ready: bool = False
    # Words instead of a code, matching several measures: the page lists them to choose.
    matches: list[Measure] = field(default_factory=list)


class PictureForm(forms.Form):
    """Which measure, period and comparator group: a GET form, so the page can be linked."""

    measure = forms.CharField(
        label="Indicator or measure",
        max_length=100,
        help_text='Its code, or words from its title: for example "NI 195a", "117" or "NEET".',
    )
    period = PeriodFormField(
        label="Period",
        required=False,
        help_text='For example "2009/10" or "Place Survey 2008". Blank: the latest.',
    )
    tier = forms.ChoiceField(
        label="Compare areas within",
        choices=Tier.choices,
        required=False,
        help_text="Districts are never ranked among counties, nor counties among districts.",
    )
    comparator = forms.TypedChoiceField(
        label="Compare with a group (optional)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, groups=(), public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if public:  # the public comparisons have no saved groups
            del self.fields["comparator"]
        else:
            self._comparator_choices(groups)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "picture-form"
        self.helper.layout = Layout(
            Field.text("measure", field_width=Fluid.ONE_THIRD),
            Field.text("period", field_width=Fluid.ONE_THIRD),
            Field.radios("tier", legend_size=Size.SMALL, small=True),
            *([] if public else [Field.select("comparator")]),
            Button("show", "Compare the areas" if public else "Show the picture"),
        )

    def _comparator_choices(self, groups) -> None:
        self.fields["comparator"].choices = [("", "No comparator group")] + [
            (g.pk, f"{g.name} ({g.get_kind_display().lower()}, {g.member_count} areas)")
            for g in groups
        ]

    def choice(self, user) -> PictureChoice:
        """The measure, period (blank: the latest with figures) and comparator group the
        form names; what is wrong or unknown is put on the form, field by field."""
        choice = PictureChoice()
        if not self.is_valid():
            choice.status = 400
            return choice
        data = self.cleaned_data
        try:
            choice.measure = measure_by_code(data["measure"])
        except UnknownCode as unknown:
            choice.matches = measure_search(data["measure"])
            if not choice.matches:
                return self._refused(choice, "measure", _no_measure(data["measure"], unknown))
            if len(choice.matches) > 1:
                return choice
            choice.measure = choice.matches.pop()  # one match: the measure meant
        choice.periods = selectors.periods_with_figures(choice.measure)
        if data["period"]:
            try:
                choice.period = period_by_label(data["period"])
            except UnknownCode as unknown:
                return self._refused(choice, "period", str(unknown))
        elif choice.periods:
            choice.period = choice.periods[0]
        if choice.period is None:
            self.add_error("measure", f"There are no figures for {choice.measure.code} yet.")
            return choice
        choice.tier = Tier(data["tier"] or Tier.UPPER)
        if data.get("comparator"):
            choice.comparator = selectors.comparator_group_get_for(user, data["comparator"])
            if choice.comparator is None:
                message = "There is no comparator group with that id you can use."
                return self._refused(choice, "comparator", message)
            if choice.tier not in selectors.comparator_tiers(choice.comparator):
                message = (
                    f"The group {choice.comparator.name} holds areas outside the "
                    f"{choice.tier.short} set: choose the other tier, or another group."
                )
                return self._refused(choice, "comparator", message)
        choice.ready = True
        return choice

    def _refused(self, choice: PictureChoice, name: str, message: str) -> PictureChoice:
        self.add_error(name, message)
        choice.status = 400
        return choice


def _no_measure(text: str, unknown: UnknownCode) -> str:
    return (
        f"{unknown} No indicator or measure has all of the words “{text}” in its title "
        "either: try a code such as NI 195a, or fewer words."
    )


class ComparatorGroupForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind of group", choices=ComparatorKind.choices)
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.ModelMultipleChoiceField(
        label="Areas in the group",
        queryset=comparable_areas().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Areas of one tier: counties and unitaries, or districts, metropolitan "
        "districts, unitaries and London boroughs.",
    )
    shared = forms.BooleanField(label="Share this group with every government user", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].label_from_instance = lambda area: f"{area.name} ({area.code})"
        self.helper = FormHelper()
        self.helper.form_id = "comparator-form"
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("description", rows=3),
            Field.checkboxes("members", legend_size=Size.SMALL, small=True),
            Field.checkbox("shared"),
            Button("save", "Save the group"),
        )


def group_initial(group: ComparatorGroup) -> dict:
    """A comparator group as the group form's initial values, for changing it."""
    return {
        "name": group.name,
        "kind": group.kind,
        "description": group.description,
        "members": list(group.members.all()),
        "shared": group.shared,
    }


class FlagForm(ServiceErrorsMixin, forms.Form):
    colour = forms.ChoiceField(label="Flag", choices=FlagColour.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="What the flag is about", max_length=200)
    indicator = forms.ModelChoiceField(
        label="National indicator it mainly rests on (optional)",
        required=False,
        queryset=Indicator.objects.filter(
            kind=IndicatorKind.NATIONAL, status=IndicatorStatus.LIVE
        ).order_by("number"),
    )
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code}: {i.title}"
        self.helper = FormHelper()
        self.helper.form_id = "flag-form"
        self.helper.layout = Layout(
            Field.radios("colour", legend_size=Size.SMALL, inline=True),
            Field.text("title"),
            Field.select("indicator"),
            Field.textarea("rationale", rows=5),
            Button("record", "Record the flag"),
        )


class WithdrawFlagForm(ServiceErrorsMixin, forms.Form):
    rationale = forms.CharField(
        label="Why is the flag withdrawn?", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("rationale", rows=3), Button("withdraw", "Withdraw the flag")
        )


class NeighboursForm(forms.Form):
    """Whose nearest neighbours, on which measures: a GET form, so the page can be linked."""

    area = forms.CharField(label="Area", max_length=40, help_text="Its GSS or ONS code.")
    measures = forms.CharField(
        label="Measures",
        max_length=400,
        help_text='Codes separated by commas: for example "NI 117, NI 5, NI 157a".',
    )
    count = forms.IntegerField(label="How many neighbours", min_value=1, max_value=30, initial=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "neighbours-form"
        self.helper.layout = Layout(
            Field.text("area", field_width=Fluid.ONE_THIRD),
            Field.text("measures", field_width=Fluid.TWO_THIRDS),
            Field.text("count", field_width=Fluid.ONE_QUARTER),
            Button("find", "Find the nearest neighbours"),
        )

    def clean_area(self):
        area = Area.objects.with_code(self.cleaned_data["area"]).in_tier(Tier.UPPER).first()
        if area is None:
            raise forms.ValidationError(
                f"There is no area holding an LAA with the code “{self.cleaned_data['area']}”."
            )
        return area

    def clean_measures(self):
        codes = [c.strip() for c in self.cleaned_data["measures"].split(",") if c.strip()]
        if not codes:
            raise forms.ValidationError("Enter at least one measure code.")
        found = []
        for code in codes:
            try:
                found.append(measure_by_code(code))
            except UnknownCode as unknown:
                raise forms.ValidationError(str(unknown)) from None
        return list(dict.fromkeys(found))
