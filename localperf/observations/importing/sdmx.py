"""Observations as SDMX-CSV 2.0 (the CSV data message of SDMX 3.0), out and in (rule M6:
authorities keep their own systems and exchange figures by agreed standards).

The whole definition is in ``docs/SDMX.md``; in short, one dataflow, ``DATAFLOW_ID``
(``LOCALPERF:NIS_OBS(1.0.0)``), one row per figure:

=============  ===========  ============================================================
column         role         codes
=============  ===========  ============================================================
STRUCTURE      control      ``dataflow``
STRUCTURE_ID   control      ``LOCALPERF:NIS_OBS(1.0.0)``
ACTION         control      ``R`` (replace): the row's figure, with all its attributes
INDICATOR      dimension    the measure's code, a space written as ``_``: ``NI_157a``
REF_AREA       dimension    GSS code (``E06000001``); the older ONS code is read too
TIME_PERIOD    dimension    ``2008-04-01/P1Y`` … (``calculations.sdmx_periods``)
POP_GROUP      dimension    ``_T`` whole population, else breakdown_group: ``AGE_16-24``
OBS_VALUE      measure      the figure, in the measure's unit
OBS_STATUS     attribute    ``A`` normal (final) or ``P`` provisional (CL_OBS_STATUS)
UNIT_MEASURE   attribute    the measure's unit, in words (written, not read)
CI_LOWER/…     attributes   ``CI_LOWER``, ``CI_UPPER``, ``NUMERATOR``, ``DENOMINATOR``,
                            ``SAMPLE_SIZE``, ``COMMENT_OBS`` (the note)
RELEASED       attribute    ``Y`` public (final, or provisional and released), else ``N``
CORRECTED      attribute    ``Y`` the figure corrects an earlier one (written, not read)
=============  ===========  ============================================================

Reading turns the rows into the import layout's cells, so every check of ``validate``,
the dry run and the all-or-nothing write apply unchanged; what is wrong only in SDMX
terms (the structure, an action, a time period, a group code's form, a status code) is
refused here, on its line and column. ``problems_in_file_terms`` then names the layout's
columns and suggestions the SDMX way, so every message speaks the file's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from localperf.calculations.nearest import CodeIndex
from localperf.calculations.periods import PeriodError, period_parse
from localperf.calculations.sdmx_periods import looks_like_sdmx, period_from_sdmx, period_to_sdmx
from localperf.observations.importing.layout import GROUP_SEPARATOR
from localperf.observations.importing.results import FileError, Problem
from localperf.observations.models import ImportFormat
from localperf.places.models import PopulationDimension

SDMX_CSV = str(ImportFormat.SDMX_CSV)
AGENCY = "LOCALPERF"
DATAFLOW = "NIS_OBS"
VERSION = "1.0.0"
DATAFLOW_ID = f"{AGENCY}:{DATAFLOW}({VERSION})"
MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0"
STRUCTURE_TYPE = "dataflow"
REPLACE = "R"
ACTIONS = {"I": "Information", "A": "Append", "R": "Replace", "D": "Delete"}
TOTAL = "_T"
STATUS_CODES = {"A": "final", "P": "provisional"}
STATUS_OF = {status: code for code, status in STATUS_CODES.items()}

CONTROL = ("STRUCTURE", "STRUCTURE_ID", "ACTION")
DIMENSIONS = {"INDICATOR": "measure", "REF_AREA": "area", "TIME_PERIOD": "period",
              "POP_GROUP": "group"}  # fmt: skip
COMPONENTS = {
    **DIMENSIONS,
    "OBS_VALUE": "value",
    "OBS_STATUS": "status",
    "CI_LOWER": "ci_lower",
    "CI_UPPER": "ci_upper",
    "NUMERATOR": "numerator",
    "DENOMINATOR": "denominator",
    "SAMPLE_SIZE": "sample_size",
    "COMMENT_OBS": "note",
}
# Written for people and other systems; on the way in they are the service's to say (a
# release publishes a figure, a correction supersedes one), so they are read past.
INFORMATION = ("UNIT_MEASURE", "RELEASED", "CORRECTED", "STRUCTURE_NAME", "SERIES_KEY",
               "OBS_KEY")  # fmt: skip
READ_COLUMNS = (*CONTROL, *COMPONENTS)
KNOWN = (*READ_COLUMNS, *INFORMATION)
EXPORT_COLUMNS = (*CONTROL, "INDICATOR", "REF_AREA", "TIME_PERIOD", "POP_GROUP", "OBS_VALUE",
                  "OBS_STATUS", "UNIT_MEASURE", "CI_LOWER", "CI_UPPER", "NUMERATOR",
                  "DENOMINATOR", "SAMPLE_SIZE", "COMMENT_OBS", "RELEASED", "CORRECTED")  # fmt: skip
SDMX_NAME_OF = {layout: sdmx for sdmx, layout in COMPONENTS.items()}

_NOT_ID = re.compile(r"[^A-Za-z0-9_@$\-]")
_BREAKDOWNS = sorted(
    (d for d in PopulationDimension.values if d != PopulationDimension.ALL), key=len, reverse=True
)


# --- codes --------------------------------------------------------------------------


def measure_code_sdmx(code: str) -> str:
    """A measure's code as an SDMX id (letters, digits, ``_ @ $ -``). The importer reads it
    back as it reads "NI 157a", since a measure's code ignores spaces, dashes and ``_``.

    >>> measure_code_sdmx("NI 157a"), measure_code_sdmx("KENT-GVA")
    ('NI_157a', 'KENT-GVA')
    """
    return _NOT_ID.sub("_", code.strip())


def group_code_sdmx(group: str) -> str:
    """A population group ("" or "age:16-24") as its SDMX code.

    >>> group_code_sdmx(""), group_code_sdmx("age:16-24")
    ('_T', 'AGE_16-24')
    >>> group_code_sdmx("client_group:care-leavers")
    'CLIENT_GROUP_CARE-LEAVERS'
    """
    if not group:
        return TOTAL
    dimension, _, code = group.partition(GROUP_SEPARATOR)
    return measure_code_sdmx(f"{dimension}_{code}").upper()


def group_from_sdmx(text: str) -> str:
    """The import layout's group of an SDMX ``POP_GROUP`` code; ``ValueError`` saying what
    the code should look like when its breakdown is not one there is.

    >>> group_from_sdmx("_T"), group_from_sdmx("AGE_16-24")
    ('', 'age:16-24')
    >>> group_from_sdmx("client_group_care-leavers")
    'client_group:care-leavers'
    """
    code = text.strip()
    if code.upper() == TOTAL:
        return ""
    for breakdown in _BREAKDOWNS:
        prefix = f"{breakdown}_"
        if code.lower().startswith(prefix) and len(code) > len(prefix):
            return f"{breakdown}{GROUP_SEPARATOR}{code[len(prefix) :].lower()}"
    breakdowns = ", ".join(
        b.upper() for b in PopulationDimension.values if b != PopulationDimension.ALL
    )
    raise ValueError(
        f"'{code}' is not a population group code: write {TOTAL} for the whole population, "
        f"or the breakdown ({breakdowns}) and the group joined by _, such as AGE_16-24."
    )


def period_from_time(text: str) -> str:
    """The label of the period a ``TIME_PERIOD`` names: an SDMX time period, or the
    service's own label ("2008/09 Q1") for a file typed by hand; ``PeriodError`` else.

    >>> period_from_time("2008-07-01/P3M"), period_from_time("2008/09 Q2")
    ('2008/09 Q2', '2008/09 Q2')
    """
    text = text.strip()
    if looks_like_sdmx(text):
        return period_from_sdmx(text).label
    return period_parse(text).label


# --- the header -----------------------------------------------------------------------


def component_of(cell: str) -> str:
    """A header cell's component id: a label after ": " and a ``[…]`` term dropped.

    >>> component_of(" STRUCTURE[;]"), component_of("INDICATOR: Indicator")
    ('STRUCTURE', 'INDICATOR')
    >>> component_of("obs_value")
    'OBS_VALUE'
    """
    text = cell.replace("\ufeff", "").strip().split(": ", 1)[0]
    return text.split("[", 1)[0].strip().upper()


def is_sdmx_csv(first_line: str) -> bool:
    """Whether a CSV file's first line is an SDMX-CSV header (2.0 ``STRUCTURE``, or the
    1.0 ``DATAFLOW`` that ``header_read`` refuses by name)."""
    first = first_line.replace("\ufeff", "").lstrip().lstrip('"').upper()
    return first.startswith(("STRUCTURE", "DATAFLOW"))


def delimiter_of(first_line: str) -> str:
    """SDMX-CSV names its separator: the character after the first header term.

    >>> delimiter_of("STRUCTURE,STRUCTURE_ID"), delimiter_of("STRUCTURE[|];STRUCTURE_ID")
    (',', ';')
    """
    match = re.match(r'\s*"?STRUCTURE(?:\[[^\]]*\])?"?(.)', first_line.lstrip("\ufeff"), re.I)
    return match[1] if match and match[1] in ",;\t|" else ","


def header_read(cells: list[str]) -> list[str]:
    """The component of each column ("" for a nameless one); ``FileError`` naming every
    column that is unknown, repeated or missing, or a file of SDMX-CSV 1.0."""
    names = [component_of(cell) for cell in cells]
    if names and names[0] == "DATAFLOW":
        raise FileError([Problem(1, "DATAFLOW", _VERSION_ONE)])
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known = CodeIndex(KNOWN)
    for position, name in enumerate(names, start=1):
        if name in seen:
            problems.append(
                Problem(1, name, f"The column appears twice (columns {seen[name]} and {position}).")
            )
        elif name and name not in KNOWN:
            problems.append(Problem(1, name, _UNKNOWN_COLUMN, suggestion=known.nearest(name)))
        seen.setdefault(name, position)
    if names and names[0] != "STRUCTURE":
        problems.append(Problem(1, names[0], "An SDMX-CSV file's first column is STRUCTURE."))
    for required in (*CONTROL, *DIMENSIONS, "OBS_VALUE"):
        if required not in seen:
            problems.append(Problem(1, required, _MISSING.get(required, _MISSING_COLUMN)))
    if problems:
        raise FileError(problems)
    return names


_VERSION_ONE = (
    f"This is SDMX-CSV 1.0 (SDMX 2.1), whose first column is DATAFLOW; this service reads "
    f"SDMX-CSV 2.0 (SDMX 3.0): STRUCTURE,STRUCTURE_ID,ACTION, then the components, with "
    f"{STRUCTURE_TYPE},{DATAFLOW_ID},{REPLACE} on every row."
)
_UNKNOWN_COLUMN = (
    f"is not a component of {DATAFLOW_ID}; the columns are {', '.join(EXPORT_COLUMNS)}."
)
_MISSING_COLUMN = "This column is missing from the header: every row needs it."
_MISSING = {
    "ACTION": f"The ACTION column is missing (SDMX then means I, information): add it, with "
    f"{REPLACE} (replace) on every row.",
    **{
        dimension: f"The dimension {dimension} is missing from the header: every figure needs "
        f"all four ({', '.join(DIMENSIONS)})."
        for dimension in DIMENSIONS
    },
}


# --- the rows -------------------------------------------------------------------------


def rows_read(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """The rows of an SDMX-CSV file (``line`` and the ``READ_COLUMNS`` as text) as the
    import layout's cells, and a problem for each cell wrong in SDMX terms; a row with
    one is left out (it is rejected, whatever else it holds)."""
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in READ_COLUMNS if c not in frame.columns
    )
    # Blank lines (Polars keeps them as empty rows) are no rows at all.
    frame = frame.filter(
        pl.any_horizontal(pl.col(c).str.strip_chars().str.len_chars() > 0 for c in READ_COLUMNS)
    )
    checks: list[tuple[str, Callable[[str], str]]] = [
        ("STRUCTURE", _structure),
        ("STRUCTURE_ID", _structure_id),
        ("ACTION", _action),
        ("TIME_PERIOD", period_from_time),
        ("POP_GROUP", _group),
        ("OBS_STATUS", _status),
    ]
    problems: list[Problem] = []
    bad_lines: set[int] = set()
    for column, translate in checks:
        frame, found = _translated(frame, column, translate)
        problems.extend(found)
        bad_lines.update(p.line for p in found)
    if bad_lines:
        frame = frame.filter(~pl.col("line").is_in(sorted(bad_lines)))
    rows = frame.select("line", *(pl.col(c).alias(layout) for c, layout in COMPONENTS.items()))
    return rows, problems


def _translated(
    frame: pl.DataFrame, column: str, translate: Callable[[str], str]
) -> tuple[pl.DataFrame, list[Problem]]:
    """Each distinct cell of ``column`` translated once; the rows whose cell cannot be,
    as problems naming the line and the column."""
    answers: dict[str, str] = {}
    wrong: dict[str, str] = {}
    for text in frame[column].drop_nulls().unique().to_list():
        try:
            answers[text] = translate(text)
        except ValueError as error:  # PeriodError is one
            wrong[text] = str(error)
    cell = pl.col(column)
    blank = cell.is_null() | (cell.str.strip_chars() == "")
    # A blank status is provisional, as in every import; every other column needs a value.
    if column != "OBS_STATUS":
        wrong_or_blank = cell.is_in(list(wrong)) | blank
    else:
        wrong_or_blank = cell.is_in(list(wrong))
    found: list[Problem] = []
    failing = frame.filter(wrong_or_blank)
    for line, text in failing.select("line", column).iter_rows():
        message = wrong.get(text) if text and text.strip() else _BLANK.get(column, _BLANK_CELL)
        found.append(Problem(line, column, message or _BLANK_CELL))
    translated = cell.replace_strict(answers, default=None, return_dtype=pl.String)
    return frame.with_columns(translated.alias(column)), found


_BLANK_CELL = "This cell is empty: every row needs it."
_BLANK = {
    "ACTION": f"The ACTION is empty: write {REPLACE} (replace).",
    "STRUCTURE": f"The STRUCTURE is empty: write {STRUCTURE_TYPE}.",
    "STRUCTURE_ID": f"The STRUCTURE_ID is empty: write {DATAFLOW_ID}.",
    "TIME_PERIOD": "The dimension TIME_PERIOD is empty: every figure is for a period.",
    "POP_GROUP": f"The dimension POP_GROUP is empty: write {TOTAL} for the whole population.",
}


def _structure(text: str) -> str:
    if text.strip().lower() != STRUCTURE_TYPE:
        raise ValueError(
            f"'{text.strip()}' is not a structure this service reads: the figures are a "
            f"{STRUCTURE_TYPE} ({DATAFLOW_ID})."
        )
    return text


def _structure_id(text: str) -> str:
    versionless = DATAFLOW_ID.split("(", 1)[0]
    if text.strip().upper() not in {DATAFLOW_ID, versionless}:
        raise ValueError(
            f"'{text.strip()}' is not this service's dataflow: write {DATAFLOW_ID} (see "
            "docs/SDMX.md for its dimensions, attributes and code lists)."
        )
    return text


_UNSUPPORTED = {
    "I": "an information message loads as an append, and an append keeps what a row leaves "
    "blank, while here a figure is always replaced whole, with the attributes its row gives",
    "A": "an append keeps what a row leaves blank, while here a figure is always replaced "
    "whole, with the attributes its row gives",
    "D": "figures are never deleted: send the right figure, and the old one is kept in its history",
}


def _action(text: str) -> str:
    code = text.strip().upper()
    if code == REPLACE:
        return code
    if code not in ACTIONS:
        raise ValueError(f"'{text.strip()}' is not an SDMX action: write {REPLACE} (replace).")
    raise ValueError(
        f"The action {code} ({ACTIONS[code]}) is not supported: {_UNSUPPORTED[code]}. "
        f"Write {REPLACE} (replace)."
    )


def _group(text: str) -> str:
    return group_from_sdmx(text)


def _status(text: str) -> str:
    code = text.strip().upper()
    if code in STATUS_CODES:
        return STATUS_CODES[code]
    raise ValueError(
        f"'{text.strip()}' is not an OBS_STATUS this service holds: A (normal value, final) or "
        "P (provisional)."
    )


# --- messages in the file's terms ---------------------------------------------------------


def problems_in_file_terms(problems: pl.DataFrame) -> pl.DataFrame:
    """The layout's column names and suggestions ("NI 157a", "age:16-24", "2008/09 Q1")
    as an SDMX-CSV file writes them (INDICATOR "NI_157a", POP_GROUP "AGE_16-24",
    TIME_PERIOD "2008-04-01/P3M")."""
    if not problems.height:
        return problems
    writers = {"INDICATOR": measure_code_sdmx, "POP_GROUP": group_code_sdmx,
               "TIME_PERIOD": _period_sdmx}  # fmt: skip
    problems = problems.with_columns(pl.col("column").replace(SDMX_NAME_OF))
    for column, write in writers.items():
        rows = problems.filter((pl.col("column") == column) & (pl.col("suggestion") != ""))
        mapping = {s: write(s) for s in rows["suggestion"].unique().to_list()}
        if mapping:
            problems = problems.with_columns(
                pl.when(pl.col("column") == column)
                .then(pl.col("suggestion").replace(mapping))
                .otherwise(pl.col("suggestion"))
                .alias("suggestion")
            )
    return problems


def _period_sdmx(label: str) -> str:
    try:
        return period_to_sdmx(label)
    except PeriodError:
        return label


# --- writing --------------------------------------------------------------------------


def frame_sdmx(frame: pl.DataFrame) -> pl.DataFrame:
    """Observations in the export's columns (``export.PROVENANCE_SCHEMA``) as the rows of
    an SDMX-CSV message, in ``EXPORT_COLUMNS``; each distinct code translated once."""

    def coded(column: str, write: Callable[[str], str]) -> pl.Expr:
        mapping = {text: write(text) for text in frame[column].fill_null("").unique().to_list()}
        return pl.col(column).fill_null("").replace_strict(mapping, return_dtype=pl.String)

    return frame.select(
        STRUCTURE=pl.lit(STRUCTURE_TYPE),
        STRUCTURE_ID=pl.lit(DATAFLOW_ID),
        ACTION=pl.lit(REPLACE),
        INDICATOR=coded("measure", measure_code_sdmx),
        REF_AREA=pl.col("area"),
        TIME_PERIOD=coded("period", period_to_sdmx),
        POP_GROUP=coded("group", group_code_sdmx),
        OBS_VALUE=pl.col("value"),
        OBS_STATUS=pl.col("status").replace_strict(STATUS_OF, default=None),
        UNIT_MEASURE=pl.col("unit"),
        CI_LOWER=pl.col("ci_lower"),
        CI_UPPER=pl.col("ci_upper"),
        NUMERATOR=pl.col("numerator"),
        DENOMINATOR=pl.col("denominator"),
        SAMPLE_SIZE=pl.col("sample_size"),
        COMMENT_OBS=pl.when(pl.col("note") == "").then(None).otherwise(pl.col("note")),
        RELEASED=pl.col("released"),
        CORRECTED=pl.col("corrected"),
    )
