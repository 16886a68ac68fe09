"""Periods as users type them, in one place: the form field, the API type and the model
field all read a period with the kernel (``period_from_entry``) and keep its canonical
label. So "2006-07" is stored as "2006/07", and "2006/7" is refused on its field with the
accepted forms and "Did you mean '2006/07'?", through a web form and the API alike.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from localperf.calculations.periods import (
    PeriodError,
    PeriodKind,
    period_from_entry,
    period_repair,
)

PERIOD_MAX_LENGTH = 40
PERIOD_EXAMPLES = "For example, 2007/08, 2008/09 Q2 or Place Survey 2008."


def period_label_clean(text: str | None, *, kinds: Collection[PeriodKind] = ()) -> str:
    """The canonical label of a typed period, "" for a blank one; raises ``PeriodError``
    (with the suggestion) for text that is not a period, or not of one of ``kinds``.

    >>> period_label_clean(" 2006-07 "), period_label_clean("q2 2008/2009"), period_label_clean("")
    ('2006/07', '2008/09 Q2', '')
    >>> period_problem("2006/7").endswith("Did you mean '2006/07'?")
    True
    """
    text = (text or "").strip()
    if not text:
        return ""
    period = period_from_entry(text)
    if kinds and period.kind not in kinds:
        wanted = " or ".join(kind.value.replace("_", " ") for kind in kinds)
        raise PeriodError(f"'{text}' is a {period.kind.value.replace('_', ' ')}: give a {wanted}.")
    return period.label


def period_problem(text: str | None) -> str:
    """Why the text is not a period, with the suggestion; "" when it is one or blank."""
    try:
        period_label_clean(text)
    except PeriodError as error:
        return str(error)
    return ""


def period_label_repair(text: str) -> str:
    """The canonical label of text already stored, read as far as it can be without
    guessing ("2006-07", "2006/7" → "2006/07"); "" when it is not a period."""
    return period_repair(text)


class PeriodFormField(forms.CharField):
    """A text box for a period; its cleaned value is the canonical label ("" if blank)."""

    def __init__(self, *, kinds: Collection[PeriodKind] = (), **kwargs) -> None:
        self.kinds = tuple(kinds)
        kwargs.setdefault("max_length", PERIOD_MAX_LENGTH)
        kwargs.setdefault("help_text", PERIOD_EXAMPLES)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return period_label_clean(text, kinds=self.kinds)
        except PeriodError as error:
            raise ValidationError(str(error), code="period") from None


def _api_period(value: str) -> str:
    from pydantic_core import PydanticCustomError

    try:
        return period_label_clean(value)
    except PeriodError as error:
        raise PydanticCustomError(
            "period", "{message}", {"message": str(error), "suggestion": error.suggestion}
        ) from None


def __getattr__(name: str):
    """``PeriodText``, made when an API module first asks for it: the models import this
    module at every start, and pydantic is a tenth of a command's start-up (issue 16)."""
    if name != "PeriodText":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from pydantic import AfterValidator, Field

    # A period in an API payload or query; "" for none. A refusal is ninja's 422 naming
    # the field in ``loc``, its message with the accepted forms and the suggestion.
    period_text = Annotated[
        str,
        Field(
            max_length=PERIOD_MAX_LENGTH, examples=["2007/08", "2008/09 Q2", "Place Survey 2008"]
        ),
        AfterValidator(_api_period),
    ]
    globals()["PeriodText"] = period_text
    return period_text


class PeriodField(models.CharField):
    """A period stored as its canonical label ("" for none): what the kernel's
    ``period_parse`` reads back unchanged. Its form field is ``PeriodFormField``."""

    description = "A reporting period's canonical label"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", PERIOD_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        try:
            canonical = period_label_clean(value)
        except PeriodError as error:
            raise ValidationError(str(error), code="period") from None
        if canonical != (value or ""):
            raise ValidationError(f"Write the period as '{canonical}'.", code="period")

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PeriodFormField, **kwargs})
