"""Which targets an agreement holds: the one answer that the hub, dashboard, entry grid,
reports, annual review, public pages, API and downloads all ask (rules X2, M6).

A Local Area Agreement holds its own targets. A Multi Area Agreement holds its own
(non-designated targets on national indicators, and targets on local indicators) and
carries, by link, designated targets of its constituent LAAs. A carried target is the
LAA's target itself, never a copy, so it has one set of figures and one status in both
agreements. Only targets that sit in an LAA carry the statutory duties (rule X2).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from localperf.agreements.models import (
    Agreement,
    MaaLink,
    Target,
    TargetCategory,
    TargetStatus,
)
from localperf.indicators.models import IndicatorKind

# An MAA target's kind (rule X2). An LAA target's kind is its category.
LINKED = "linked"
NATIONAL = "national"
LOCAL_INDICATOR = "local_indicator"
KIND_LABELS = {
    LINKED: "Designated national indicator target, also in a constituent LAA",
    NATIONAL: "Non-designated national indicator target",
    LOCAL_INDICATOR: "Target on a local indicator (outside the National Indicator Set)",
}
LAA_KIND_LABELS = {c.value: c.label for c in TargetCategory}
# Every kind a held target can be, in an LAA or an MAA (the open data's code list).
ALL_KIND_LABELS = {**LAA_KIND_LABELS, **KIND_LABELS}
NON_DESIGNATED = "non-designated national indicator"


def held_targets_q(agreement: Agreement) -> Q:
    """The targets the agreement holds, as a filter on ``Target``: its own and, for an
    MAA, the constituent LAAs' targets it carries by link."""
    return Q(agreement=agreement) | Q(maa_links__agreement=agreement)


def held_targets(
    agreement: Agreement, *, statuses: Iterable[str] = (TargetStatus.ACTIVE,)
) -> QuerySet[Target]:
    """The targets held, once each (a subquery, not a join, so callers may annotate,
    count and order as they please). Active ones unless ``statuses`` says otherwise."""
    ids = Target.objects.filter(held_targets_q(agreement), status__in=list(statuses))
    return Target.objects.filter(pk__in=ids.values("pk"))


def carried_pairs(
    agreements: QuerySet[Agreement], *, statuses: Iterable[str] = (TargetStatus.ACTIVE,)
) -> QuerySet:
    """For many agreements at once, the constituent LAAs' targets they carry by link:
    rows of (agreement id, target id, indicator id). The bulk form of the second half of
    ``held_targets_q``, for the national pages and the ledger."""
    return (
        MaaLink.objects.filter(agreement__in=agreements, target__status__in=list(statuses))
        .order_by()
        .values_list("agreement_id", "target_id", "target__indicator_id")
    )


def held_pairs(
    agreements: QuerySet[Agreement], *, statuses: Iterable[str] = (TargetStatus.ACTIVE,)
) -> QuerySet:
    """For many agreements at once, every target each holds, own and carried: rows of
    (agreement id, target id, indicator id), the bulk form of ``held_targets_q``."""
    own = (
        Target.objects.filter(agreement__in=agreements, status__in=list(statuses))
        .order_by()
        .values_list("agreement_id", "pk", "indicator_id")
    )
    return own.union(carried_pairs(agreements, statuses=statuses), all=True)


def holds(agreement: Agreement, target: Target) -> bool:
    """Whether the agreement holds the target, its own or carried (any status)."""
    return (
        target.agreement_id == agreement.pk or target.maa_links.filter(agreement=agreement).exists()
    )


def target_kind(target: Target, agreement: Agreement) -> str:
    """Rule X2: which kind of target this is in the agreement. In an MAA: carried from a
    constituent LAA (designated), on a national indicator (non-designated) or on a
    local one; in an LAA, its category (designated, statutory, local)."""
    if target.agreement_id != agreement.pk:
        return LINKED
    if not agreement.is_multi_area:
        return target.category
    if target.indicator.kind == IndicatorKind.NATIONAL:
        return NATIONAL
    return LOCAL_INDICATOR


def carries_statutory_duty(target: Target) -> bool:
    """Rule X2: only targets that sit in an LAA carry the statutory duties; a carried
    target sits in its LAA, an MAA's own target does not."""
    return not target.agreement.is_multi_area


def statutory_duty_note(target: Target, agreement: Agreement) -> str:
    """What the pages say, per target, about the statutory duties (rule X2)."""
    if not carries_statutory_duty(target):
        return "No statutory duty: the target is not in a Local Area Agreement."
    if target.agreement_id == agreement.pk:
        return (
            "Statutory duties apply: the partner authorities signed up to it owe the duty "
            "to have regard to it."
        )
    category = (
        "a designated target"
        if target.category == TargetCategory.DESIGNATED
        else "a local target (un-designated to move here)"
    )
    return (
        f"Statutory duties apply: it is {category} of {target.agreement.title}, whose "
        "signed-up partner authorities owe the duty to have regard to it."
    )


@dataclass(frozen=True)
class HeldTarget:
    """One target as the agreement holds it: what kind, whether carried and from which
    LAA, whether the statutory duties apply and what the pages say about them."""

    target: Target
    kind: str
    statutory: bool
    duty: str
    carried_from: Agreement | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind) or LAA_KIND_LABELS[self.kind]

    @property
    def covers(self) -> str:
        if self.carried_from is not None:
            return self.target.agreement.area.name
        areas = list(self.target.scope_areas.all())
        if areas:
            return ", ".join(a.name for a in areas)
        return "The whole MAA area" if self.target.agreement.is_multi_area else "The whole area"


def held(target: Target, agreement: Agreement) -> HeldTarget:
    """The target as ``agreement`` holds it (the caller knows it does)."""
    return HeldTarget(
        target=target,
        kind=target_kind(target, agreement),
        statutory=carries_statutory_duty(target),
        duty=statutory_duty_note(target, agreement),
        carried_from=target.agreement if target.agreement_id != agreement.pk else None,
    )


def held_target_rows(agreement: Agreement) -> list[HeldTarget]:
    """Every active target held, with its kind: an MAA's carried ones first, then its
    national-indicator and local-indicator ones; an LAA's in indicator order."""
    targets = (
        held_targets(agreement)
        .select_related("indicator", "measure", "agreement", "agreement__area")
        .prefetch_related("scope_areas")
        .order_by("indicator__kind", "indicator__number", "id")
    )
    rows = [held(t, agreement) for t in targets]
    order = [*KIND_LABELS, *LAA_KIND_LABELS]
    rows.sort(key=lambda r: order.index(r.kind))
    return rows


@dataclass(frozen=True)
class HeldCounts:
    """How many active targets the agreement holds of each kind, and the sentence the
    hub, the targets page and the report say it in."""

    multi_area: bool
    by_kind: dict[str, int]

    def __getitem__(self, kind: str) -> int:
        # Templates read ``counts.designated`` through this (a dictionary lookup first),
        # so any other name must fall through to the attributes (``counts.phrase``).
        return self.by_kind[kind]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def phrase(self) -> str:
        """ "4 designated national indicator targets carried from …" or "30 designated
        targets (of up to 35), …"."""
        if self.multi_area:
            return (
                f"{_targets(self[LINKED], 'designated national indicator')} carried from "
                f"constituent LAAs, {_targets(self[NATIONAL], NON_DESIGNATED)}, "
                f"{self[LOCAL_INDICATOR]} on local indicators"
            )
        designated = self[TargetCategory.DESIGNATED]
        return (
            f"{designated} designated target{'' if designated == 1 else 's'} (of up to 35), "
            f"{self[TargetCategory.STATUTORY]} statutory education and early years, "
            f"{self[TargetCategory.LOCAL]} local"
        )


def _targets(count: int, kind: str) -> str:
    """ "1 local target", "4 local targets".

    >>> _targets(1, "local"), _targets(4, "local")
    ('1 local target', '4 local targets')
    """
    return f"{count} {kind} target{'' if count == 1 else 's'}"


def held_counts(agreement: Agreement) -> HeldCounts:
    """Active targets held, counted by kind (rule X2). Two queries."""
    targets = held_targets(agreement).select_related("indicator")
    counted = Counter(target_kind(t, agreement) for t in targets)
    kinds = KIND_LABELS if agreement.is_multi_area else LAA_KIND_LABELS
    return HeldCounts(
        multi_area=agreement.is_multi_area,
        by_kind={kind: counted.get(kind, 0) for kind in kinds},
    )
