"""What a Multi Area Agreement is made of, for its pages, the API and the reports (rules
X1, X2): its parties and their signatures, and its targets of three kinds, each saying
whether the statutory duties apply. The one place that answers "which kind of MAA target
is this" and "does the duty apply".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from localperf.accounts.roles import speaks_for_partner
from localperf.agreements.models import (
    Agreement,
    AgreementStatus,
    MaaLink,
    MaaMember,
    MemberStanding,
    Target,
    TargetCategory,
    TargetStatus,
)
from localperf.indicators.models import IndicatorKind

# While these, a party may still sign: after approval the agreement is signed.
SIGNING_STATUSES = frozenset(
    {AgreementStatus.DRAFT, AgreementStatus.SUBMITTED, AgreementStatus.RETURNED}
)
LINKED = "linked"
NATIONAL = "national"
LOCAL_INDICATOR = "local_indicator"
KIND_LABELS = {
    LINKED: "Designated national indicator target, also in a constituent LAA",
    NATIONAL: "Non-designated national indicator target",
    LOCAL_INDICATOR: "Target on a local indicator (outside the National Indicator Set)",
}


def targets_of_q(agreement: Agreement) -> Q:
    """The targets an agreement carries, as a filter on ``Target``: its own and, for an
    MAA, the constituent LAAs' targets it links to (rule X2: one target, one set of
    figures, rule M6)."""
    return Q(agreement=agreement) | Q(maa_links__agreement=agreement)


def target_kind(target: Target, agreement: Agreement) -> str:
    """Rule X2: which of the three kinds an MAA target is.

    A target of another agreement (a constituent LAA) is carried by link; an MAA's own
    target is on a national indicator (non-designated) or a local one."""
    if target.agreement_id != agreement.pk:
        return LINKED
    if target.indicator.kind == IndicatorKind.NATIONAL:
        return NATIONAL
    return LOCAL_INDICATOR


def statutory_duty_note(target: Target, agreement: Agreement) -> str:
    """Rule X2: only targets that sit in an LAA carry the statutory duties; the pages
    say so per target."""
    if target.agreement_id != agreement.pk and not target.agreement.is_multi_area:
        category = (
            "a designated target"
            if target.category == TargetCategory.DESIGNATED
            else "a local target (un-designated to move here)"
        )
        return (
            f"Statutory duties apply: it is {category} of {target.agreement.title}, whose "
            "signed-up partner authorities owe the duty to have regard to it."
        )
    return "No statutory duty: the target is not in a Local Area Agreement."


def multi_area_duty(target: Target) -> str:
    """For an MAA's own target, what its page says about the statutory duties (X2)."""
    if not target.agreement.is_multi_area:
        return ""
    return statutory_duty_note(target, target.agreement)


@dataclass(frozen=True)
class MaaTarget:
    target: Target
    kind: str
    duty: str
    carried_from: Agreement | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def statutory(self) -> bool:
        return self.kind == LINKED

    @property
    def covers(self) -> str:
        areas = list(self.target.scope_areas.all())
        if self.kind == LINKED:
            return self.target.agreement.area.name
        return ", ".join(a.name for a in areas) if areas else "The whole MAA area"


@dataclass(frozen=True)
class MaaSummary:
    members: list[MaaMember]
    targets: list[MaaTarget]
    open_for_signing: bool

    @property
    def signatories(self) -> list[MaaMember]:
        return [m for m in self.members if m.signs]

    @property
    def unsigned(self) -> list[MaaMember]:
        return [m for m in self.signatories if not m.signed_on]

    @property
    def authorities(self) -> list[MaaMember]:
        return [m for m in self.members if m.standing == MemberStanding.MEMBER_AUTHORITY]

    def signable_by(self, user) -> MaaMember | None:
        """The party the user may sign for now (rule X1), if any: the same test as
        ``services.maa_sign``, for the page's button."""
        organisation_id = getattr(user, "organisation_id", None)
        if not (self.open_for_signing and organisation_id and speaks_for_partner(user)):
            return None
        return next((m for m in self.unsigned if m.organisation_id == organisation_id), None)

    def count(self, kind: str) -> int:
        return sum(1 for t in self.targets if t.kind == kind)

    @property
    def counts_phrase(self) -> str:
        """ "4 designated (carried from constituent LAAs), …": the agreement page's line."""
        return (
            f"{self.count(LINKED)} designated national indicator targets carried from "
            f"constituent LAAs, {self.count(NATIONAL)} non-designated national indicator "
            f"targets, {self.count(LOCAL_INDICATOR)} on local indicators"
        )


def maa_summary(agreement: Agreement) -> MaaSummary:
    """Parties (with signatures) and targets of three kinds. A handful of queries."""
    members = list(
        agreement.maa_members.select_related("organisation", "signed_by").order_by(
            "standing", "organisation__name"
        )
    )
    targets = (
        Target.objects.filter(targets_of_q(agreement), status=TargetStatus.ACTIVE)
        .select_related("indicator", "measure", "agreement", "agreement__area")
        .prefetch_related("scope_areas")
        .distinct()
        .order_by("indicator__kind", "indicator__number", "id")
    )
    rows = [
        MaaTarget(
            target=t,
            kind=target_kind(t, agreement),
            duty=statutory_duty_note(t, agreement),
            carried_from=t.agreement if t.agreement_id != agreement.pk else None,
        )
        for t in targets
    ]
    order = list(KIND_LABELS)
    rows.sort(key=lambda r: order.index(r.kind))
    return MaaSummary(
        members=members, targets=rows, open_for_signing=agreement.status in SIGNING_STATUSES
    )


def maas_carrying(target: Target) -> list[Agreement]:
    """The Multi Area Agreements that carry an LAA target by link (the LAA's target page
    says so: the same figures serve both, rule M6)."""
    links = MaaLink.objects.filter(target=target).select_related("agreement")
    return [link.agreement for link in links]
