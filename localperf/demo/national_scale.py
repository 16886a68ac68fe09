"""The whole country as data (issue 16): every English local authority's figures for
every national indicator it reports over 2008–11, and a Local Area Agreement for every
upper-tier area with its designated, statutory and local targets, signed off, and users
for every role. For load tests and for trying the national pages at full size.

How many LAAs: the reference register has 150 upper-tier areas in 2008/09 (34 counties,
46 unitaries, 36 metropolitan districts, 32 London boroughs, the City of London and the
Isles of Scilly) and 152 from 1 April 2009 (27 counties and 55 unitaries), when
Bedfordshire and Cheshire were each divided in two and five counties became one unitary
each. Each area gets the LAA rule A1 allows it (``term_problem``): three years, one year
for a county divided in 2009, two years for the four areas formed by the division; the
five counties that simply became unitary keep their three-year LAA under the county's
code. So 154 agreements: 150 in force in 2008/09, 152 in 2009/10 and 2010/11.

Everything goes in through the product's own doors: figures through the import service
(a dry run first; rows a rule refuses — an indicator withdrawn, a level it is not
reported at — are left out of the file, which is then imported whole), agreements and
their sign-off through the agreements services. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.db import transaction
from django.db.models import Q

from localperf.accounts.models import Role, User
from localperf.agreements import rules_of_agreement as rules
from localperf.agreements import services
from localperf.agreements.inputs import TargetInput
from localperf.agreements.models import Agreement, LaaTheme, TargetCategory, Term
from localperf.calculations.periods import (
    financial_year,
    half_year,
    quarter,
    rolling_three_year,
    survey_round,
)
from localperf.indicators.models import Indicator, Measure
from localperf.observations.admissibility import unit_range
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.services import observation_import
from localperf.observations.models import ImportRowResult
from localperf.organisations.models import Organisation
from localperf.places.models import Area

PASSWORD = "localperf-demo-2008"
AUTHORITY_TYPES = (
    "county",
    "unitary",
    "metropolitan_district",
    "london_borough",
    "district",
    "city_of_london",
    "isles_of_scilly",
)
# The sign-off timetable: the 2008 round, and the new areas' LAAs in early 2009.
SIGN_OFF = {
    rules.THREE_YEARS: ((2008, 4, 1), (2008, 5, 30), (2008, 6, 6), (2008, 6, 30)),
    rules.ONE_YEAR: ((2008, 4, 1), (2008, 5, 30), (2008, 6, 6), (2008, 6, 30)),
    rules.TWO_YEARS: ((2009, 1, 5), (2009, 2, 27), (2009, 3, 6), (2009, 3, 27)),
}
FIRST_DAY, LAST_DAY = datetime.date(2008, 4, 1), datetime.date(2011, 3, 31)
DESIGNATED, STATUTORY, LOCAL = 35, 16, 3
THEMES = {
    "children_and_young_people": LaaTheme.CHILDREN_AND_YOUNG_PEOPLE,
    "safer_communities": LaaTheme.SAFER_AND_STRONGER,
    "stronger_communities": LaaTheme.SAFER_AND_STRONGER,
    "adult_health_and_wellbeing": LaaTheme.HEALTHIER_COMMUNITIES,
    "tackling_exclusion": LaaTheme.HEALTHIER_COMMUNITIES,
    "local_economy": LaaTheme.ECONOMIC_DEVELOPMENT,
    "environmental_sustainability": LaaTheme.ECONOMIC_DEVELOPMENT,
}
Echo = Callable[[str], None]


@dataclass(frozen=True)
class NationalSummary:
    authorities: int
    figures: int
    left_out: int
    agreements: int
    targets: int
    users: int


def periods_of(indicator: Indicator) -> list[str]:
    """The periods of 2008–11 an indicator is reported for, by its frequency."""
    years = (2008, 2009, 2010)
    frequency = indicator.reporting_frequency
    if frequency == "quarterly":
        return [quarter(y, n).label for y in years for n in (1, 2, 3, 4)]
    if frequency == "half_yearly":
        return [half_year(y, n).label for y in years for n in (1, 2)]
    if frequency == "biennial_survey":
        return [survey_round(2008).label]
    if frequency == "rolling_three_year":
        return [rolling_three_year(y).label for y in years]
    return [financial_year(y).label for y in years]


def authorities_existing(on: datetime.date, until: datetime.date | None = None) -> list[Area]:
    """The local authorities existing on a day, or at any time from ``on`` to ``until``."""
    return list(
        Area.objects.filter(area_type__in=AUTHORITY_TYPES)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=until or on))
        .exclude(valid_to__lt=on)
        .order_by("code")
    )


def agreement_areas() -> list[tuple[Area, str]]:
    """Every upper-tier area of 2008–11 with the term of LAA rule A1 allows it; areas it
    allows none (the five counties' unitary successors and the Isles of Scilly's new code,
    whose LAA is the one under the old code) are left out."""
    chosen = []
    for area in authorities_existing(FIRST_DAY, LAST_DAY):
        if not area.upper_tier:
            continue
        facts = services.area_facts(area)
        terms = [t for t in Term.values if rules.term_problem(t, facts) is None]
        if terms:
            chosen.append((area, terms[0]))
    return chosen


def figures_frame(measures: list[Measure], areas: list[Area], seed: int) -> pl.DataFrame:
    """Every area × measure × period, a value per series following a gentle trend within
    the unit's range (percentages with numerator and denominator)."""
    series = []
    for measure in measures:
        unit = measure.unit or measure.indicator.unit
        bounds = unit_range(unit)
        low = bounds.lowest if bounds.lowest is not None else 0.0
        high = bounds.highest if bounds.highest is not None else 10_000.0
        proportion = bounds.proportion
        for period_index, period in enumerate(periods_of(measure.indicator)):
            series.append((measure.code, period, period_index, low, high, proportion))
    frame = pl.DataFrame(
        series,
        schema=["measure", "period", "step", "low", "high", "proportion"],
        orient="row",
    ).join(pl.DataFrame({"area": [a.code for a in areas]}), how="cross")
    level = (pl.concat_str("measure", "area").hash(seed) % 1000) / 1000  # 0–1 per series
    noise = (pl.concat_str("measure", "area", "period").hash(seed + 1) % 100) / 5000
    share = (0.25 + 0.5 * level + 0.01 * pl.col("step") + noise).clip(0.01, 0.99)
    value = pl.col("low") + share * (pl.col("high") - pl.col("low"))
    denominator = (1000 + (pl.concat_str("area").hash(seed + 2) % 9000)).cast(pl.Int64)
    frame = frame.with_columns(value=value.round(1), denominator=denominator)
    numerator = (pl.col("value") / 100 * pl.col("denominator")).round(0).cast(pl.Int64)
    return frame.select(
        "measure",
        "area",
        "period",
        pl.lit("").alias("group"),
        pl.when(pl.col("proportion"))
        .then((numerator / pl.col("denominator") * 100).round(1))
        .otherwise(pl.col("value"))
        .cast(pl.String)
        .alias("value"),
        pl.when(pl.col("proportion")).then(numerator).cast(pl.String).alias("numerator"),
        pl.when(pl.col("proportion"))
        .then(pl.col("denominator"))
        .cast(pl.String)
        .alias("denominator"),
        *[pl.lit("").alias(name) for name in COLUMNS[7:]],
    ).fill_null("")


def csv_of(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.select(COLUMNS).write_csv(buffer)
    return buffer.getvalue()


def figures_import(frame: pl.DataFrame, *, echo: Echo) -> tuple[int, int]:
    """Dry runs, leaving out what a rule refuses (the summary keeps up to 10,000 refused
    rows a run, so a few runs may be needed), then the rest imported whole; returns
    (imported, left out)."""
    left_out = 0
    for _ in range(10):
        checked = observation_import(
            file=io.BytesIO(csv_of(frame)), user=None, dry_run=True, file_name="national.csv"
        )
        refused = set(
            ImportRowResult.objects.filter(
                batch_id=checked.batch_id, action="rejected"
            ).values_list("line", flat=True)
        )
        if not refused:
            break
        # Line 1 is the header: row i of the frame is line i + 2.
        frame = frame.filter(pl.Series([i + 2 not in refused for i in range(frame.height)]))
        left_out += len(refused)
        echo(f"  {len(refused):,} rows a rule refuses left out ({checked.problems[0]})")
    result = observation_import(
        file=io.BytesIO(csv_of(frame)), user=None, dry_run=False, file_name="national.csv"
    )
    if result.status != "committed":
        raise RuntimeError(f"The national figures were not imported: {result.message}")
    return frame.height, left_out


def user_for(username: str, role: str, organisation: Organisation | None) -> User:
    user, made = User.objects.get_or_create(
        username=username, defaults={"role": role, "organisation": organisation}
    )
    if made:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def targets_for(
    area: Area, term: str, rng: random.Random, indicators: list[Indicator]
) -> list[TargetInput]:
    years = rules.term_years(term)
    # A one-year LAA (2008/09) takes no indicator deferred to 2009/10 (rule D2).
    indicators = [i for i in indicators if i.first_year <= years[0]]
    statutory = [i for i in indicators if i.statutory_education][:STATUTORY]
    others = [i for i in indicators if not i.statutory_education]
    chosen = rng.sample(others, DESIGNATED + LOCAL)
    inputs = []
    for count, indicator in enumerate(statutory + chosen):
        category = (
            TargetCategory.STATUTORY
            if indicator.statutory_education
            else TargetCategory.DESIGNATED
            if count < len(statutory) + DESIGNATED
            else TargetCategory.LOCAL
        )
        bounds = unit_range(indicator.unit)
        low = bounds.lowest if bounds.lowest is not None else 0.0
        high = bounds.highest if bounds.highest is not None else 1000.0
        base = Decimal(str(round(low + (high - low) * rng.uniform(0.3, 0.6), 1)))
        step = Decimal("-1") if indicator.polarity == "lower" else Decimal("1")
        inputs.append(
            TargetInput(
                category=category,
                indicator=indicator,
                measure=indicator.measures.order_by("part").first(),
                theme=THEMES.get(indicator.theme, LaaTheme.SAFER_AND_STRONGER),
                title=f"{indicator.title[:180]} in {area.name}",
                baseline_value=base,
                baseline_period="2007/08",
                trajectory={
                    year: base + n * step if year >= indicator.first_year else None
                    for n, year in enumerate(years, start=1)
                },
            )
        )
    return inputs


def agreements_build(
    *,
    seed: int,
    limit: int | None,
    echo: Echo,
    areas: list[tuple[Area, str]] | None = None,
) -> tuple[int, int, int]:
    """An approved LAA for each upper-tier area (``agreement_areas``, or the areas and
    terms given); (agreements, targets, users made)."""
    rng = random.Random(seed)
    indicators = list(
        # Survey indicators need a baseline's confidence interval: left to the demo's own.
        Indicator.objects.filter(
            kind="national",
            status="live",
            has_confidence_intervals=False,
            survey="",
            withdrawn_from__isnull=True,  # NI 74, NI 83: no targets once withdrawn
        )
        .exclude(reporting_frequency="biennial_survey")
        .order_by("number")
    )
    approver = user_for(
        "national-approver", Role.CENTRAL_APPROVER, Organisation.objects.get(slug="clg")
    )
    user_for("national-analyst", Role.CENTRAL_ANALYST, Organisation.objects.get(slug="clg"))
    user_for(
        "national-inspector", Role.INSPECTOR, Organisation.objects.get(slug="audit-commission")
    )
    users = User.objects.count()
    areas = (agreement_areas() if areas is None else areas)[:limit]
    made = targets = 0
    for number, (area, term) in enumerate(areas, start=1):
        council = Organisation.objects.filter(area=area).first()
        office = Organisation.objects.filter(kind="government_office", area=area.region).first()
        if council is None or office is None or Agreement.objects.filter(area=area).exists():
            continue
        slug = area.code.lower()
        pm = user_for(f"pm-{slug}", Role.PERFORMANCE_MANAGER, council)
        user_for(f"partner-{slug}", Role.PARTNER_OFFICER, council)
        director = user_for(f"go-rd-{office.slug}", Role.GO_REGIONAL_DIRECTOR, office)
        user_for(f"go-lm-{office.slug}", Role.GO_LOCALITY_MANAGER, office)
        with transaction.atomic():
            created, submitted, recommended, approved = (
                datetime.date(*day) for day in SIGN_OFF[term]
            )
            agreement = services.agreement_create(user=pm, term=term, on=created)
            for data in targets_for(area, term, rng, indicators):
                services.target_add(user=pm, agreement=agreement, data=data)
                targets += 1
            for action, by, on in (
                ("submit", pm, submitted),
                ("recommend", director, recommended),
                ("approve", approver, approved),
            ):
                services.agreement_take_action(user=by, agreement=agreement, action=action, on=on)
        made += 1
        if number % 25 == 0:
            echo(f"  {number} of {len(areas)} agreements")
    return made, targets, User.objects.count() - users


def national_load(
    *, seed: int = 2008, agreements: int | None = None, echo: Echo = print
) -> NationalSummary:
    # Every authority of 2008–11: the 353 of 1 April 2009 and the 45 it ended, whose
    # figures for the years they did not exist the import refuses (and are left out).
    areas = authorities_existing(FIRST_DAY, LAST_DAY)
    measures = list(
        Measure.objects.select_related("indicator")
        .filter(indicator__kind="national", indicator__status="live")
        .order_by("indicator__number", "part")
    )
    made, targets, users = agreements_build(seed=seed, limit=agreements, echo=echo)
    echo(f"Agreements: {made} approved with {targets:,} targets; {users} users")
    frame = figures_frame(measures, areas, seed)
    echo(
        f"Figures: {frame.height:,} rows for {len(areas)} authorities and {len(measures)} measures"
    )
    imported, left_out = figures_import(frame, echo=echo)
    echo(f"  {imported:,} imported")
    return NationalSummary(len(areas), imported, left_out, made, targets, users)
