"""What every form of the app shares: a service's messages put back on the fields it
names, and the layout of a form with one button."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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


def form_helper(submit_label: str, *fields) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.layout = Layout(*fields, Submit("submit", submit_label))
    return helper
