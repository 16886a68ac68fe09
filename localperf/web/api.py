"""The conventions every register's JSON API follows.

- a coded value is shown with its label: ``{"value": "county", "label": "County"}``;
- a list comes in pages, ``{"items": [...], "count": N}``, of at most 500 items;
- a code or slug that is not in a register is a 404 with ``{"detail": "..."}`` naming it,
  the same shape as django-ninja's own errors;
- a change goes through the same services as the web forms (``service_call``): 403
  ``{"detail": ...}`` when the user may not act, 422 ``{"detail": first message,
  "errors": [{"field", "message"}, ...]}`` when a rule refuses the input; field names are
  those of the input, a year of a trajectory is ``"trajectory.2009/10"``.
"""

import functools
import inspect

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Choices
from ninja import Field, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination

MAX_PAGE_SIZE = 500


class Choice(Schema):
    value: str
    label: str


def choice_of(choices: type[Choices], value: str) -> Choice | None:
    """The value with its label; ``None`` for a blank value."""
    if not value:
        return None
    return Choice(value=value, label=choices(value).label)


class ErrorMessage(Schema):
    detail: str


def not_in_register(thing: str, key: str, value: str) -> HttpError:
    """A 404 naming what was asked for: "There is no indicator with the code 'NI 999'."."""
    return HttpError(404, f"There is no {thing} with the {key} '{value}'.")


class RegisterPagination(PageNumberPagination):
    """Page-number pages; a ``page_size`` over 500 is refused (422), not silently cut."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page; {ninja_settings.PAGINATION_PER_PAGE} unless given.",
        )

    def __init__(self, **kwargs) -> None:
        super().__init__(max_page_size=MAX_PAGE_SIZE, **kwargs)


class FieldError(Schema):
    field: str | None
    message: str


class Errors(Schema):
    detail: str
    errors: list[FieldError]


def api_field(key: str) -> str | None:
    """Service field keys as the API names them: "trajectory_2009_10" → "trajectory.2009/10".

    >>> api_field("trajectory_2009_10"), api_field("baseline_value"), api_field("__all__")
    ('trajectory.2009/10', 'baseline_value', None)
    """
    if key == NON_FIELD_ERRORS:
        return None
    if key.startswith("trajectory_"):
        start, end = key.removeprefix("trajectory_").split("_")
        return f"trajectory.{start}/{end}"
    return key


def errors_of(error: ValidationError) -> dict:
    """A service's refusal as the 422 body: the first message, then every one by field."""
    if hasattr(error, "error_dict"):
        items = [
            {"field": api_field(field), "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        items = [{"field": None, "message": m} for m in error.messages]
    return {"detail": items[0]["message"], "errors": items}


def service_call(view):
    """Turn the services' exceptions into the API's answers (403 and 422)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            raise HttpError(403, str(denied) or "You cannot do this.") from denied
        except ValidationError as error:
            return Status(422, errors_of(error))

    # The view's annotations read in the view's own module (django-ninja would otherwise
    # look the payload schemas up in this one, through the wrapper's globals).
    wrapper.__signature__ = inspect.signature(view, eval_str=True)
    return wrapper
