"""The one answer to each reward question: which version of a target reward uses and why
(rule L7), an agreement's reward statement (rule P1), the national determination, and
whether the designations stand (the revocation of 13 October 2010). Every page, export
and API operation asks here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from localperf.agreements.models import (
    Agreement,
    Target,
    TargetCategory,
    TargetSetting,
    TargetStatus,
    TargetVersion,
)
from localperf.agreements.rules_of_agreement import long_date
from localperf.calculations.measures import Polarity
from localperf.calculations.periods import period_parse
from localperf.calculations.reward import Statement, TargetLine, reward_pot, reward_statement
from localperf.indicators.models import Indicator
from localperf.indicators.selectors import EXEMPT_DEFERRED
from localperf.indicators.selectors import exempted_suite_reason as indicator_suite_reason
from localperf.observations.models import Observation, ObservationStatus
from localperf.places.models import PopulationGroup
from localperf.reward.models import (
    OPEN_CLAIM_STATUSES,
    UNVERIFIED_LABEL,
    ClaimStatus,
    Revocation,
    RewardClaim,
    RewardElement,
    RewardMembership,
)

# --- The reward lockdown (rule L7) -------------------------------------------------------


def lockdown_day() -> datetime.date:
    """The day reward targets were frozen (spring 2009; ``LOCALPERF_REWARD_LOCKDOWN``)."""
    return datetime.date.fromisoformat(settings.LOCALPERF_REWARD_LOCKDOWN)


def exempted_suite_reason(indicator: Indicator, version: TargetVersion | None = None) -> str:
    """Why a target on ``indicator`` is in the exempted suite, or "" (rule L7). A
    placeholder target is a deferred one (rule D2), whatever its indicator.

    The indicator's own answer is ``indicators.selectors.exempted_suite_reason`` (the
    one the refresh asks too); a placeholder adds nothing there, so it is added here."""
    reason = indicator_suite_reason(indicator) or ""
    if not reason and version is not None and version.setting == TargetSetting.PLACEHOLDER:
        reason = EXEMPT_DEFERRED
    return reason


def in_element_by_default(target: Target) -> bool:
    """Designated targets earn reward; statutory ones when ``LOCALPERF_REWARD_STATUTORY``."""
    if target.status != TargetStatus.ACTIVE:
        return False
    if target.category == TargetCategory.DESIGNATED:
        return True
    return target.category == TargetCategory.STATUTORY and settings.LOCALPERF_REWARD_STATUTORY


@dataclass(frozen=True)
class RewardBasis:
    """Which version of a target reward judges it against, and why."""

    target: Target
    in_element: bool
    membership: RewardMembership | None
    version: TargetVersion | None
    locked_version: TargetVersion | None
    current_version: TargetVersion | None
    follows_revisions: bool
    reason: str

    @property
    def differs_from_current(self) -> bool:
        return self.version is not None and self.version != self.current_version


def _locked_version(versions: list[TargetVersion], day: datetime.date) -> TargetVersion | None:
    """The version in force on the lockdown day; for a target set later, its first."""
    for version in versions:
        if version.in_force_on(day):
            return version
    return versions[0] if versions else None


def reward_basis(target: Target) -> RewardBasis:
    """The one answer to "which version does reward use, and why?" (rule L7)."""
    element = RewardElement.objects.filter(agreement_id=target.agreement_id).first()
    membership = (
        element.members.filter(target=target).select_related("approved_by").first()
        if element
        else None
    )
    in_element = membership.included if membership else False
    versions = list(target.versions.order_by("number"))
    current = next((v for v in versions if v.effective_to is None), None)
    day = lockdown_day()
    locked = _locked_version(versions, day)
    exemption = exempted_suite_reason(target.indicator, current)
    # A missing one-to-one raises an AttributeError subclass: getattr's default answers.
    exception = getattr(target, "lockdown_exception", None)
    if not in_element:
        why = (
            f"Not in the reward element: {membership.reason}"
            if membership and membership.reason
            else "Not in the reward element: this target earns no reward."
        )
        return RewardBasis(target, False, membership, None, locked, current, False, why)
    if exemption or exception is not None:
        because = exemption or f"a named exception ({exception.reason})"
        why = (
            f"Reward uses version {current.number if current else '–'}, following the "
            f"target as revised: it is {because}, exempted from the "
            f"reward lockdown of {long_date(day)}."
        )
        return RewardBasis(target, True, membership, current, locked, current, True, why)
    why = (
        f"Reward uses version {locked.number}, locked on {long_date(day)}: later revisions "
        "do not change what reward is judged against."
        if locked
        else "The target has no version yet."
    )
    return RewardBasis(target, True, membership, locked, locked, current, False, why)


# --- The statement (rule P1) -------------------------------------------------------------


@dataclass(frozen=True)
class StatementRow:
    target: Target
    basis: RewardBasis
    outturn_note: str


@dataclass(frozen=True)
class StatementView:
    element: RewardElement
    year: str
    statement: Statement
    rows: tuple[tuple[StatementRow, object], ...]
    unverified: tuple[str, ...]

    @property
    def unverified_label(self) -> str:
        if not self.unverified:
            return ""
        return f"{UNVERIFIED_LABEL}: {', '.join(self.unverified)} not confirmed in the sources"


def _polarity(target: Target) -> Polarity | None:
    code = (target.measure.polarity if target.measure_id else "") or target.indicator.polarity
    return Polarity.from_code(code)


def _outturn(target: Target, year: str, whole: PopulationGroup) -> tuple[Decimal | None, str]:
    """The final, audited outturn for the year (rule P1: never a provisional figure)."""
    area_id = target.sub_regional_area_id or target.agreement.area_id
    measure_id = target.measure_id or (
        target.indicator.measures.filter(part="").values_list("id", flat=True).first()
    )
    span = period_parse(year)
    figures = Observation.objects.current().filter(
        measure_id=measure_id,
        area_id=area_id,
        population_group=whole,
        period__start__gte=span.start,
        period__end__lte=span.end,
    )
    # The year's own figure; else the latest within it (a Place Survey round, a year's
    # last quarter).
    figure = figures.filter(period__label=year).first() or figures.order_by("-period__end").first()
    if figure is None:
        return None, f"No figure for {year} yet."
    if figure.status != ObservationStatus.FINAL:
        return None, f"The {year} figure is provisional: reward waits for the final one."
    return Decimal(str(figure.value)), ""


def _stretch(version: TargetVersion | None, year: str) -> Decimal | None:
    if version is None:
        return None
    return version.trajectory().get(year)


def reward_members(element: RewardElement) -> QuerySet[RewardMembership]:
    return element.members.filter(included=True).select_related(
        "target__indicator", "target__measure", "target__agreement"
    )


def statement_for(element: RewardElement, year: str) -> StatementView:
    """The reward statement of an element for one year's final outturns."""
    whole = PopulationGroup.objects.whole_population()
    rows, lines = [], []
    for member in reward_members(element):
        target = member.target
        basis = reward_basis(target)
        outturn, note = _outturn(target, year, whole)
        version = basis.version
        if _stretch(version, year) is None:
            note = f"No target for {year} in the version reward uses. {note}".strip()
        lines.append(
            TargetLine(
                target.measure_code,
                version.baseline_value if version else None,
                _stretch(version, year),
                outturn,
                _polarity(target),
            )
        )
        rows.append(StatementRow(target, basis, note))
    rules = element.rule_set.rules()
    pot = reward_pot(element.net_budget_requirement, rules)
    statement = reward_statement(pot, lines, rules)
    return StatementView(
        element,
        year,
        statement,
        tuple(zip(rows, statement.lines, strict=True)),
        tuple(sorted(rules.unverified)),
    )


def element_of(agreement: Agreement) -> RewardElement | None:
    return (
        RewardElement.objects.filter(agreement=agreement)
        .select_related("rule_set", "agreement")
        .first()
    )


def claims_of(element: RewardElement) -> QuerySet[RewardClaim]:
    return element.claims.prefetch_related("events")


# --- The national determination ----------------------------------------------------------


@dataclass(frozen=True)
class DeterminationRow:
    authority: str
    agreement: Agreement
    year: str
    capital: Decimal
    revenue: Decimal
    total: Decimal
    unverified: bool


def determination_rows() -> list[DeterminationRow]:
    """Every determined claim: the figures frozen at determination, to the penny."""
    claims = RewardClaim.objects.filter(status=ClaimStatus.DETERMINED).select_related(
        "element__agreement__responsible_authority", "element__rule_set"
    )
    return [
        DeterminationRow(
            c.element.agreement.responsible_authority.name,
            c.element.agreement,
            c.year,
            c.determined_capital,
            c.determined_revenue,
            c.determined_total,
            not c.element.rule_set.is_verified,
        )
        for c in sorted(
            claims, key=lambda c: (c.element.agreement.responsible_authority.name, c.year)
        )
    ]


# --- The end of the framework ------------------------------------------------------------


def revocation_standing() -> Revocation | None:
    """The revocation of designations that stands, if any: the one question every page,
    the claims and the start of a new agreement ask."""
    return Revocation.objects.filter(undone_at__isnull=True).first()


def revocations_all() -> QuerySet[Revocation]:
    """Every revocation recorded, newest first, undone ones included."""
    return Revocation.objects.select_related("recorded_by", "undone_by")


@dataclass(frozen=True)
class RevocationCounts:
    agreements: int
    targets: int
    claims: int


def revocation_counts() -> RevocationCounts:
    """What a revocation touches: Local Area Agreements and their designated targets in
    force or approved, and the reward claims still open. (The 2010 revocation was of the
    LAAs' designations; a Multi Area Agreement's designated targets are its members' LAA
    targets, carried by link, so they are counted once, in their LAA.)"""
    agreements = Agreement.objects.filter(status__in=["approved", "in_force"], kind="laa")
    targets = Target.objects.filter(
        agreement__in=agreements,
        category=TargetCategory.DESIGNATED,
        status=TargetStatus.ACTIVE,
    )
    claims = RewardClaim.objects.filter(status__in=OPEN_CLAIM_STATUSES)
    return RevocationCounts(agreements.count(), targets.count(), claims.count())
