"""Reads for the reviews area: the timetable, the under-performance history, and the
home page's work items from the sign-off path and from revisions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse

from localperf.accounts.models import Role
from localperf.accounts.roles import (
    is_administrator,
    is_central_approver,
    is_central_government,
    is_government_office,
    is_performance_manager,
    is_regional_director,
    speaks_for_partner,
)
from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.holdings import held_targets
from localperf.agreements.models import (
    SIGNATORY_STANDINGS,
    Agreement,
    AgreementStatus,
    MaaMember,
    RevisionProposal,
    RevisionStatus,
    Target,
)
from localperf.agreements.multi_area import SIGNING_STATUSES
from localperf.agreements.permissions import revision_decider_role
from localperf.agreements.rules_of_agreement import long_date
from localperf.reviews.models import (
    LADDER,
    CycleYear,
    Milestone,
    MilestoneKind,
    Responsible,
    UnderPerformanceStep,
)
from localperf.web.work import WorkItem

# --- The timetable ---------------------------------------------------------------------


def cycles_with_milestones() -> QuerySet[CycleYear]:
    return CycleYear.objects.prefetch_related("milestones")


def responsibilities_of(user) -> frozenset[Responsible]:
    """Whose dates a user follows: the partnership's (its council and partners), the
    Government Office's, or central government's."""
    if speaks_for_partner(user):
        return frozenset({Responsible.LSP})
    if is_government_office(user):
        return frozenset({Responsible.GOVERNMENT_OFFICE})
    if is_central_government(user):
        return frozenset({Responsible.CENTRAL})
    if is_administrator(user):
        return frozenset(Responsible)
    return frozenset()


def upcoming_milestones(user, *, today: datetime.date, limit: int = 5) -> list[Milestone]:
    """The next dates of the timetable for the user's part in it (a period still running
    counts as coming up)."""
    responsible = responsibilities_of(user)
    if not responsible:
        return []
    return list(
        Milestone.objects.filter(responsible__in=responsible, due_on__gte=today).select_related(
            "cycle"
        )[:limit]
    )


# Which timetable date an agreement waiting in a status is due by (rule L1).
DUE_BY_STATUS: dict[str, MilestoneKind] = {
    AgreementStatus.DRAFT: MilestoneKind.DRAFT_TO_GO,
    AgreementStatus.RETURNED: MilestoneKind.DRAFT_TO_GO,
    AgreementStatus.SUBMITTED: MilestoneKind.SUBMITTED_TO_SOS,
    AgreementStatus.RECOMMENDED: MilestoneKind.SOS_APPROVAL,
}


def _due_dates() -> dict[tuple[int, str], datetime.date]:
    """(cycle's first year, kind) → the earliest date of that kind in the cycle."""
    dates: dict[tuple[int, str], datetime.date] = {}
    for first_year, kind, due_on in Milestone.objects.order_by("due_on").values_list(
        "cycle__first_year", "kind", "due_on"
    ):
        dates.setdefault((first_year, kind), due_on)
    return dates


def agreement_due_on(
    agreement: Agreement,
    dates: dict[tuple[int, str], datetime.date],
    today: datetime.date | None = None,
) -> datetime.date | None:
    """The timetable date for the agreement's next step: the cycle is the one its term
    starts in (2008/09 for the 2008–11 agreements). Once that cycle's year is over (31
    March after it began) its sign-off dates no longer say when the step is due: an
    agreement still waiting then has no date, rather than "overdue since June 2008"."""
    kind = DUE_BY_STATUS.get(agreement.status)
    if kind is None:
        return None
    first_year = agreement.starts_on.year
    if today is not None and today > datetime.date(first_year + 1, 3, 31):
        return None
    return dates.get((first_year, kind))


# --- Under-performance (rule M4) -----------------------------------------------------------


def under_performance_history(agreement: Agreement) -> QuerySet[UnderPerformanceStep]:
    """Newest first: the step in force is the first."""
    return agreement.under_performance_steps.select_related(
        "target", "target__indicator", "target__measure"
    )


def under_performance_targets(agreement: Agreement) -> QuerySet[Target]:
    """The targets a step can be recorded for."""
    return (
        held_targets(agreement)
        .select_related("indicator", "measure")
        .order_by("category", "indicator__number", "id")
    )


# --- Work items for the home page --------------------------------------------------------


def _agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def agreement_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """The sign-off path (rules L1, L2): drafts and returned agreements for their
    performance manager; submitted ones for the Government Office of the region;
    recommended and approved ones for central approvers."""
    wanted = Q(pk__in=[])
    if is_performance_manager(user) and user.organisation_id:
        wanted |= Q(
            responsible_authority_id=user.organisation_id,
            status__in=[AgreementStatus.DRAFT, AgreementStatus.RETURNED],
        )
    region_id = agreement_selectors.government_office_region_id(user)
    if region_id:
        wanted |= Q(area__region_id=region_id, status=AgreementStatus.SUBMITTED)
    if is_central_approver(user):
        wanted |= Q(status__in=[AgreementStatus.RECOMMENDED, AgreementStatus.APPROVED])
    agreements = list(
        Agreement.objects.filter(wanted).select_related("area", "area__region").order_by("title")
    )
    if not agreements:
        return []
    dates = _due_dates()
    items = []
    for agreement in agreements:
        due_on = agreement_due_on(agreement, dates, today)
        url = _agreement_url(agreement)
        status = agreement.status
        if status == AgreementStatus.DRAFT:
            title = f"Submit {agreement.title} to the Government Office"
            detail = "The draft is yours to complete."
        elif status == AgreementStatus.RETURNED:
            title = f"Resubmit {agreement.title}"
            detail = "Returned with comments: answer them and submit it again."
        elif status == AgreementStatus.SUBMITTED:
            title = f"Review {agreement.title}"
            detail = (
                "Submitted: recommend it for sign-off or return it with comments."
                if is_regional_director(user)
                else "Submitted: return it with comments, or agree it with the Regional Director."
            )
        elif status == AgreementStatus.RECOMMENDED:
            title = f"Approve or return {agreement.title}"
            detail = "Recommended by the Regional Director, for the Secretary of State."
        else:
            title = f"Bring {agreement.title} into force"
            detail = f"Approved on {long_date(agreement.approved_on)}."
        items.append(WorkItem(title, url, detail, due_on=due_on, source="agreements"))
    return items


def maa_signature_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """Rule X1: a party to a Multi Area Agreement that has not signed it yet, for its
    performance manager or partner officer, while the agreement may still be signed
    (the same parties the agreement page offers the "Sign for …" button)."""
    if not (speaks_for_partner(user) and user.organisation_id):
        return []
    waiting = (
        MaaMember.objects.filter(
            organisation_id=user.organisation_id,
            standing__in=SIGNATORY_STANDINGS,
            signed_on__isnull=True,
            agreement__status__in=SIGNING_STATUSES,
        )
        .select_related("agreement", "organisation")
        .order_by("agreement__title")
    )
    return [
        WorkItem(
            f"Sign {m.agreement.title} for {m.organisation.name}",
            _agreement_url(m.agreement),
            f"{m.agreement.get_status_display()}: every member authority and contributing "
            "partner signs before the Regional Director can recommend it.",
            source="agreements",
        )
        for m in waiting
    ]


def _revision_url(revision: RevisionProposal) -> str:
    return reverse("agreements:revision", args=[revision.agreement_id, revision.number])


def revision_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """Revisions (rules L3, L4): for a partner, those waiting for its agreement; for the
    responsible authority, its drafts, those waiting for partners and those it decides;
    for central approvers, those changing designated targets once every partner agreed."""
    organisation_id = user.organisation_id if user.is_authenticated else None
    mine = Q(pk__in=[])
    if speaks_for_partner(user) and organisation_id:
        # A partner's agreement may be needed on any proposed revision; the responsible
        # authority follows all of its own.
        mine |= Q(status=RevisionStatus.PROPOSED) & ~Q(
            partner_agreements__organisation_id=organisation_id
        )
        if is_performance_manager(user):
            mine |= Q(
                agreement__responsible_authority_id=organisation_id,
                status__in=[RevisionStatus.DRAFT, RevisionStatus.PROPOSED],
            )
    if is_central_approver(user):
        mine |= Q(status=RevisionStatus.PROPOSED, changes__category="designated")
    revisions = list(
        RevisionProposal.objects.filter(mine)
        .select_related("agreement", "agreement__area", "agreement__responsible_authority")
        .prefetch_related("partner_agreements")
        .distinct()
        .order_by("agreement__title", "number")
    )
    items = []
    for revision in revisions:
        agreement = revision.agreement
        name = f"revision {revision.number} of {agreement.title}"
        url = _revision_url(revision)
        own = organisation_id == agreement.responsible_authority_id
        if revision.status == RevisionStatus.DRAFT:
            items.append(
                WorkItem(f"Finish and propose {name}", url, revision.title, source="revisions")
            )
            continue
        agreed = {a.organisation_id for a in revision.partner_agreements.all()}
        required = agreement_selectors.revision_required_partners(revision)
        waiting = [o for o in required if o.pk not in agreed]
        if organisation_id in {o.pk for o in waiting}:
            items.append(
                WorkItem(
                    f"Agree to {name}",
                    url,
                    f"{revision.title}: your organisation's agreement is needed.",
                    source="revisions",
                )
            )
        elif waiting and own:
            names = ", ".join(o.name for o in waiting)
            items.append(
                WorkItem(
                    f"{name[0].upper()}{name[1:]} is waiting for partners",
                    url,
                    revision.title,
                    waiting_on=names,
                    source="revisions",
                )
            )
        elif not waiting and _decides(user, revision, own=own):
            items.append(WorkItem(f"Decide on {name}", url, revision.title, source="revisions"))
    return items


def _decides(user, revision: RevisionProposal, *, own: bool) -> bool:
    decider = revision_decider_role(revision)
    if decider == Role.PERFORMANCE_MANAGER:
        return own and is_performance_manager(user)
    return is_central_approver(user)


def under_performance_page(agreement: Agreement, *, can_record: bool) -> dict:
    """The agreement's under-performance steps so far, against the ladder of steps."""
    return {
        "agreement": agreement,
        "steps": list(under_performance_history(agreement)),
        "ladder": LADDER,
        "can_record": can_record,
    }
