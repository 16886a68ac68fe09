"""A revision of a Multi Area Agreement in force that changes its parties (rules X1, L5):
a member authority, district council or contributing partner joins, changes what it is or
leaves, or another member authority becomes responsible.

Who agrees and who decides. A change of parties changes who signs the agreement, so it is
agreed like the agreement itself (rule X1): every signing party of the agreement as it
stands and as it would stand records its agreement (the responsible authority proposes
it, so its own is taken as given; an authority that would become responsible agrees like
every other), and then the Secretary of State decides, through a central approver, as for
the agreement's sign-off and for a designated target's change (rules L2, L3; rule L5:
a revision may go to the Secretary of State at any time).

The checks are the parties page's (``services.maa_members.maa_parties_check``), asked of
the parties the revision's changes would leave, as each change is added, when it is
proposed and again when it is approved; the changes are made on approval, in the
revision's transaction, all together or not at all.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.maa_parties import (
    agreement_parties,
    parties_after,
    party_changes,
    revision_parties,
)
from localperf.agreements.models import (
    Agreement,
    MaaMember,
    MemberStanding,
    RevisionAction,
    RevisionProposal,
)
from localperf.agreements.services.common import _event
from localperf.agreements.services.maa import member_areas
from localperf.agreements.services.maa_members import maa_parties_check
from localperf.organisations.models import Organisation

NEEDS_STANDING = {RevisionAction.ADD_PARTY, RevisionAction.CHANGE_PARTY}


def maa_party_change_prepare(
    revision: RevisionProposal, action: str, organisation: Organisation | None, standing: str
) -> tuple[dict, str]:
    """The payload and summary of one change of parties going into ``revision``, once the
    parties it would leave (with the revision's earlier changes) still make an MAA.
    Raises ``ValidationError`` naming what is wrong; nothing is written."""
    agreement = revision.agreement
    if not agreement.is_multi_area:
        raise ValidationError(
            {
                "action": [
                    f"{agreement.title} is a Local Area Agreement: only a Multi Area "
                    "Agreement has parties to change."
                ]
            }
        )
    if organisation is None:
        raise ValidationError({"organisation": ["Choose the organisation the change is about."]})
    if action in NEEDS_STANDING and standing not in MemberStanding.values:
        raise ValidationError(
            {"standing": [f"Choose what {organisation.name} is to be in the agreement."]}
        )
    pending = revision_parties(revision)
    after = parties_after(pending, action, organisation, standing, title=agreement.title)
    maa_parties_check(agreement, after)
    payload = {"organisation": organisation.pk}
    if action in NEEDS_STANDING:
        payload["standing"] = standing
    return payload, _summary(action, organisation, standing, pending.responsible)


def _summary(action: str, organisation: Organisation, standing: str, responsible) -> str:
    name = organisation.name
    if action == RevisionAction.ADD_PARTY:
        return f"Add {name} as a party: {MemberStanding(standing).label}"
    if action == RevisionAction.CHANGE_PARTY:
        return f"{name} to be: {MemberStanding(standing).label}"
    if action == RevisionAction.REMOVE_PARTY:
        return f"Remove {name} as a party"
    return f"Make {name} responsible for the agreement, instead of {responsible.name}"


def maa_parties_still_valid(revision: RevisionProposal) -> None:
    """As the revision is proposed: its changes of parties, made on the parties as they
    stand now, still leave a valid MAA (rule X1). Raises ``ValidationError``."""
    if party_changes(revision):
        maa_parties_check(revision.agreement, revision_parties(revision))


def maa_parties_apply(
    *, user, agreement: Agreement, revision: RevisionProposal, day: datetime.date
) -> list[str]:
    """Inside the revision's approval (``agreement`` locked): make its changes of parties,
    checked once more on the parties as they stand, and return what to publish, one line
    per change. A joining party's agreement to the revision is its signature. Raises,
    undoing the whole revision, if the parties no longer allow it."""
    changes = party_changes(revision)
    if not changes:
        return []
    before = agreement_parties(agreement)
    after = revision_parties(revision, base=before)
    maa_parties_check(agreement, after)
    agreed = {a.organisation_id: a for a in revision.partner_agreements.all()}
    members = {m.organisation_id: m for m in agreement.maa_members.all()}
    for organisation, standing in after.standings.items():
        member = members.pop(organisation.pk, None)
        if member is None:
            signature = agreed.get(organisation.pk)
            member = MaaMember(agreement=agreement, organisation=organisation)
            if signature is not None and standing != MemberStanding.GOVERNMENT:
                member.signed_on = signature.recorded_at.date()
                member.signed_by = signature.recorded_by
        elif member.standing == standing:
            continue
        member.standing = standing
        member._history_user = user
        member.save()
    for member in members.values():  # the parties that leave
        member._history_user = user
        member.delete()
    if after.responsible != agreement.responsible_authority:
        agreement.responsible_authority = after.responsible
        agreement._history_user = user
        agreement.save(update_fields=["responsible_authority"])
    agreement.area.members.set(member_areas(after.standings))
    done = [_done(change, agreement.title, day) for change in changes]
    _event(
        agreement,
        user=user,
        action="maa_members",
        description=(f"Parties changed by revision {revision.number}: " + "; ".join(done))[:300],
        revision=revision,
        on=day,
    )
    return done


def _done(change, title: str, day: datetime.date) -> str:
    """The published line for one change of parties, in the past tense."""
    organisation = Organisation.objects.get(pk=change.payload["organisation"])
    name, when = organisation.name, rules.long_date(day)
    standing = change.payload.get("standing")
    label = MemberStanding(standing).label.lower() if standing else ""
    if change.action == RevisionAction.ADD_PARTY:
        return f"{name} joined {title} on {when}, as {label}."
    if change.action == RevisionAction.CHANGE_PARTY:
        return f"{name} is {label} in {title} from {when}."
    if change.action == RevisionAction.REMOVE_PARTY:
        return f"{name} left {title} on {when}."
    return f"{name} is responsible for {title} from {when}."
