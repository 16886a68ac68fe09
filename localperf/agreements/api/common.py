"""Field types that read a model's value the way the agreements API shows it, so an
output schema names each field once, with an alias for where it comes from, instead of
a resolver per field."""

from collections.abc import Callable
from typing import Annotated, Any

from django.db.models import Choices
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict

from localperf.web.api import Choice


class Out(Schema):
    """An answer: every field is always there (null when there is nothing), so the schema
    says each is required even where an alias has a default for a missing record."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


def ChoiceOf(choices: type[Choices]) -> Any:  # noqa: N802 - used as a type
    """A coded value shown with its label: ``{"value": "draft", "label": "Draft"}``."""

    def with_label(value: Any) -> Any:
        if value in (None, ""):
            return None
        member = choices(value)
        return {"value": member.value, "label": member.label}

    return Annotated[Choice, BeforeValidator(with_label)]


def ListOf(item: Callable[[Any], Any], of: type = str) -> Any:  # noqa: N802 - a type
    """A list of related rows, each shown as ``item(row)`` (a code, a slug …)."""
    return Annotated[list[of], BeforeValidator(lambda rows: [item(row) for row in rows])]
