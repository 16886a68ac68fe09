from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.core.exceptions import ValidationError

from localperf.observations.importing.limits import import_limits
from localperf.observations.selectors import (
    UnknownCode,
    area_by_code,
    measure_by_code,
    period_by_label,
)

ACCEPTED_SUFFIXES = (".csv", ".xlsx")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV (UTF-8) or Excel (.xlsx) file in the observations layout.",
    )
    reason = forms.CharField(
        label="Why do these figures change? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with every figure this import corrects.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "import-upload"
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Field("file"),
            Field.textarea("reason", rows=3),
            Button("submit", "Check the file"),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError("The file must be a CSV (.csv) or Excel (.xlsx) file.")
        limits = import_limits()
        if upload.size > limits.max_bytes:
            raise forms.ValidationError(
                f"The file has {upload.size:,} bytes; an import takes at most "
                f"{limits.max_megabytes} ({limits.max_bytes:,} bytes): split it into smaller files."
            )
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty.")
        return upload


class ObservationFilterForm(forms.Form):
    measure = forms.CharField(label="Measure", required=False, max_length=40)
    area = forms.CharField(label="Area code", required=False, max_length=40)
    period = forms.CharField(label="Period", required=False, max_length=40)
    group = forms.CharField(label="Population group", required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "observation-filters"
        self.helper.layout = Layout(
            Field.text("measure", field_width=Fluid.TWO_THIRDS),
            Field.text("area", field_width=Fluid.TWO_THIRDS),
            Field.text("period", field_width=Fluid.TWO_THIRDS),
            Field.text("group", field_width=Fluid.TWO_THIRDS),
            Button("filter", "Show figures"),
        )


class ReleaseForm(forms.Form):
    """The scope of a release, by code, as in the API (``POST
    /api/v1/observations/releases``): the lists offer what is waiting, but any code is
    checked the same way, so the web and the API give the same answer. A blank measure
    or period means every one; a blank area, every area (administrators only)."""

    area = forms.CharField(label="Area", required=False, max_length=40)
    measure = forms.CharField(label="Measure", required=False, max_length=40)
    period = forms.CharField(label="Period", required=False, max_length=40)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the release, e.g. who agreed the figures.",
    )

    def add_service_errors(self, error: ValidationError) -> None:
        """The release service's refusal (a bad code, an empty scope), as one message at
        the top of the form."""
        self.add_error(None, " ".join(error.messages))

    def __init__(self, *args, waiting=(), every_area: bool = False, own_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        areas = {a.code: a.name for a in own_areas}
        areas.update({w.area.code: w.area.name for w in waiting})
        measures = {w.measure.code: f"{w.measure.code}: {w.measure.title}" for w in waiting}
        periods = {w.period.label: w.period for w in waiting}
        self.fields["area"].widget = forms.Select(
            choices=([("", "Every area")] if every_area else []) + list(areas.items())
        )
        self.fields["measure"].widget = forms.Select(
            choices=[("", "Every measure")] + list(measures.items())
        )
        self.fields["period"].widget = forms.Select(
            choices=[("", "Every period")]
            + [(label, label) for label, _ in sorted(periods.items(), key=lambda p: p[1].end)]
        )
        self.helper = FormHelper()
        self.helper.form_id = "release"
        self.helper.layout = Layout(
            Field.select("area"),
            Field.select("measure"),
            Field.select("period"),
            Field.textarea("note", rows=3),
            Button("release", "Release these figures"),
        )

    def _resolve(self, name: str, find):
        code = self.cleaned_data[name].strip()
        if not code:
            return None
        try:
            return find(code)
        except UnknownCode as unknown:
            raise forms.ValidationError(str(unknown)) from None

    def clean_area(self):
        return self._resolve("area", area_by_code)

    def clean_measure(self):
        return self._resolve("measure", measure_by_code)

    def clean_period(self):
        return self._resolve("period", period_by_label)
