from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from localperf.indicators.models import Indicator, IndicatorKind, IndicatorStatus
from localperf.national.models import ComparatorKind, FlagColour
from localperf.national.selectors import comparable_areas
from localperf.web.periods import PeriodFormField


class PictureForm(forms.Form):
    """Which measure, period and comparator group: a GET form, so the page can be linked."""

    measure = forms.CharField(
        label="Measure", max_length=40, help_text='A national indicator or measure: "NI 195a".'
    )
    period = PeriodFormField(
        label="Period",
        required=False,
        help_text='For example "2009/10" or "Place Survey 2008". Blank: the latest.',
    )
    comparator = forms.TypedChoiceField(
        label="Compare with a group (optional)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comparator"].choices = [("", "No comparator group")] + [
            (g.pk, f"{g.name} ({g.get_kind_display().lower()}, {g.member_count} areas)")
            for g in groups
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "picture-form"
        self.helper.layout = Layout(
            Field.text("measure", field_width=Fluid.ONE_THIRD),
            Field.text("period", field_width=Fluid.ONE_THIRD),
            Field.select("comparator"),
            Button("show", "Show the picture"),
        )


class ComparatorGroupForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind of group", choices=ComparatorKind.choices)
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.ModelMultipleChoiceField(
        label="Areas in the group",
        queryset=comparable_areas().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="The upper-tier areas (the areas of LAAs) to compare with.",
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


class FlagForm(forms.Form):
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


class WithdrawFlagForm(forms.Form):
    rationale = forms.CharField(
        label="Why is the flag withdrawn?", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("rationale", rows=3), Button("withdraw", "Withdraw the flag")
        )
