from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms

from localperf.observations.importing.services import MAX_UPLOAD_BYTES

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
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {MAX_UPLOAD_BYTES // 2**20} MB."
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
