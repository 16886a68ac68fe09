"""Reading and checking the reference files, before anything touches the database.

Every problem is collected with its file, line and column, so one run of the
loader reports all that is wrong; nothing is loaded while any problem stands.
The files are small (a few hundred rows), so the standard ``csv`` module is used:
it gives exact line numbers and refuses ragged rows, which is what the error
messages need.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from localperf.reference.rows import (  # noqa: F401 - the readers' shared rooms
    Checker,
    Problem,
    ReferenceFileError,
    check_unique,
    control_characters_in,
    read_rows,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

GSS_CODE = re.compile(r"^E\d{8}$")
REGION_CODE = re.compile(r"^E12\d{6}$")
COUNTRY_CODE = re.compile(r"^E92\d{6}$")
ONS_CODE = re.compile(r"^[0-9]{2}[A-Z]{0,2}$|^[A-Z]$")
FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

AREA_TYPES = {
    "county",
    "district",
    "unitary",
    "metropolitan district",
    "london borough",
    "city of london",
    "isles of scilly",
}
STATUSES_2009 = {"live_2009-04-01", "abolished_2009-04-01", "recoded_2009-04-01"}
THEMES = {
    "Stronger communities",
    "Safer communities",
    "Children and young people",
    "Adult health and wellbeing",
    "Tackling exclusion and promoting equality",
    "Local economy",
    "Environmental sustainability",
}
POPULATION_DIMENSIONS = {"all", "age", "sex", "ethnicity", "disability", "client_group", "other"}


@dataclass(frozen=True)
class NamedAreaRow:
    """A region or a country: a GSS code and a name, nothing above it in the files."""

    gss_code: str
    name: str
    valid_from: datetime.date | None
    source: str


@dataclass(frozen=True)
class AuthorityRow:
    line: int
    gss_code: str
    ons_code: str
    name: str
    type: str
    parent_county_gss: str
    region_gss: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    status_2009: str
    successor_gss: tuple[str, ...]
    upper_tier: bool
    laa_2008_11: str
    later_gss_code: str
    register_code: str
    council_name: str
    notes: str
    source: str


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    title: str
    status: str
    theme: str
    department: str
    survey: str
    polarity: str
    unit: str
    statutory_education: bool
    first_year: str
    title_checked: bool
    metadata_checked: str


@dataclass(frozen=True)
class MeasureRow:
    number: int
    part: str
    title: str
    unit: str
    polarity: str
    disaggregations: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class OrganisationRow:
    slug: str
    name: str
    kind: str
    area_code: str


@dataclass(frozen=True)
class WithdrawalRow:
    """A national indicator (or measure) that stopped being measured (rules A3, D3)."""

    number: int
    withdrawn_from: datetime.date
    reason: str
    source: str


@dataclass(frozen=True)
class PopulationGroupRow:
    dimension: str
    code: str
    label: str


@dataclass(frozen=True)
class ReferenceData:
    regions: list[NamedAreaRow]
    authorities: list[AuthorityRow]
    indicators: list[IndicatorRow]
    measures: list[MeasureRow]
    organisations: list[OrganisationRow]
    population_groups: list[PopulationGroupRow]
    countries: list[NamedAreaRow]
    withdrawals: list[WithdrawalRow] = field(default_factory=list)


def collect(reader: Callable[[], list], problems: list[Problem]) -> list | None:
    """Run one file's reader, keeping its problems so every file is checked in one go.

    Returns None when the file is wrong, so that files checked against it do not
    report a cascade of follow-on problems.
    """
    try:
        return reader()
    except ReferenceFileError as exc:
        problems.extend(exc.problems)
        return None


def read_reference(data_dir: Path = DATA_DIR) -> ReferenceData:
    """Read and cross-check every reference file; raise with all problems found."""
    problems: list[Problem] = []
    countries = collect(lambda: read_countries(data_dir / "countries.csv"), problems)
    regions = collect(lambda: read_regions(data_dir / "regions.csv"), problems)
    region_codes = {r.gss_code: r.name for r in regions} if regions is not None else None
    authorities = collect(
        lambda: read_authorities(data_dir / "local_authorities.csv", region_codes), problems
    )
    indicators = collect(lambda: read_indicators(data_dir / "national_indicators.csv"), problems)
    live_numbers = (
        {i.number for i in indicators if i.status == "live"} if indicators is not None else None
    )
    measures = collect(lambda: read_measures(data_dir / "measures.csv", live_numbers), problems)
    known_areas = (
        set(region_codes) | {a.gss_code for a in authorities} | {c.gss_code for c in countries}
        if region_codes is not None and authorities is not None and countries is not None
        else None
    )
    organisations = collect(
        lambda: read_organisations(data_dir / "organisations.csv", known_areas), problems
    )
    groups = collect(lambda: read_population_groups(data_dir / "population_groups.csv"), problems)
    withdrawals = collect(
        lambda: read_withdrawals(data_dir / "indicator_withdrawals.csv", live_numbers), problems
    )
    if problems:
        raise ReferenceFileError(problems)
    return ReferenceData(
        regions, authorities, indicators, measures, organisations, groups, countries, withdrawals
    )


def read_withdrawals(path: Path, live_numbers: set[int] | None) -> list[WithdrawalRow]:
    """The dates indicators were withdrawn, each with its reason and source."""
    rows: list[WithdrawalRow] = []
    seen: dict[str, int] = {}
    for check, row in read_rows(path, ["ni", "withdrawn_from", "reason", "source"]):
        raw = check.required(row, "ni")
        number = int(raw) if raw.isdigit() else 0
        if live_numbers is not None and number not in live_numbers:
            check.fail("ni", f"{raw!r} is not a live national indicator in national_indicators.csv")
        check_unique(check, seen, "ni", raw)
        day = check.date(row, "withdrawn_from")
        if day is None:
            check.fail("withdrawn_from", "give the date the indicator was withdrawn")
        reason = check.required(row, "reason")
        source = check.required(row, "source")
        if day is not None:
            rows.append(WithdrawalRow(number, day, reason, source))
    return rows


def read_countries(path: Path) -> list[NamedAreaRow]:
    """England as a whole: the area national figures are recorded for."""
    return _read_named_areas(
        path, "country_gss", COUNTRY_CODE, "a country GSS code (E92 and six digits)"
    )


def read_regions(path: Path) -> list[NamedAreaRow]:
    return _read_named_areas(
        path, "region_gss", REGION_CODE, "a region GSS code (E12 and six digits)"
    )


def _read_named_areas(
    path: Path, code_column: str, pattern: re.Pattern, description: str
) -> list[NamedAreaRow]:
    rows: list[NamedAreaRow] = []
    seen: dict[str, int] = {}
    for check, row in read_rows(path, [code_column, "name", "valid_from", "source"]):
        code = check.required(row, code_column)
        check.matching(row, code_column, pattern, description)
        check_unique(check, seen, code_column, code)
        name = check.required(row, "name")
        rows.append(NamedAreaRow(code, name, check.date(row, "valid_from"), row["source"].strip()))
    return rows


AUTHORITY_COLUMNS = [
    "gss_code",
    "ons_code",
    "name",
    "type",
    "parent_county_gss",
    "region",
    "valid_from",
    "valid_to",
    "region_gss",
    "status_2009",
    "successor_gss",
    "successor_name",
    "upper_tier",
    "laa_2008_11",
    "later_gss_code",
    "register_code",
    "council_name_register",
    "notes",
    "source",
]


def read_authorities(path: Path, regions: dict[str, str] | None) -> list[AuthorityRow]:
    """Read the authorities; ``regions`` is None when regions.csv itself is wrong."""
    rows: list[AuthorityRow] = []
    seen_gss: dict[str, int] = {}
    seen_ons: dict[str, int] = {}
    checkers: dict[int, Checker] = {}
    for check, row in read_rows(path, AUTHORITY_COLUMNS):
        gss = check.required(row, "gss_code")
        check.matching(row, "gss_code", GSS_CODE, "a GSS code (E and eight digits)")
        check_unique(check, seen_gss, "gss_code", gss)
        ons = check.required(row, "ons_code")
        check.matching(row, "ons_code", ONS_CODE, "an ONS code (e.g. 00EB, 09UC)")
        check_unique(check, seen_ons, "ons_code", ons)
        name = check.required(row, "name")
        area_type = check.one_of(row, "type", AREA_TYPES)
        region_gss = check.required(row, "region_gss")
        if regions is None or not region_gss:
            pass
        elif region_gss not in regions:
            check.fail("region_gss", f"{region_gss!r} is not a region in regions.csv")
        elif row["region"].strip() != regions[region_gss]:
            check.fail(
                "region",
                f"{row['region'].strip()!r} does not match {region_gss}, "
                f"which regions.csv names {regions[region_gss]!r}",
            )
        valid_from = check.date(row, "valid_from")
        valid_to = check.date(row, "valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            check.fail("valid_to", f"{valid_to} is before valid_from {valid_from}")
        later = check.matching(row, "later_gss_code", GSS_CODE, "a GSS code")
        successors = tuple(s.strip() for s in row["successor_gss"].split(";") if s.strip())
        for code in successors:
            if not GSS_CODE.match(code):
                check.fail("successor_gss", f"{code!r} is not a GSS code")
        status = check.one_of(row, "status_2009", STATUSES_2009)
        if status == "abolished_2009-04-01" and not successors:
            check.fail("successor_gss", "an abolished area must name its successor")
        upper_tier = check.yes_no(row, "upper_tier")
        if area_type == "district" and upper_tier:
            check.fail("upper_tier", "a district cannot be upper tier")
        parent = check.matching(row, "parent_county_gss", GSS_CODE, "a GSS code")
        checkers[check.line] = check
        rows.append(
            AuthorityRow(
                line=check.line,
                gss_code=gss,
                ons_code=ons,
                name=name,
                type=area_type,
                parent_county_gss=parent,
                region_gss=region_gss,
                valid_from=valid_from,
                valid_to=valid_to,
                status_2009=status,
                successor_gss=successors,
                upper_tier=upper_tier,
                laa_2008_11=row["laa_2008_11"].strip(),
                later_gss_code=later,
                register_code=row["register_code"].strip(),
                council_name=row["council_name_register"].strip(),
                notes=row["notes"].strip(),
                source=row["source"].strip(),
            )
        )
    check_authority_links(path.name, rows)
    return rows


def check_authority_links(file: str, rows: list[AuthorityRow]) -> None:
    """Parents must be counties and successors must exist in the same file."""
    by_code = {r.gss_code: r for r in rows}
    problems: list[Problem] = []
    for r in rows:
        parent = by_code.get(r.parent_county_gss) if r.parent_county_gss else None
        if r.parent_county_gss and (parent is None or parent.type != "county"):
            problems.append(
                Problem(
                    file,
                    r.line,
                    "parent_county_gss",
                    f"{r.parent_county_gss!r} is not a county in this file",
                )
            )
        for code in r.successor_gss:
            if code not in by_code:
                problems.append(
                    Problem(file, r.line, "successor_gss", f"{code!r} is not an area in this file")
                )
    if problems:
        raise ReferenceFileError(problems)


INDICATOR_COLUMNS = [
    "ni",
    "title",
    "status",
    "theme",
    "department",
    "survey",
    "polarity",
    "unit",
    "statutory_dcsf",
    "first_year",
    "title_checked",
    "metadata_checked",
]


def read_indicators(path: Path) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    seen: dict[str, int] = {}
    for check, row in read_rows(path, INDICATOR_COLUMNS):
        raw = check.required(row, "ni")
        number = int(raw) if raw.isdigit() else 0
        if raw and not 1 <= number <= 199:
            check.fail("ni", f"{raw!r} is not an NI number from 1 to 199")
        check_unique(check, seen, "ni", raw)
        title = check.required(row, "title")
        status = check.one_of(row, "status", {"live", "deleted"})
        live = status == "live"
        theme = row["theme"].strip()
        if live or theme:
            check.one_of(row, "theme", THEMES)
        first_year = row["first_year"].strip()
        if live or first_year:
            check_financial_year(check, "first_year", first_year)
        rows.append(
            IndicatorRow(
                number=number,
                title=title,
                status=status,
                theme=theme,
                department=row["department"].strip(),
                survey=row["survey"].strip(),
                polarity=check.one_of(row, "polarity", {"higher", "lower", ""}),
                unit=row["unit"].strip(),
                statutory_education=check.yes_no(row, "statutory_dcsf", blank_means_no=True),
                first_year=first_year,
                title_checked=check.yes_no(row, "title_checked"),
                metadata_checked=row["metadata_checked"].strip(),
            )
        )
    return rows


def check_financial_year(check: Checker, column: str, value: str) -> None:
    match = FINANCIAL_YEAR.match(value)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        check.fail(column, f"{value!r} is not a financial year such as '2008/09'")


def read_measures(path: Path, live_numbers: set[int] | None) -> list[MeasureRow]:
    rows: list[MeasureRow] = []
    seen: dict[str, int] = {}
    columns = ["ni", "part", "title", "unit", "polarity", "disaggregations", "source"]
    for check, row in read_rows(path, columns):
        raw = check.required(row, "ni")
        number = int(raw) if raw.isdigit() else 0
        if raw and live_numbers is not None and number not in live_numbers:
            check.fail("ni", f"{raw!r} is not a live national indicator")
        part = check.required(row, "part")
        if part and not re.fullmatch(r"[a-z]{1,3}", part):
            check.fail("part", f"{part!r} is not a part letter such as 'a'")
        check_unique(check, seen, "part", f"{raw}{part}")
        dims = tuple(d.strip() for d in row["disaggregations"].split(";") if d.strip())
        for dim in dims:
            if dim not in POPULATION_DIMENSIONS:
                check.fail("disaggregations", f"{dim!r} is not a population dimension")
        rows.append(
            MeasureRow(
                number=number,
                part=part,
                title=check.required(row, "title"),
                unit=row["unit"].strip(),
                polarity=check.one_of(row, "polarity", {"higher", "lower", ""}),
                disaggregations=dims,
                # Rule D4: every part names where its definition comes from.
                source=check.required(row, "source"),
            )
        )
    return rows


ORGANISATION_KINDS = {"government_office", "central_department", "inspectorate"}


def read_organisations(path: Path, known_areas: set[str] | None) -> list[OrganisationRow]:
    rows: list[OrganisationRow] = []
    seen: dict[str, int] = {}
    for check, row in read_rows(path, ["slug", "name", "kind", "area_code", "source"]):
        slug = check.required(row, "slug")
        check.matching(row, "slug", SLUG, "a slug of lower-case letters, digits and hyphens")
        check_unique(check, seen, "slug", slug)
        kind = check.one_of(row, "kind", ORGANISATION_KINDS)
        area = row["area_code"].strip()
        if area and known_areas is not None and area not in known_areas:
            check.fail("area_code", f"{area!r} is not a region or authority code")
        if kind == "government_office" and not area:
            check.fail("area_code", "a Government Office needs its region's code")
        rows.append(OrganisationRow(slug, check.required(row, "name"), kind, area))
    return rows


def read_population_groups(path: Path) -> list[PopulationGroupRow]:
    rows: list[PopulationGroupRow] = []
    seen: dict[str, int] = {}
    for check, row in read_rows(path, ["dimension", "code", "label"]):
        dimension = check.one_of(row, "dimension", POPULATION_DIMENSIONS)
        code = check.required(row, "code")
        check.matching(row, "code", re.compile(r"^[a-z0-9-]+$"), "a code of a-z, 0-9 and -")
        check_unique(check, seen, "code", f"{dimension}:{code}")
        rows.append(PopulationGroupRow(dimension, code, check.required(row, "label")))
    return rows
