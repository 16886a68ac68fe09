"""The file layout for observations, the same for import and export, CSV and XLSX.

The first row names the columns (any order, any case; spaces count as underscores).
One row per figure:

==============  =========  ========================================================
column          required   what
==============  =========  ========================================================
measure         yes        "NI 157a", "NI 195" or a local indicator's code ("KENT-GVA")
area            yes        GSS code ("E06000001") or the older ONS code ("00EB")
period          yes        "2008/09", "2008/09 Q1", "2008/09 H1", "Place Survey 2008",
                           "2006/07-2008/09", "2008", "2008/09 academic"
group           no         blank for the whole population, else dimension:code,
                           e.g. "age:16-24", "sex:female" (see /places/population-groups/)
value           yes        a number, without "%" or thousands separators
numerator       no         for a rate or proportion
denominator     no         for a rate or proportion
ci_lower        no         lower confidence limit (survey figures, rule D7)
ci_upper        no         upper confidence limit
sample_size     no         a whole number
status          no         "provisional" or "final"; blank means final
note            no         free text, at most 2,000 characters
==============  =========  ========================================================

Columns the export adds for people to read (``area_name``, ``measure_title``) are
ignored on import, so an exported file imports unchanged (a round trip).

In a file, a row with no figure at all (value, numerator, denominator, confidence limits
and sample size all blank) is skipped and reported as "skipped: no value": a template
for an agreement and period has a row for every figure, filled in as they become known.
A row with other figures but no value is an error. The JSON API needs every value.
"""

from __future__ import annotations

REQUIRED_COLUMNS = ("measure", "area", "period", "value")
OPTIONAL_COLUMNS = (
    "group",
    "numerator",
    "denominator",
    "ci_lower",
    "ci_upper",
    "sample_size",
    "status",
    "note",
)
COLUMNS = (
    "measure",
    "area",
    "period",
    "group",
    "value",
    "numerator",
    "denominator",
    "ci_lower",
    "ci_upper",
    "sample_size",
    "status",
    "note",
)
INFORMATION_COLUMNS = ("area_name", "measure_title")
EXPORT_COLUMNS = (*COLUMNS, *INFORMATION_COLUMNS)
NUMBER_COLUMNS = ("value", "numerator", "denominator", "ci_lower", "ci_upper")
WHOLE_NUMBER_COLUMNS = ("sample_size",)
CODE_COLUMNS = ("measure", "area", "period", "group")

MAX_NOTE_LENGTH = 2000
# What an XLSX cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): refused in notes, so
# that every stored figure can be exported to both formats.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
# PostgreSQL ``integer``: the largest sample size the store can hold.
MAX_SAMPLE_SIZE = 2_147_483_647

GROUP_SEPARATOR = ":"
WHOLE_POPULATION_CODES = frozenset({"", "all", "all:all"})


def header_name(text: str) -> str:
    """A header cell as a column name: trimmed, lower case, spaces as underscores.

    >>> header_name("  CI Lower ")
    'ci_lower'
    >>> header_name("\\ufeffMeasure")
    'measure'
    """
    return "_".join(text.replace("\ufeff", "").strip().lower().replace("-", "_").split())
