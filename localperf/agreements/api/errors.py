"""The API's answers when a service refuses: 403 ``{"detail": ...}`` when the user may
not act, 422 ``{"detail": first message, "errors": [{"field", "message"}, ...]}`` when a
rule refuses the input. Field names are those of the input; a year of the trajectory is
``"trajectory.2009/10"``."""

from __future__ import annotations

import functools

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from ninja import Schema, Status
from ninja.errors import HttpError


class FieldError(Schema):
    field: str | None
    message: str


class Errors(Schema):
    detail: str
    errors: list[FieldError]


def api_field(key: str) -> str | None:
    """Service field keys as the API names them: "trajectory_2009_10" → "trajectory.2009/10"."""
    if key == NON_FIELD_ERRORS:
        return None
    if key.startswith("trajectory_"):
        start, end = key.removeprefix("trajectory_").split("_")
        return f"trajectory.{start}/{end}"
    return key


def errors_of(error: ValidationError) -> dict:
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
    """Turn the services' exceptions into the API's answers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            raise HttpError(403, str(denied) or "You cannot do this.") from denied
        except ValidationError as error:
            return Status(422, errors_of(error))

    return wrapper
