"""The parties of a Multi Area Agreement as a change leaves them (rule X1): one step for
the parties page of a draft and for a revision of an agreement in force, so that both
say the same thing of the same change.

A step changes one party: adds it, changes what it is, removes it, or makes it the
responsible authority. ``parties_after`` judges the step on its own (is the organisation
a party already, is it that already); whether the whole set still makes an MAA (two or
more upper-tier authorities, standings that fit, no carried target left without its
member) is ``services.maa_members.maa_parties_check``'s question, asked of the result.

>>> from collections import namedtuple
>>> Org = namedtuple("Org", "name")
>>> bury, wigan = Org("Bury"), Org("Wigan")
>>> before = Parties({bury: "member_authority"}, responsible=bury)
>>> after = parties_after(before, "add_party", wigan, "member_authority", title="GM")
>>> sorted(o.name for o in after.standings), before.standings == {bury: "member_authority"}
(['Bury', 'Wigan'], True)
>>> parties_after(after, "responsible", wigan, title="GM").responsible.name
'Wigan'
>>> parties_after(after, "add_party", wigan, "district_council", title="GM")
Traceback (most recent call last):
...
django.core.exceptions.ValidationError: {'organisation': ['Wigan is already a party to GM.']}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from localperf.agreements.models import (
    PARTY_ACTIONS,
    SIGNATORY_STANDINGS,
    Agreement,
    MemberStanding,
    RevisionAction,
    RevisionChange,
    RevisionProposal,
)
from localperf.organisations.models import Organisation


@dataclass(frozen=True)
class Parties:
    """Who is party to an MAA and as what, and which member authority is responsible."""

    standings: dict = field(default_factory=dict)  # organisation -> MemberStanding value
    responsible: object = None

    @property
    def signatories(self) -> set:
        """Rule X1: every party but government signs."""
        return {o for o, s in self.standings.items() if s in SIGNATORY_STANDINGS}


def parties_after(
    parties: Parties, action: str, organisation, standing: str = "", *, title: str
) -> Parties:
    """The parties once ``action`` is taken on ``organisation`` (a new ``Parties``; the
    old one is left as it was). Raises ``ValidationError`` naming the organisation when
    the step makes no sense on its own."""
    standings = dict(parties.standings)
    current = standings.get(organisation)
    if action == RevisionAction.ADD_PARTY:
        if current is not None:
            raise ValidationError(
                {"organisation": [f"{organisation.name} is already a party to {title}."]}
            )
        return Parties(standings | {organisation: standing}, parties.responsible)
    if current is None:
        raise ValidationError({"organisation": [f"{organisation.name} is not a party to {title}."]})
    if action == RevisionAction.CHANGE_PARTY:
        if standing == current:
            label = MemberStanding(current).label
            raise ValidationError({"standing": [f"{organisation.name} is already {label}."]})
        return Parties(standings | {organisation: standing}, parties.responsible)
    if action == RevisionAction.REMOVE_PARTY:
        del standings[organisation]
        return Parties(standings, parties.responsible)
    if organisation == parties.responsible:
        raise ValidationError(
            {"organisation": [f"{organisation.name} is already responsible for {title}."]}
        )
    return Parties(standings, organisation)


def agreement_parties(agreement: Agreement) -> Parties:
    """The MAA's parties as they stand."""
    members = agreement.maa_members.select_related("organisation", "organisation__area")
    return Parties({m.organisation: m.standing for m in members}, agreement.responsible_authority)


def party_changes(revision: RevisionProposal) -> list[RevisionChange]:
    """The revision's changes of parties, in the order they were added."""
    return list(revision.changes.filter(action__in=PARTY_ACTIONS).order_by("id"))


def revision_parties(revision: RevisionProposal, *, base: Parties | None = None) -> Parties:
    """The MAA's parties once the revision's changes of parties are made, in order, from
    ``base`` (default: the parties as they stand). Raises as ``parties_after`` does if a
    change no longer makes sense (the parties moved since it was added)."""
    parties = base or agreement_parties(revision.agreement)
    changes = party_changes(revision)
    organisations = Organisation.objects.select_related("area").in_bulk(
        [c.payload["organisation"] for c in changes]
    )
    for change in changes:
        parties = parties_after(
            parties,
            change.action,
            organisations[change.payload["organisation"]],
            change.payload.get("standing", ""),
            title=revision.agreement.title,
        )
    return parties
