"""What every service shares: events, the change log, locks and the words for statuses
and roles."""

from __future__ import annotations

import datetime

from django.utils import timezone

from localperf.accounts.models import GOVERNMENT_OFFICE_ROLES, Role
from localperf.agreements.models import (
    Agreement,
    AgreementEvent,
    ChangeLogEntry,
    RevisionProposal,
    Target,
    Term,
)
from localperf.agreements.workflow import Action
from localperf.web import clock

ONE_DAY = datetime.timedelta(days=1)
TERM_SPANS = {Term.THREE_YEARS: "2008–11", Term.ONE_YEAR: "2008–09", Term.TWO_YEARS: "2009–11"}


def _today(on: datetime.date | None) -> datetime.date:
    return on or clock.today()


def _event(
    agreement: Agreement,
    *,
    user,
    action: str,
    description: str,
    comment: str = "",
    from_status: str = "",
    to_status: str = "",
    revision: RevisionProposal | None = None,
    on: datetime.date | None = None,
) -> AgreementEvent:
    authenticated = user is not None and user.is_authenticated
    organisation = getattr(user, "organisation", None) if authenticated else None
    occurred_at = clock.now()
    if on is not None and on != occurred_at.date():
        occurred_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    return AgreementEvent.objects.create(
        agreement=agreement,
        revision=revision,
        action=action,
        description=description,
        from_status=from_status,
        to_status=to_status,
        actor=user if authenticated else None,
        actor_name=user.display_name if authenticated else "",
        actor_role=user.get_role_display() if authenticated and user.role else "",
        actor_organisation=organisation.name if organisation else "",
        occurred_at=occurred_at,
        comment=comment.strip(),
    )


def _publish(
    agreement: Agreement,
    *,
    user,
    published_on: datetime.date,
    summary: str,
    revision: RevisionProposal | None = None,
    target: Target | None = None,
) -> ChangeLogEntry:
    """Rule L4: publish a change in the agreement's change log. The log only grows: an
    entry is never edited or deleted (a correction is a new entry); its history row names
    who published it, even when no web request is there to say so (loaders, commands)."""
    entry = ChangeLogEntry(
        agreement=agreement,
        revision=revision,
        target=target,
        published_on=published_on,
        summary=summary,
    )
    if user is not None and user.is_authenticated:
        entry._history_user = user
    entry.save()
    return entry


def _locked(agreement: Agreement) -> Agreement:
    """Re-read the agreement under a row lock, so that two steps cannot interleave."""
    fresh = Agreement.objects.select_for_update().select_related("area", "responsible_authority")
    return fresh.get(pk=agreement.pk)


PARTICIPLES = {
    Action.SUBMIT: "submitted",
    Action.RETURN: "returned",
    Action.RECOMMEND: "recommended",
    Action.APPROVE: "approved",
    Action.BRING_INTO_FORCE: "brought into force",
}


def status_phrase(agreement: Agreement) -> str:
    """ "submitted to the Government Office": the status label, in a sentence."""
    label = agreement.get_status_display()
    return label[0].lower() + label[1:]


def _who_may(role: str, agreement: Agreement) -> str:
    if role == Role.PERFORMANCE_MANAGER:
        return f"the performance manager of {agreement.responsible_authority.name}"
    if role in GOVERNMENT_OFFICE_ROLES:
        label = "Regional Director" if role == Role.GO_REGIONAL_DIRECTOR else "locality manager"
        return f"the {label} of the Government Office for {agreement.area.region.name}"
    return "a central approver, for the Secretary of State"


def agreement_event_record(agreement: Agreement, **kwargs) -> AgreementEvent:
    """Record a step in the agreement's history from another app (the refresh of rule
    L6): the same record as the agreement's own steps."""
    return _event(agreement, **kwargs)
