"""Changing the parties of a Multi Area Agreement while it is drafted (rule X1): adding
one, changing what one is (member authority, district council, contributing partner,
government), removing one.

The responsible authority's performance manager holds the pen for the parties as for the
rest of the draft (``agreements.change_maa_members``). Once submitted the parties are
what is being signed off, and once approved they are what was signed: they change only
through a revision (rule X1, ``services.maa_revisions``), with the same checks. Each
change keeps the set of parties valid (two or more upper-tier authorities, standings that
fit), keeps the MAA's area equal to its authorities' areas, leaves no carried target
without its member, and asks every party to sign again: each signs the agreement as it
stands. One change is one transaction, with the member's history (simple-history) and an
event in the agreement's history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from localperf.accounts.models import Role
from localperf.agreements.maa_parties import Parties, agreement_parties, parties_after
from localperf.agreements.models import Agreement, MaaMember, MemberStanding, RevisionAction
from localperf.agreements.permissions import has
from localperf.agreements.services.common import _event, _locked, _who_may, status_phrase
from localperf.agreements.services.maa import member_areas, parties_problems
from localperf.organisations.models import Organisation

PERMISSION = "agreements.change_maa_members"


def maa_members_refusal(user, agreement: Agreement) -> str:
    """Why the user may not change the agreement's parties now; empty if they may."""
    if not agreement.is_multi_area:
        return "Only a Multi Area Agreement has parties to change; this is a Local Area Agreement."
    if has(user, PERMISSION, agreement):
        return ""
    if not agreement.is_editable:
        return (
            f"{agreement.title} is {status_phrase(agreement)}: its parties are what is signed "
            "off, so they change only through a revision agreed by every party and approved "
            "by the Secretary of State (rules X1, L3), not on this page."
        )
    who = _who_may(Role.PERFORMANCE_MANAGER, agreement)
    return f"Only {who}, responsible for the agreement, changes its parties while it is drafted."


def maa_member_add(
    *,
    user,
    agreement: Agreement,
    organisation: Organisation,
    standing: str,
    on: datetime.date | None = None,
) -> MaaMember:
    """Rule X1: a new party, which signs like every other (government does not)."""
    with transaction.atomic():
        locked = _checked(user, agreement)
        parties = _after(locked, RevisionAction.ADD_PARTY, organisation, standing)
        member = MaaMember(agreement=locked, organisation=organisation, standing=standing)
        member._history_user = user
        member.save()
        label = MemberStanding(standing).label
        _settle(locked, user, parties, f"{organisation.name} added as a party ({label})", on)
    return member


def maa_member_change(
    *, user, member: MaaMember, standing: str, on: datetime.date | None = None
) -> MaaMember:
    """Rule X1: what the party is in the agreement."""
    with transaction.atomic():
        locked = _checked(user, member.agreement)
        member = locked.maa_members.select_for_update().get(pk=member.pk)
        parties = _after(locked, RevisionAction.CHANGE_PARTY, member.organisation, standing)
        member.standing = standing
        member._history_user = user
        member.save()
        label = MemberStanding(standing).label
        _settle(locked, user, parties, f"{member.organisation.name} is now: {label}", on)
    return member


def maa_member_remove(*, user, member: MaaMember, on: datetime.date | None = None) -> None:
    """Rule X1: a party leaves the draft; never the responsible authority, never below two
    upper-tier authorities, never a member whose LAA targets the MAA still carries."""
    with transaction.atomic():
        locked = _checked(user, member.agreement)
        member = locked.maa_members.select_related("organisation").get(pk=member.pk)
        parties = _after(
            locked, RevisionAction.REMOVE_PARTY, member.organisation, field=NON_FIELD_ERRORS
        )
        member._history_user = user
        member.delete()
        _settle(locked, user, parties, f"{member.organisation.name} removed as a party", on)


def maa_parties_check(agreement: Agreement, parties: Parties, *, field=NON_FIELD_ERRORS) -> None:
    """Rules X1, X2, of the whole set of parties a change would leave (on the parties page
    of a draft and in a revision of an agreement in force alike): standings that fit, the
    responsible council a member authority, two or more upper-tier authorities, and no
    carried LAA target whose member has gone. Raises ``ValidationError`` under ``field``."""
    problems = parties_problems(parties.responsible, parties.standings)
    problems += _orphaned_links(agreement, parties.standings)
    if problems:
        raise ValidationError({field: problems})


def _after(
    agreement: Agreement, action: str, organisation, standing: str = "", *, field="standing"
):
    """The draft's parties after one step, checked whole; raises, changing nothing."""
    parties = parties_after(
        agreement_parties(agreement), action, organisation, standing, title=agreement.title
    )
    maa_parties_check(agreement, parties, field=field)
    return parties


def _checked(user, agreement: Agreement) -> Agreement:
    """The agreement, locked, once the user may change its parties now (asked again under
    the lock: someone may have just submitted it)."""
    if refusal := maa_members_refusal(user, agreement):
        raise PermissionDenied(refusal)
    locked = _locked(agreement)
    if refusal := maa_members_refusal(user, locked):
        raise PermissionDenied(refusal)
    return locked


def _orphaned_links(agreement: Agreement, parties: dict[Organisation, str]) -> list[str]:
    """Rule X2: a carried target is a member's LAA target; its member cannot leave first."""
    areas = {a.pk for a in member_areas(parties)}
    links = agreement.maa_links.select_related("target__indicator", "target__agreement__area")
    return [
        f"{agreement.title} carries the {link.target.indicator.code} target of "
        f"{link.target.agreement.title}: {link.target.agreement.area.name} stays a member "
        "while it does."
        for link in links
        if link.target.agreement.area_id not in areas
    ]


def _settle(agreement: Agreement, user, parties: Parties, what: str, on) -> None:
    """After a change of parties: the MAA's area follows its authorities, every signature
    given so far is withdrawn (each party signs the agreement as it now stands), and the
    agreement's history says what changed."""
    agreement.area.members.set(member_areas(parties.standings))
    signed = list(agreement.maa_members.filter(signed_on__isnull=False))
    for member in signed:
        member.signed_on, member.signed_by = None, None
        member._history_user = user
        member.save()
    again = f"; {len(signed)} signature(s) to be given again" if signed else ""
    _event(agreement, user=user, action="maa_members", description=what + again, on=on)
