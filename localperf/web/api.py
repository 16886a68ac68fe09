"""The conventions every register's JSON API follows.

- a coded value is shown with its label: ``{"value": "county", "label": "County"}``;
- a list comes in pages, ``{"items": [...], "count": N}``, of at most 500 items;
- a code or slug that is not in a register is a 404 with ``{"detail": "..."}`` naming it,
  the same shape as django-ninja's own errors.
"""

from django.db.models import Choices
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination

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
