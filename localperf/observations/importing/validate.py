"""Checking every row of an import at once: each distinct code looked up once, then
vectorised rules over the whole frame. Each problem names the line, the column and the
reason, and for a mistyped code the nearest valid one (``calculations.nearest``: for the
first few distinct unknown codes of each column, so a file of thousands costs no more).

Errors reject the row. Warnings (a period before the area existed, a deferred indicator
before its first year) do not; outliers are found later, by ``plan``, against the
series already stored.

A file may leave rows without figures (``skip_blank``): a template downloaded for an
agreement and period has a row for every figure its targets need, and a return is often
sent before every figure is known. A row with no figure at all (no value, numerator,
denominator, confidence limit or sample size) is then set aside as *skipped: no value*
and nothing else in it is checked, since it would change nothing. A row with some figures
but no value is still an error: a value was meant and is missing.

The natural key (period, measure, area, group) is packed into one 64-bit integer
(``key``) from dense positions, so that duplicates, the comparison with stored figures
and the write order need one integer column instead of four.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from localperf.calculations.nearest import CodeIndex, suggestions
from localperf.calculations.periods import (
    PeriodError,
    financial_year,
    half_year,
    period_parse,
    quarter,
    rolling_three_year,
    survey_round,
)
from localperf.observations.importing.layout import (
    MAX_NOTE_LENGTH,
    MAX_SAMPLE_SIZE,
    NUMBER_COLUMNS,
)
from localperf.observations.importing.limits import import_limits
from localperf.observations.importing.parse import ParsedFile
from localperf.observations.importing.reference import (
    PERIOD_KIND_BITS,
    Dimensions,
    group_key,
    measure_key,
)
from localperf.observations.importing.results import (
    ERROR,
    PROBLEM_SCHEMA,
    WARNING,
    FileError,
    Problem,
    empty_problems,
    problems_frame,
)
from localperf.observations.importing.rights_check import (
    local_supplier_problems,
    rights_problems,
)
from localperf.observations.models import ObservationStatus, PeriodKindChoice
from localperf.observations.rights import FigureRights
from localperf.web.downloads import frame_inert_undone

STATUSES = tuple(ObservationStatus.values)
INVALID = "invalid"
# What an XLSX cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): refused in notes, so
# that every stored figure can be exported to both formats.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
STATUS_TYPE = pl.Enum([*STATUSES, INVALID])
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
KIND_NAMES = {kind: f"a {label.lower()}" for kind, label in PeriodKindChoice.choices}
# A row with none of these filled carries no figure: skipped when the caller allows it.
FIGURE_COLUMNS = (*NUMBER_COLUMNS, "sample_size")
# Bits of the packed key, most significant first, in the unique index's order.
KEY_BITS = {"period_no": 15, "measure_ix": 16, "area_ix": 20, "group_ix": 12}


@dataclass
class Checked:
    """The rows with their ids and typed values, and every problem found."""

    rows: pl.DataFrame
    problems: pl.DataFrame
    periods: pl.DataFrame  # the file's distinct periods: period_no, label, kind, dates
    skipped: pl.DataFrame | None = None  # rows with no figure, as read (see skip_blank)

    @property
    def skipped_count(self) -> int:
        return self.skipped.height if self.skipped is not None else 0

    @property
    def rejected_lines(self) -> list[int]:
        errors = self.problems.filter(pl.col("severity") == ERROR)
        return errors["line"].unique().to_list()

    def valid(self) -> pl.DataFrame:
        rejected = self.rejected_lines
        if not rejected:
            return self.rows.filter(pl.col("key").is_not_null())
        return self.rows.filter(~pl.col("line").is_in(rejected) & pl.col("key").is_not_null())


def observations_check(
    parsed: ParsedFile,
    dimensions: Dimensions,
    *,
    rights: FigureRights | None = None,
    local_measure_ids: Iterable[int] | None = None,
    skip_blank: bool = False,
) -> Checked:
    """Every problem of every row.

    ``rights``: what the submitter may write (``observations.rights``); None for any
    figure. ``local_measure_ids``: None for any local indicator's measure, else the only ones the
    source organisation may supply (rule D9: its own, and those of targets it signed up
    to). ``skip_blank``: set rows without any figure aside (``Checked.skipped``) instead
    of rejecting them for their empty value."""
    raw, skipped = parsed.rows, None
    if skip_blank:
        no_figure = pl.all_horizontal(blank(column) for column in FIGURE_COLUMNS)
        skipped = raw.filter(no_figure)
        if skipped.height:
            raw = raw.filter(~no_figure)
    _period_count_check(raw["period"])
    periods = _periods(raw["period"])
    key_capacity_check(dimensions, periods.height)
    rows = _resolved(raw, dimensions, periods)
    found = [
        problems_frame(parsed.problems),
        *_required(rows),
        *_unknown_codes(rows, dimensions, periods),
        *_numbers(rows),
        *_status_and_note(rows),
        *_domain_rules(rows, dimensions),
        *rights_problems(rows, rights, dimensions),
        *local_supplier_problems(rows, rights, local_measure_ids, dimensions),
        _duplicates(rows, dimensions),
    ]
    problems = pl.concat(
        [empty_problems(), *(f for f in found if f.height)], how="vertical_relaxed"
    )
    problems = problems.cast(PROBLEM_SCHEMA).sort("line", maintain_order=True)
    return Checked(rows=rows, problems=problems, periods=periods, skipped=skipped)


# --- reading the cells ------------------------------------------------------------


def _spread(column: pl.Series, lookup: Callable[[str], object], dtype: pl.DataType) -> pl.Series:
    """Look each distinct value up once; spread the answers over the rows."""
    distinct = column.drop_nulls().unique().to_list()
    answers = {value: lookup(value) for value in distinct}
    return column.replace_strict(answers, default=None, return_dtype=dtype)


def _status_of(text: str) -> str | None:
    """The status a cell names; blank is provisional (only a release, or a final status
    from someone who may publish, makes a figure public); anything else is "invalid"."""
    status = text.strip().lower()
    if not status:
        return ObservationStatus.PROVISIONAL.value
    return status if status in STATUSES else INVALID


def blank(column: str) -> pl.Expr:
    """Null, or nothing but spaces."""
    return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")


def _resolved(raw: pl.DataFrame, dimensions: Dimensions, periods: pl.DataFrame) -> pl.DataFrame:
    measure_ix = {pk: i for i, pk in enumerate(dimensions.measures["measure_id"].to_list())}
    area_ix = {pk: i for i, pk in enumerate(dimensions.areas["area_id"].to_list())}
    group_ix = {pk: i for i, pk in enumerate(dimensions.groups["group_id"].to_list())}
    period_no = {row[0]: row[1] for row in periods.select("period_text", "period_no").iter_rows()}
    rows = raw.with_columns(
        # Each code's id, from its distinct values; the text stays as written, for messages.
        _spread(
            raw["measure"], lambda v: dimensions.measure_ids.get(measure_key(v)), pl.Int64
        ).alias("measure_id"),
        _spread(raw["area"], lambda v: dimensions.area_ids.get(v.strip().upper()), pl.Int64).alias(
            "area_id"
        ),
        _spread(raw["group"].fill_null(""), _group_lookup(dimensions), pl.Int64).alias("group_id"),
        _spread(raw["period"], period_no.get, pl.Int64).alias("period_no"),
        _spread(raw["status"], _status_of, STATUS_TYPE)
        .fill_null(ObservationStatus.PROVISIONAL.value)
        .alias("status_value"),
        # A note from one of our files may carry the spreadsheet's text mark: taken off.
        frame_inert_undone(pl.col("note")).str.strip_chars().fill_null("").alias("note_value"),
        *(_number(raw, c) for c in (*NUMBER_COLUMNS, "sample_size")),
    )
    # What the rules need per row, from the small frames: joined onto the id column alone
    # and laid beside the rows (a join would copy every column of the wide frame).
    attributes = [
        _beside(rows, "measure_id", dimensions.measures),
        _beside(rows, "area_id", dimensions.areas),
        _beside(rows, "group_id", dimensions.groups),
        _beside(rows, "period_no", periods.drop("period_text", "period_error")),
    ]
    rows = rows.hstack([column for frame in attributes for column in frame.iter_columns()])
    rows = rows.with_columns(
        sample_size_int=pl.when(pl.col("sample_size_number").is_finite())
        .then(pl.col("sample_size_number").clip(-1, MAX_SAMPLE_SIZE + 1).cast(pl.Int64))
        .otherwise(None),
        measure_ix=pl.col("measure_id").replace_strict(measure_ix, default=None),
        area_ix=pl.col("area_id").replace_strict(area_ix, default=None),
        group_ix=pl.col("group_id").replace_strict(group_ix, default=None),
    )
    return rows.with_columns(key=packed_key())


def _beside(rows: pl.DataFrame, key: str, small: pl.DataFrame) -> pl.DataFrame:
    """``small``'s columns for each row's ``key``, in row order (``small`` has one row per key)."""
    matched = rows.select(key).join(small, on=key, how="left", maintain_order="left")
    return matched.drop(key)


def _group_lookup(dimensions: Dimensions) -> Callable[[str], int | None]:
    return lambda text: dimensions.group_ids.get(group_key(text))


def packed_key() -> pl.Expr:
    """(period, measure, area, group) as one Int64; null if any part is unknown."""
    key = pl.lit(0, dtype=pl.Int64)
    for column, bits in KEY_BITS.items():
        key = key * (1 << bits) + pl.col(column).cast(pl.Int64)
    return key


def _period_count_check(labels: pl.Series) -> None:
    """A file naming more different periods than the packed key holds is refused
    (``FileError``) before any is parsed: a hostile file of a million made-up labels
    would otherwise cost a parse and a message each."""
    count = labels.drop_nulls().n_unique()
    most = (1 << KEY_BITS["period_no"]) - 1
    if count > most:
        raise FileError(
            [
                Problem(
                    0,
                    "period",
                    f"The file names {count:,} different periods; an import takes at most "
                    f"{most:,}: split it into smaller files.",
                )
            ]
        )


def key_capacity_check(dimensions: Dimensions, period_count: int) -> None:
    sizes = {
        "measure_ix": dimensions.measures.height,
        "period_no": period_count,
        "area_ix": dimensions.areas.height,
        "group_ix": dimensions.groups.height,
    }
    for column, size in sizes.items():
        if size >= 1 << KEY_BITS[column]:
            raise OverflowError(f"too many {column.split('_')[0]}s for the packed key")


def _number(raw: pl.DataFrame, column: str) -> pl.Expr:
    """The cell as a float; text with spaces around it is read too (a rare, slower path)."""
    text = pl.col(column)
    direct = text.cast(pl.Float64, strict=False)
    number = pl.when(direct.is_null() & text.is_not_null()).then(
        text.str.strip_chars().cast(pl.Float64, strict=False)
    )
    # + 0.0 turns -0 into 0, so that "-0" and "0" are the same figure.
    return (pl.coalesce(direct, number) + 0.0).alias(f"{column}_number")


def _periods(labels: pl.Series) -> pl.DataFrame:
    """Each distinct label as written → its canonical label, kind and dates, or the error."""
    records = []
    canonical: dict[str, int] = {}
    for text in labels.drop_nulls().unique().sort().to_list():
        try:
            period = period_parse(text)
        except PeriodError as error:
            records.append((text, None, None, None, None, None, None, str(error)))
            continue
        number = canonical.setdefault(period.label, len(canonical))
        kind = period.kind.value
        records.append(
            (
                text,
                number,
                period.label,
                kind,
                PERIOD_KIND_BITS[kind],
                period.start,
                period.end,
                None,
            )
        )
    return pl.DataFrame(
        records,
        schema={
            "period_text": pl.String,
            "period_no": pl.Int64,
            "period_label": pl.String,
            "period_kind": pl.String,
            "p_kind_bit": pl.Int64,
            "period_start": pl.Date,
            "period_end": pl.Date,
            "period_error": pl.String,
        },
        orient="row",
    )


# --- problems -----------------------------------------------------------------------


def _problem(
    rows: pl.DataFrame,
    condition: pl.Expr,
    column: str,
    message: pl.Expr | str,
    *,
    dimensions: Dimensions | None = None,
    suggestion: pl.Expr | None = None,
    severity: str = ERROR,
) -> pl.DataFrame:
    """The rows meeting ``condition`` as problems; the words for the message (codes,
    units) are joined onto the failing rows only."""
    failing = rows.filter(condition)
    if not failing.height:
        return empty_problems()
    if dimensions is not None:
        failing = failing.join(dimensions.measure_info, on="measure_id", how="left").join(
            dimensions.area_info, on="area_id", how="left"
        )
    message = pl.lit(message) if isinstance(message, str) else message
    return failing.select(
        line=pl.col("line"),
        column=pl.lit(column),
        message=message,
        suggestion=suggestion if suggestion is not None else pl.lit(""),
        severity=pl.lit(severity),
    )


def _required(rows: pl.DataFrame) -> list[pl.DataFrame]:
    # Only rows without an id (or a number) can be blank: test those alone.
    unresolved = {
        "measure": "measure_id",
        "area": "area_id",
        "period": "period_no",
        "value": "value_number",
    }
    # A value left out beside other figures: name them, since a skipped row needs none.
    others = [column for column in FIGURE_COLUMNS if column != "value"]
    given = pl.concat_str(
        [pl.when(~blank(column)).then(pl.lit(column)) for column in others],
        separator=", ",
        ignore_nulls=True,
    )
    return [
        _problem(
            rows.filter(pl.col(resolved).is_null()),
            blank(column),
            column,
            "is empty; a value is required."
            if column != "value"
            else pl.when(given != "")
            .then(
                pl.format(
                    "is empty, but the row gives {}: give the value as well, or clear the "
                    "row's figures to leave it out.",
                    given,
                )
            )
            .otherwise(pl.lit("is empty; a value is required.")),
        )
        for column, resolved in unresolved.items()
    ]


def _unknown_codes(
    rows: pl.DataFrame, dimensions: Dimensions, periods: pl.DataFrame
) -> list[pl.DataFrame]:
    deleted_keys = set(dimensions.deleted_measure_keys)
    bare_local = dimensions.bare_local_codes
    unknown_measure = _unresolved(rows, "measure", "measure_id")
    unknown_measure = unknown_measure.with_columns(
        # Each distinct code once: a file may hold a million unknown ones.
        deleted=_spread(
            unknown_measure["measure"], lambda v: measure_key(v) in deleted_keys, pl.Boolean
        ),
        bare_local=_spread(
            unknown_measure["measure"], lambda v: bare_local.get(measure_key(v), ""), pl.String
        ),
    )
    unknown_area = _unresolved(rows, "area", "area_id")
    bad_period = _unresolved(rows, "period", "period_no")
    unknown_group = rows.filter(pl.col("group_id").is_null())
    if bad_period.height:
        # Each label was parsed once, in ``_periods``: its error is read from there.
        errors = periods.filter(pl.col("period_error").is_not_null())
        bad_period = bad_period.join(
            errors.select("period_text", "period_error"),
            left_on="period",
            right_on="period_text",
            how="left",
        )
    return [
        _hinted(
            unknown_measure,
            "measure",
            _measure_hint(dimensions),
            pl.when(pl.col("deleted"))
            .then(
                pl.format(
                    "{} was deleted from the National Indicator Set (rule D1).", pl.col("measure")
                )
            )
            .when(pl.col("bare_local") != "")
            .then(
                pl.format(
                    "{} is a local indicator (rule D9) with no measure to hold its figures "
                    "yet: an administrator adds one to the indicator first.",
                    pl.col("bare_local"),
                )
            )
            .otherwise(
                pl.format(
                    "There is no measure with the code '{}'; codes look like 'NI 195' or "
                    "'NI 157a', or a local indicator's own code.",
                    pl.col("measure"),
                )
            ),
        ),
        _hinted(
            unknown_area,
            "area",
            _area_hint(dimensions),
            pl.format(
                "There is no area with the code '{}'; give its GSS code (e.g. E06000001) "
                "or its older ONS code (e.g. 00EB).",
                pl.col("area"),
            ),
        ),
        _hinted(
            bad_period,
            "period",
            _period_hint,
            pl.when(pl.col("period").str.contains(ISO_DATE.pattern))
            .then(
                pl.format(
                    "'{}' is a date, not a period label: a spreadsheet may have turned the "
                    "label into a date; format the column as text and type e.g. 2008/09.",
                    pl.col("period"),
                )
            )
            .otherwise(pl.col("period_error")),
        ),
        _hinted(
            unknown_group,
            "group",
            _group_hint(dimensions),
            pl.format(
                "There is no population group '{}'; write dimension:code, e.g. 'age:16-24', "
                "or leave it blank for the whole population.",
                pl.col("group"),
            ),
        ),
    ]


def _unresolved(rows: pl.DataFrame, column: str, resolved: str) -> pl.DataFrame:
    """Rows whose code was given (not blank) but found nothing."""
    return rows.filter(pl.col(resolved).is_null()).filter(~blank(column))


def _hinted(
    failing: pl.DataFrame, column: str, nearest: Callable[[str], str], message: pl.Expr
) -> pl.DataFrame:
    """The failing rows as problems, with a suggestion for the first distinct codes of the
    column (``LOCALPERF_IMPORT_SUGGESTIONS``, in line order); the rows of the others say
    that theirs has none, so thousands of unknown codes cost no more than a few."""
    if not failing.height:
        return empty_problems()
    cap = import_limits().suggestions
    distinct = failing[column].drop_nulls().unique(maintain_order=True).head(cap)
    answers = suggestions(distinct.to_list(), nearest, cap=cap)
    hints = pl.DataFrame(
        {"text": list(answers), "hint": list(answers.values())},
        schema={"text": pl.String, "hint": pl.String},
    )
    joined = failing.join(hints, left_on=column, right_on="text", how="left")
    unanswered = pl.col("hint").is_null() & pl.col(column).is_not_null()
    return joined.select(
        line=pl.col("line"),
        column=pl.lit(column),
        message=pl.when(unanswered)
        .then(
            pl.concat_str(
                message,
                pl.lit(
                    f" (No suggestion: only the first {cap:,} different unknown codes in a "
                    "column get one.)"
                ),
            )
        )
        .otherwise(message),
        suggestion=pl.col("hint").fill_null(""),
        severity=pl.lit(ERROR),
    )


def _measure_hint(dimensions: Dimensions) -> Callable[[str], str]:
    by_key = {measure_key(code): code for code in dimensions.measure_codes}
    index = CodeIndex(by_key)

    def nearest(text: str) -> str:
        key = measure_key(text)
        if key and (key.isdigit() or key[:-1].isdigit()):
            key = f"NI{key}"
        if key in by_key:
            return by_key[key]
        found = index.nearest(key)
        return by_key[found] if found else ""

    return nearest


def _area_hint(dimensions: Dimensions) -> Callable[[str], str]:
    by_name = {name.lower(): code for code, name in dimensions.area_names.items()}
    index = CodeIndex(dimensions.area_codes)

    def nearest(text: str) -> str:
        if text.lower() in by_name:
            return by_name[text.lower()]
        return index.nearest(text.upper())

    return nearest


def _period_candidates() -> list[str]:
    labels = []
    for year in range(1998, 2016):
        labels.append(financial_year(year).label)
        labels.extend(quarter(year, q).label for q in (1, 2, 3, 4))
        labels.extend(half_year(year, h).label for h in (1, 2))
        labels.append(survey_round(year).label)
        labels.append(rolling_three_year(year).label)
    return labels


PERIODS = CodeIndex(_period_candidates())
STATUS_INDEX = CodeIndex(STATUSES)


def _period_hint(text: str) -> str:
    cleaned = " ".join(text.split())
    if match := re.fullmatch(r"(\d{4})\s*[/-]\s*(\d)", cleaned):  # "2008/9"
        year = int(match[1])
        if (year + 1) % 10 == int(match[2]):
            return financial_year(year).label
    return PERIODS.nearest(cleaned)


def _group_hint(dimensions: Dimensions) -> Callable[[str], str]:
    index = CodeIndex(dimensions.group_codes)
    return lambda text: index.nearest(group_key(text))


def _numbers(rows: pl.DataFrame) -> list[pl.DataFrame]:
    found = []
    for column in (*NUMBER_COLUMNS, "sample_size"):
        number = pl.col(f"{column}_number")
        text = pl.col(column).str.strip_chars()
        found.append(
            _problem(
                rows,
                pl.col(column).is_not_null() & (text != "") & number.is_null(),
                column,
                pl.when(text.str.contains("%", literal=True))
                .then(pl.format("'{}' is not a number: leave out the % sign.", text))
                .when(text.str.contains(",", literal=True))
                .then(
                    pl.format(
                        "'{}' is not a number: use a point for decimals and no thousands "
                        "separators.",
                        text,
                    )
                )
                .otherwise(pl.format("'{}' is not a number.", text)),
            )
        )
        found.append(
            _problem(
                rows,
                number.is_not_null() & ~number.is_finite(),
                column,
                pl.format("'{}' is not a finite number.", text),
            )
        )
    size = pl.col("sample_size_number")
    found.append(
        _problem(
            rows,
            size.is_finite() & ((size != size.floor()) | (size < 0) | (size > MAX_SAMPLE_SIZE)),
            "sample_size",
            pl.format(
                "'{}' is not a whole number between 0 and {}.",
                pl.col("sample_size").str.strip_chars(),
                pl.lit(f"{MAX_SAMPLE_SIZE:,}"),
            ),
        )
    )
    return found


def _status_and_note(rows: pl.DataFrame) -> list[pl.DataFrame]:
    bad_status = rows.filter(pl.col("status_value") == INVALID).with_columns(
        pl.col("status").str.strip_chars()
    )
    return [
        _hinted(
            bad_status,
            "status",
            lambda s: STATUS_INDEX.nearest(s.lower()),
            pl.format("'{}' is not a status; write 'provisional' or 'final'.", pl.col("status")),
        ),
        _problem(
            rows,
            pl.col("note_value").str.contains(CONTROL_CHARACTERS),
            "note",
            "The note holds a control character (such as U+001F) that spreadsheets cannot "
            "hold; remove it.",
        ),
        _problem(
            rows,
            pl.col("note_value").str.len_chars() > MAX_NOTE_LENGTH,
            "note",
            pl.format(
                "The note has {} characters; at most {} are allowed.",
                pl.col("note_value").str.len_chars(),
                pl.lit(f"{MAX_NOTE_LENGTH:,}"),
            ),
        ),
    ]


def _finite(column: str) -> pl.Expr:
    return pl.col(f"{column}_number").is_finite().fill_null(False)


def _domain_rules(rows: pl.DataFrame, dimensions: Dimensions) -> list[pl.DataFrame]:
    value = pl.col("value_number")
    numerator, denominator = pl.col("numerator_number"), pl.col("denominator_number")
    lower, upper = pl.col("ci_lower_number"), pl.col("ci_upper_number")
    known_measure = pl.col("measure_id").is_not_null()
    known_area = pl.col("area_id").is_not_null()
    known_period = pl.col("period_no").is_not_null()
    non_negative_unit = pl.col("m_low").fill_null(-1.0) >= 0
    d = dimensions
    return [
        _problem(
            rows,
            known_measure & pl.col("m_deleted"),
            "measure",
            pl.format("{} has been deleted from the National Indicator Set (rule D1).", "code"),
            dimensions=d,
        ),
        # The unit's range: a percentage lies between 0 and 100.
        _problem(
            rows,
            _finite("value")
            & (
                (value < pl.col("m_low")).fill_null(False)
                | (value > pl.col("m_high")).fill_null(False)
            ),
            "value",
            pl.format(
                "{} is outside the range of {}'s unit ({}): it must be {}.",
                pl.col("value").str.strip_chars(),
                pl.col("code"),
                pl.col("unit"),
                pl.col("range_text"),
            ),
            dimensions=d,
        ),
        _problem(
            rows,
            _finite("numerator")
            & _finite("denominator")
            & pl.col("m_proportion").fill_null(False)
            & (numerator > denominator),
            "numerator",
            pl.format(
                "The numerator {} is larger than the denominator {}: for a proportion it "
                "cannot be.",
                pl.col("numerator").str.strip_chars(),
                pl.col("denominator").str.strip_chars(),
            ),
        ),
        _problem(
            rows,
            _finite("denominator") & (denominator <= 0),
            "denominator",
            pl.format(
                "The denominator {} must be more than 0.", pl.col("denominator").str.strip_chars()
            ),
        ),
        _problem(
            rows,
            _finite("numerator") & (numerator < 0) & non_negative_unit,
            "numerator",
            pl.format(
                "The numerator {} cannot be negative for this unit.",
                pl.col("numerator").str.strip_chars(),
            ),
        ),
        _problem(
            rows,
            pl.col("ci_lower_number").is_null() & pl.col("ci_upper_number").is_not_null(),
            "ci_lower",
            "is empty: give both confidence limits (ci_lower and ci_upper) or neither.",
        ),
        _problem(
            rows,
            pl.col("ci_upper_number").is_null() & pl.col("ci_lower_number").is_not_null(),
            "ci_upper",
            "is empty: give both confidence limits (ci_lower and ci_upper) or neither.",
        ),
        _problem(
            rows,
            _finite("ci_lower") & _finite("ci_upper") & (lower > upper),
            "ci_lower",
            pl.format(
                "The lower confidence limit {} is above the upper limit {}.",
                pl.col("ci_lower").str.strip_chars(),
                pl.col("ci_upper").str.strip_chars(),
            ),
        ),
        _problem(
            rows,
            _finite("ci_lower")
            & _finite("ci_upper")
            & _finite("value")
            & (lower <= upper)
            & ((value < lower) | (value > upper)),
            "value",
            pl.format(
                "The value {} lies outside its confidence interval {} to {}.",
                pl.col("value").str.strip_chars(),
                pl.col("ci_lower").str.strip_chars(),
                pl.col("ci_upper").str.strip_chars(),
            ),
        ),
        # Rule D5: the period kind suits the indicator.
        _problem(
            rows,
            known_measure & known_period & ((pl.col("m_period_mask") & pl.col("p_kind_bit")) == 0),
            "period",
            pl.format(
                "{} is {}, which {} is not reported for; it takes {} (rule D5).",
                pl.col("period_label"),
                pl.col("period_kind").replace_strict(KIND_NAMES, default=pl.col("period_kind")),
                pl.col("code"),
                pl.col("period_kinds_text"),
            ),
            dimensions=d,
        ),
        # Rule D8: the area level is one the indicator exists at.
        _problem(
            rows,
            known_measure & known_area & ((pl.col("m_area_mask") & pl.col("a_type_bit")) == 0),
            "area",
            pl.format(
                "{} is a {}; {} is reported only for {} (rule D8).",
                pl.col("area_code"),
                pl.col("area_type"),
                pl.col("code"),
                pl.col("area_types_text"),
            ),
            dimensions=d,
        ),
        _problem(
            rows,
            known_area
            & known_period
            & (pl.col("period_start") > pl.col("a_valid_to")).fill_null(False),
            "area",
            pl.format(
                "{} ended on {}, before {} began.",
                pl.col("area_code"),
                pl.col("a_valid_to"),
                pl.col("period_label"),
            ),
            dimensions=d,
        ),
        _problem(
            rows,
            known_area
            & known_period
            & (pl.col("period_end") < pl.col("a_valid_from")).fill_null(False),
            "area",
            pl.format(
                "{} began on {}, after {} ended: a back-calculated baseline, presumably.",
                pl.col("area_code"),
                pl.col("a_valid_from"),
                pl.col("period_label"),
            ),
            dimensions=d,
            severity=WARNING,
        ),
        # Rule D2: a deferred indicator is first reported in a later year.
        _problem(
            rows,
            known_measure
            & known_period
            & (pl.col("period_end") < pl.col("m_deferred_start")).fill_null(False),
            "period",
            pl.format(
                "{} is first reported for {} (rule D2); {} is earlier.",
                pl.col("code"),
                pl.col("first_year"),
                pl.col("period_label"),
            ),
            dimensions=d,
            severity=WARNING,
        ),
        # Rule D4: only the breakdowns a measure declares, when it declares any.
        _problem(
            rows,
            known_measure
            & pl.col("group_id").is_not_null()
            & (pl.col("group_id") != d.whole_population_id)
            & (pl.col("m_dimension_mask") != 0)
            & ((pl.col("m_dimension_mask") & pl.col("g_dimension_bit")) == 0),
            "group",
            pl.format(
                "{} is not broken down by {} (rule D4).",
                pl.col("code"),
                pl.col("group_dimension"),
            ),
            dimensions=d,
        ),
    ]


def _duplicates(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    """Rows with the same natural key: every one is rejected, naming another's line."""
    keyed = rows.select("key", "line").filter(pl.col("key").is_not_null()).sort("key", "line")
    key = pl.col("key")
    repeated = keyed.filter((key == key.shift(1)) | (key == key.shift(-1)))
    if not repeated.height:
        return empty_problems()
    lines = repeated.group_by("key").agg(
        first=pl.col("line").min(), second=pl.col("line").sort().get(1)
    )
    detail = rows.join(repeated.select("line"), on="line", how="semi").join(
        lines, on="key", how="left"
    )
    detail = detail.join(dimensions.measure_info, on="measure_id", how="left").join(
        dimensions.area_info, on="area_id", how="left"
    )
    return detail.select(
        line=pl.col("line"),
        column=pl.lit(""),
        message=pl.format(
            "The same figure ({} for {}, {}, {}) is also on line {}; give each figure once.",
            pl.col("code"),
            pl.col("area_code"),
            pl.col("period_label"),
            pl.when(pl.col("group_id") == dimensions.whole_population_id)
            .then(pl.lit("whole population"))
            .otherwise(pl.col("group")),
            pl.when(pl.col("line") == pl.col("first"))
            .then(pl.col("second"))
            .otherwise(pl.col("first")),
        ),
        suggestion=pl.lit(""),
        severity=pl.lit(ERROR),
    )
