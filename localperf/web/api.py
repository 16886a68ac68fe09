"""The conventions every register's JSON API follows.

- a coded value is shown with its label: ``{"value": "county", "label": "County"}``;
- a list comes in pages, ``{"items": [...], "count": N}``, of at most 500 items;
- a code or slug that is not in a register is a 404 with ``{"detail": "..."}`` naming it,
  the same shape as django-ninja's own errors;
- a change goes through the same services as the web forms (``service_call``): 403
  ``{"detail": ...}`` when the user may not act, 422 ``{"detail": first message,
  "errors": [{"field", "message"}, ...]}`` when a rule refuses the input; field names are
  those of the input, a year of a trajectory is ``"trajectory.2009/10"``;
- a change's body is an ``Input``: text holding a NUL character is refused with 422 naming
  the field, before any service sees it (PostgreSQL text cannot hold NUL, so it used to
  surface as a 500 on the first write).
"""

import functools
import inspect

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Choices
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import ABS_TPL_PATH, Swagger
from ninja.pagination import PageNumberPagination
from pydantic import field_validator
from pydantic_core import PydanticCustomError

MAX_PAGE_SIZE = 500
# Far past the end of any register, yet small enough that page × page size stays a number
# every database can take as an OFFSET (a page past 2^63 / 500 was a 500).
MAX_PAGE = 1_000_000


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
    """Page-number pages; a ``page_size`` over 500 is refused (422), not silently cut, and
    so is a ``page`` over a million."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page; {ninja_settings.PAGINATION_PER_PAGE} unless given.",
        )

    def __init__(self, **kwargs) -> None:
        super().__init__(max_page_size=MAX_PAGE_SIZE, **kwargs)


# --- Text every database can hold -------------------------------------------------------

NUL = "\x00"
NUL_REFUSED = "The text contains a NUL character (\\u0000), which no text here may hold."


def holds_nul(value: object) -> bool:
    r"""Whether a decoded JSON value holds a NUL character in any string, however deep.

    >>> holds_nul("a\x00b"), holds_nul({"k": ["ok", "x\x00"]}), holds_nul({"a\x00": 1})
    (True, True, True)
    >>> holds_nul("plain"), holds_nul([1, None, {"k": "v"}])
    (False, False)
    """
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


class Input(Schema):
    """The body of a change. Every field is read first for NUL characters: one is refused
    here, with the field's name, as PostgreSQL cannot store it and no reader wants it.

    (The observations submission is not an ``Input``: it reports every refused cell by
    row and column, NULs among them, in its own 422.)"""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: object) -> object:
        if holds_nul(value) and not isinstance(value, Schema):
            raise PydanticCustomError("nul_character", NUL_REFUSED)
        return value


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


# --- Every answer documented (issue 11) ---------------------------------------------


ANSWERS: dict[int, tuple[type[Schema], str]] = {
    400: (ErrorMessage, "The request cannot be read (a NUL character, a body without parts)."),
    401: (ErrorMessage, "Sign in first."),
    403: (ErrorMessage, "You can see this but may not do it; the detail says why."),
    404: (ErrorMessage, "Nothing with that id or code that you can see."),
    422: (Errors, "The input was refused; each field's message says why."),
}


def responses(*codes: int) -> dict[int, type[Schema]]:
    """The error answers of an operation, for its ``response=``:
    ``response={200: ReportOut, **responses(403, 404, 422)}``.

    >>> sorted(responses(403, 422))
    [403, 422]
    """
    return {code: ANSWERS[code][0] for code in codes}


def _field_of(location: tuple) -> str | None:
    """ninja's ``("query", "page")`` or ``("body", "payload", "rows", 0)`` as one name."""
    parts = [str(part) for part in location[1:] if part not in {"payload", "body"}]
    return ".".join(parts) or None


def input_errors(errors: list[dict]) -> dict:
    """ninja's validation errors in the API's 422 shape.

    >>> refused = input_errors([{"loc": ("query", "page"), "msg": "Input should be ≥ 1"}])
    >>> refused["detail"], refused["errors"]
    ('page: Input should be ≥ 1', [{'field': 'page', 'message': 'Input should be ≥ 1'}])
    """
    items = [{"field": _field_of(tuple(e.get("loc", ()))), "message": e["msg"]} for e in errors]
    first = items[0] if items else {"field": None, "message": "The input was refused."}
    detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return {"detail": detail, "errors": items}


class OwnSwagger(Swagger):
    """The docs page's Swagger UI from our own static files (django-ninja's, served and
    collected with ours), never from a CDN. django-ninja renders its local template only
    when it is an installed app, and it is not one: installing it would import it at
    every start of every command (``settings.INSTALLED_APPS``)."""

    template_cdn = str(ABS_TPL_PATH / "swagger.html")


class DocumentedAPI(NinjaAPI):
    """The API whose schema tells every answer it can give and whose errors have one shape.

    Every operation can be refused with 400 (``web/middleware.py``); one that needs signing
    in, with 401; one with an id or code in its path, with 404; one with any input, with
    422. Those are added to the schema here, once, for operations that do not name them;
    a 403 (a decision of the operation) is named by the operation with ``responses(403)``.
    """

    def __init__(self, **options) -> None:
        super().__init__(**{"docs": OwnSwagger(), **options})

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(NinjaValidationError, self._refused)
        self.add_exception_handler(Http404, self._not_found)

    def _refused(self, request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return self.create_response(request, input_errors(exc.errors), status=422)

    def _not_found(self, request: HttpRequest, exc: Http404) -> HttpResponse:
        # ninja says only "Not Found"; the message names what was not found.
        message = str(exc) or "There is nothing here."
        return self.create_response(request, {"detail": message}, status=404)

    def get_openapi_schema(self, **kwargs) -> dict:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model, _ in ANSWERS.values():
            definition = model.model_json_schema(ref_template=REF)
            components.update(definition.pop("$defs", {}))
            components.setdefault(model.__name__, definition)
        for operations in schema["paths"].values():
            for operation in operations.values():
                _document_answers(operation)
        return schema


REF = "#/components/schemas/{model}"


def _document_answers(operation: dict) -> None:
    parameters = operation.get("parameters", [])
    codes = [400]
    if operation.get("security"):
        codes.append(401)
    if any(p.get("in") == "path" for p in parameters):
        codes.append(404)
    if parameters or "requestBody" in operation:
        codes.append(422)
    answers = operation.setdefault("responses", {})
    for code in codes:
        if code in answers or str(code) in answers:  # ninja's keys are ints
            continue
        model, description = ANSWERS[code]
        answers.setdefault(
            code,
            {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}
                },
            },
        )
