import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from localperf.web import clock


class AsAtForm(forms.Form):
    """See the list as it stood on another day: the 2008–11 timetable is long past."""

    on = DateInputField(label="Show what was due on", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The boxes show the day the list is for: the site's today until another is asked.
        self.fields["on"].initial = clock.today()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field("on", context={"legend_size": Size.for_legend("s")}),
            Submit("show", "Show", css_class="govuk-button--secondary"),
        )

    def day(self) -> datetime.date:
        """The day asked for; the site's today when none (or a wrong one) was given."""
        return (self.cleaned_data["on"] if self.is_valid() else None) or clock.today()
