"""What a Multi Area Agreement is made of, for its pages and the API (rules X1, X2): its
parties and their signatures, and its targets of three kinds. Which targets it holds, of
which kind and whether the duty applies is answered in ``holdings``, for every agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from localperf.accounts.roles import speaks_for_partner
from localperf.agreements.holdings import (  # noqa: F401  (the MAA pages' names for them)
    KIND_LABELS,
    LINKED,
    LOCAL_INDICATOR,
    NATIONAL,
    HeldCounts,
    HeldTarget,
    held_target_rows,
    statutory_duty_note,
    target_kind,
)
from localperf.agreements.models import (
    STANDING_ORDER,
    Agreement,
    AgreementStatus,
    MaaLink,
    MaaMember,
    MemberStanding,
    Target,
)

# While these, a party may still sign: after approval the agreement is signed.
SIGNING_STATUSES = frozenset(
    {AgreementStatus.DRAFT, AgreementStatus.SUBMITTED, AgreementStatus.RETURNED}
)


def multi_area_duty(target: Target) -> str:
    """For an MAA's own target, what its page says about the statutory duties (X2)."""
    if not target.agreement.is_multi_area:
        return ""
    return statutory_duty_note(target, target.agreement)


@dataclass(frozen=True)
class MaaSummary:
    members: list[MaaMember]
    targets: list[HeldTarget]
    open_for_signing: bool

    @property
    def signatories(self) -> list[MaaMember]:
        return [m for m in self.members if m.signs]

    @property
    def unsigned(self) -> list[MaaMember]:
        return [m for m in self.signatories if not m.signed_on]

    @property
    def signed(self) -> list[MaaMember]:
        return [m for m in self.signatories if m.signed_on]

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
        """ "4 designated (carried from constituent LAAs), …": the agreement page's line,
        said as ``holdings.HeldCounts`` says it."""
        by_kind = {kind: self.count(kind) for kind in KIND_LABELS}
        return HeldCounts(multi_area=True, by_kind=by_kind).phrase


def maa_summary(agreement: Agreement) -> MaaSummary:
    """Parties (with signatures) and targets of three kinds. A handful of queries."""
    members = sorted(
        agreement.maa_members.select_related("organisation", "signed_by"),
        key=lambda m: (STANDING_ORDER.index(m.standing), m.organisation.name),
    )
    return MaaSummary(
        members=members,
        targets=held_target_rows(agreement),
        open_for_signing=agreement.status in SIGNING_STATUSES,
    )


def maas_carrying(target: Target) -> list[Agreement]:
    """The Multi Area Agreements that carry an LAA target by link (the LAA's target page
    says so: the same figures serve both, rule M6)."""
    links = MaaLink.objects.filter(target=target).select_related("agreement")
    return [link.agreement for link in links]
