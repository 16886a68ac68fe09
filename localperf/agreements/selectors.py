"""Queries over agreements, always for a particular user: what they may see."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse

from localperf.accounts.roles import is_administrator, is_central_approver, is_government_office
from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.holdings import HeldCounts, held_counts, held_targets, held_targets_q
from localperf.agreements.inputs import partner_ids_in_payload
from localperf.agreements.maa_parties import agreement_parties, party_changes, revision_parties
from localperf.agreements.models import (
    AUTHORITY_STANDINGS,
    PARTIES_CATEGORY,
    PUBLISHED_STATUSES,
    UNDER_REVIEW_STATUSES,
    Agreement,
    AgreementEvent,
    AgreementStatus,
    LaaTheme,
    MaaMember,
    RevisionChange,
    RevisionProposal,
    RevisionStatus,
    Target,
    TargetCategory,
    TargetPartner,
    TargetStatus,
    TargetVersion,
)
from localperf.agreements.target_checks import indicator_facts
from localperf.organisations.models import Organisation, OrganisationKind, PartnerStanding


def government_office_region_id(user) -> int | None:
    """The region of a Government Office user (None for anyone else)."""
    organisation = getattr(user, "organisation", None)
    if (
        is_government_office(user)
        and organisation is not None
        and organisation.kind == OrganisationKind.GOVERNMENT_OFFICE
    ):
        return organisation.area_id
    return None


def agreement_visibility_q(user) -> Q:
    """Published agreements for everyone; drafts only for those who negotiate them."""
    visible = Q(status__in=PUBLISHED_STATUSES)
    if not user.is_authenticated:
        return visible
    if is_administrator(user):
        return Q()
    if user.organisation_id:
        visible |= Q(responsible_authority_id=user.organisation_id)
        # Rule X1: every party to a Multi Area Agreement sees it while it is negotiated.
        # A subquery, not a join: the list's counts must not multiply.
        parties = MaaMember.objects.filter(organisation_id=user.organisation_id)
        visible |= Q(pk__in=parties.values("agreement_id"))
    region_id = government_office_region_id(user)
    if region_id:
        visible |= Q(area__region_id=region_id)
    if is_central_approver(user):
        visible |= Q(status__in=UNDER_REVIEW_STATUSES)
    return visible


def agreement_is_visible(agreement: Agreement, user) -> bool:
    """The same rule as ``agreement_visibility_q``, for one agreement in hand."""
    if agreement.status in PUBLISHED_STATUSES or is_administrator(user):
        return True
    if not user.is_authenticated:
        return False
    if user.organisation_id and user.organisation_id == agreement.responsible_authority_id:
        return True
    if (
        user.organisation_id
        and agreement.is_multi_area
        and agreement.maa_members.filter(organisation_id=user.organisation_id).exists()
    ):
        return True
    region_id = government_office_region_id(user)
    if region_id and region_id == agreement.area.region_id:
        return True
    return is_central_approver(user) and agreement.status in UNDER_REVIEW_STATUSES


def agreement_list_for(user, *, status: str = "") -> QuerySet[Agreement]:
    agreements = (
        Agreement.objects.filter(agreement_visibility_q(user))
        .select_related("area", "area__region", "responsible_authority")
        .annotate(
            designated_count=Count(
                "targets",
                filter=Q(targets__category=TargetCategory.DESIGNATED, targets__status="active"),
            ),
            target_count=_held_count(),
        )
    )
    if status:
        agreements = agreements.filter(status=status)
    return agreements.order_by("area__name", "term")


def _held_count() -> Subquery:
    """How many active targets each listed agreement holds, carried ones included
    (``holdings``), as a subquery: a second join would multiply the counts."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, one row per agreement.
    count = Func(F("pk"), template="COUNT(DISTINCT %(expressions)s)", output_field=IntegerField())
    held = Target.objects.filter(held_targets_q(OuterRef("pk")), status=TargetStatus.ACTIVE)
    return Subquery(held.order_by().annotate(n=count).values("n"), output_field=IntegerField())


def agreement_get_for(user, pk: int) -> Agreement | None:
    """The agreement, if it exists and the user may see it; otherwise None (a 404)."""
    agreement = (
        Agreement.objects.select_related("area", "area__region", "responsible_authority")
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not agreement_is_visible(agreement, user):
        return None
    return agreement


def target_queryset() -> QuerySet[Target]:
    return Target.objects.select_related(
        "indicator", "measure", "outcome", "sub_regional_area", "agreement", "agreement__area"
    ).prefetch_related(
        "scope_areas",
        "scope_groups",
        Prefetch(
            "partners",
            queryset=TargetPartner.objects.select_related("organisation").order_by(
                "-is_coordinating", "organisation__name"
            ),
        ),
        Prefetch(
            "versions",
            queryset=TargetVersion.objects.select_related("relative_to").prefetch_related(
                "trajectory_values"
            ),
        ),
    )


def target_get_for(user, agreement: Agreement | None, pk: int, *, partner_ok: bool = True):
    """A target of ``agreement`` the user may see (as a viewer of the agreement, or as
    one of its partners), or None."""
    target = target_queryset().filter(pk=pk).first()
    if target is None or (agreement is not None and target.agreement_id != agreement.pk):
        return None
    if agreement_is_visible(target.agreement, user):
        return target
    organisation_id = getattr(user, "organisation_id", None)
    if (
        partner_ok
        and organisation_id
        and any(p.organisation_id == organisation_id for p in target.partners.all())
    ):
        return target
    return None


def version_in_force(target: Target, on: datetime.date) -> TargetVersion | None:
    """From the prefetched versions: the one in force on ``on``."""
    for version in target.versions.all():
        if version.in_force_on(on):
            return version
    return None


def latest_version(target: Target) -> TargetVersion | None:
    versions = list(target.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


@dataclass
class ThemeGroup:
    theme: LaaTheme
    outcomes: OrderedDict = field(default_factory=OrderedDict)  # Outcome | None → [Target]

    @property
    def count(self) -> int:
        return sum(len(targets) for targets in self.outcomes.values())


def targets_by_theme(agreement: Agreement, *, include_dropped: bool = False) -> list[ThemeGroup]:
    """Rule A11: the agreement's targets under its four themes and their outcomes. An
    MAA's carried targets sit under their LAA's outcomes (rule X2: the same target)."""
    statuses = TargetStatus.values if include_dropped else [TargetStatus.ACTIVE]
    targets = target_queryset().filter(pk__in=held_targets(agreement, statuses=statuses))
    groups = {theme: ThemeGroup(theme) for theme in LaaTheme}
    outcomes = list(agreement.outcomes.all())
    for theme, group in groups.items():
        for outcome in outcomes:
            if outcome.theme == theme:
                group.outcomes[outcome] = []
    for target in targets:
        group = groups[LaaTheme(target.theme)]
        group.outcomes.setdefault(target.outcome, []).append(target)
    return list(groups.values())


def category_counts(agreement: Agreement) -> dict[str, int]:
    """An LAA's own active targets by category (the up to 35 designated of rule A2).
    What an agreement holds, of every kind, is ``holdings.held_counts``."""
    counts = dict(
        agreement.targets.filter(status=TargetStatus.ACTIVE)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {c.value: counts.get(c.value, 0) for c in TargetCategory}


# --- Revisions -------------------------------------------------------------------------


def revision_needs_secretary_of_state(revision: RevisionProposal) -> bool:
    """Rule L3: any change touching a designated target (including adding or
    un-designating one) goes to the Secretary of State; so does (rule X1) a change of a
    Multi Area Agreement's parties, as its sign-off did."""
    return revision.changes.filter(
        category__in=[TargetCategory.DESIGNATED, PARTIES_CATEGORY]
    ).exists()


def revision_touches_local_targets(revision: RevisionProposal) -> bool:
    return (
        revision.changes.filter(category=TargetCategory.LOCAL)
        .exclude(action="undesignate")
        .exists()
    )


def maa_move_parties(payload) -> list[int]:
    """Rule L5: a target un-designated to move to a Multi Area Agreement needs the
    agreement of that MAA's member authorities too (the receiving side's approval)."""
    maa_id = payload.get("to_maa") if payload else None
    if not maa_id:
        return []
    return list(
        MaaMember.objects.filter(agreement_id=maa_id, standing__in=AUTHORITY_STANDINGS).values_list(
            "organisation_id", flat=True
        )
    )


def revision_required_partners(revision: RevisionProposal) -> list[Organisation]:
    """Who must record their agreement before the revision can be approved.

    Rule L3: for a designated target, every partner signed up to it (and every partner
    a change would sign up). Rule L4: for a local target, the partner authorities; the
    voluntary partners are consulted but their agreement is not required. The
    responsible authority proposes the revision, so its agreement is taken as given.
    Rule X1: for a change of a Multi Area Agreement's parties, every signing party of
    the agreement as it stands and as it would stand (``maa_revision_signatories``).
    """
    needed: set[int] = maa_revision_signatories(revision)
    changes = RevisionChange.objects.filter(revision=revision).select_related("target")
    for change in changes:
        ids = set(partner_ids_in_payload(change.payload))
        if change.target_id:
            ids |= set(change.target.partners.values_list("organisation_id", flat=True))
        organisations = Organisation.objects.filter(pk__in=ids)
        if change.category != TargetCategory.DESIGNATED:
            organisations = [
                o for o in organisations if o.standing == PartnerStanding.PARTNER_AUTHORITY
            ]
        needed |= {o.pk for o in organisations}
        needed |= set(maa_move_parties(change.payload))
    needed.discard(revision.agreement.responsible_authority_id)
    return list(Organisation.objects.filter(pk__in=needed).order_by("name"))


def maa_revision_signatories(revision: RevisionProposal) -> set[int]:
    """Rule X1: who signs an MAA before and after the revision's changes of parties (none
    when it changes no party). A change that no longer makes sense is refused when the
    revision is proposed or approved; until then the parties as they stand are asked."""
    if not party_changes(revision):
        return set()
    if revision.status == RevisionStatus.APPROVED:
        # The parties now are those the revision made: those asked then all agreed.
        return set(revision.partner_agreements.values_list("organisation_id", flat=True))
    before = agreement_parties(revision.agreement)
    try:
        after = revision_parties(revision, base=before)
    except ValidationError:
        after = before
    return {o.pk for o in before.signatories | after.signatories}


def revision_list_for(user, agreement: Agreement) -> list[RevisionProposal]:
    from localperf.agreements.permissions import has

    return [
        r
        for r in agreement.revisions.order_by("-number")
        if has(user, "agreements.view_revisionproposal", r)
    ]


def agreement_events_for(user, agreement: Agreement) -> list[AgreementEvent]:
    """The agreement's event log as this user may read it.

    A revision's events stay with those who may see the revision while it is being
    prepared or refused; once approved they are part of the public record (rule L4).
    """
    events = list(agreement.events.select_related("revision"))
    hidden = {
        event.revision_id
        for event in events
        if event.revision is not None and event.revision.status != RevisionStatus.APPROVED
    }
    if hidden:
        visible = {r.pk for r in revision_list_for(user, agreement)}
        hidden -= visible
    return [event for event in events if event.revision_id not in hidden]


# --- Partner view and indicator usage ----------------------------------------------------


def commitments_for(user) -> QuerySet[TargetPartner]:
    """Every target the user's organisation has signed up to, across agreements."""
    organisation_id = getattr(user, "organisation_id", None)
    if not user.is_authenticated or not organisation_id:
        return TargetPartner.objects.none()
    return (
        TargetPartner.objects.filter(organisation_id=organisation_id)
        .select_related(
            "organisation",
            "target",
            "target__indicator",
            "target__measure",
            "target__agreement",
            "target__agreement__area",
        )
        .order_by("target__agreement__area__name", "target__category", "target__indicator__number")
    )


def agreements_using_indicator(indicator, user) -> list[tuple[Agreement, list[Target]]]:
    """For the indicator page: the agreements the user may see with an active target on
    this indicator, and those targets."""
    targets = (
        Target.objects.filter(indicator=indicator, status=TargetStatus.ACTIVE)
        .filter(agreement__in=Agreement.objects.filter(agreement_visibility_q(user)))
        .select_related("agreement", "agreement__area", "measure")
        .order_by("agreement__area__name", "category")
    )
    grouped: OrderedDict[int, tuple[Agreement, list[Target]]] = OrderedDict()
    for target in targets:
        grouped.setdefault(target.agreement_id, (target.agreement, []))[1].append(target)
    return list(grouped.values())


# --- Data returns (read by the observations app) -----------------------------------------


def supplied_targets(organisation_id: int | None) -> QuerySet[Target]:
    """The active targets of approved or in-force agreements that the organisation has
    signed up to: what it supplies figures for (rule A9)."""
    if not organisation_id:
        return Target.objects.none()
    return Target.objects.filter(
        status=TargetStatus.ACTIVE,
        agreement__status__in=PUBLISHED_STATUSES,
        partners__organisation_id=organisation_id,
    ).distinct()


def target_measure_ids(targets: QuerySet[Target]) -> frozenset[int]:
    """The measures the targets are on; a target on a whole indicator covers every
    measure of the indicator (one, unless it is multi-part)."""
    from localperf.indicators.models import Measure

    rows = list(targets.values_list("measure_id", "indicator_id"))
    ids = {measure_id for measure_id, _ in rows if measure_id}
    whole = {indicator_id for measure_id, indicator_id in rows if not measure_id}
    if whole:
        ids |= set(Measure.objects.filter(indicator_id__in=whole).values_list("pk", flat=True))
    return frozenset(ids)


def measure_ids_supplied_by(organisation_id: int | None) -> frozenset[int]:
    """The measures an organisation may submit figures for, as a partner."""
    return target_measure_ids(supplied_targets(organisation_id))


def reported_targets(
    agreement: Agreement, *, organisation_id: int | None = None, keys_only: bool = False
) -> list[Target]:
    """The agreement's active targets, carried ones included (``holdings``), in the order
    of its page, with what a data return needs (measure, scope, and unless ``keys_only``
    the versions whose targets and profiles the grid shows beside each figure); only
    those ``organisation_id`` signed up to, if given."""
    found = Target.objects.select_related(
        "indicator", "measure", "sub_regional_area", "agreement", "agreement__area"
    ).prefetch_related("scope_areas", "scope_groups")
    if not keys_only:
        found = found.prefetch_related(
            Prefetch(
                "versions", queryset=TargetVersion.objects.prefetch_related("trajectory_values")
            )
        )
    targets = found.filter(pk__in=held_targets(agreement))
    if organisation_id is not None:
        targets = targets.filter(partners__organisation_id=organisation_id).distinct()
    return list(targets.order_by("category", "indicator__kind", "indicator__number", "id"))


# --- The agreement's pages and its sign-off summary --------------------------------------


@dataclass(frozen=True)
class Section:
    """One page of an agreement in its sub-navigation."""

    key: str
    label: str
    url: str
    current: bool


def agreement_sections(
    agreement: Agreement, *, current: str, signed_in: bool, may_enter_figures: bool
) -> list[Section]:
    """The agreement's pages, in the order of its sub-navigation, as a user may open them:
    the working pages (dashboard, figures, reports) are for those signed in, and the entry
    grid for those who may enter its figures (``observations.permissions``, asked by the
    template that shows this)."""
    pk = agreement.pk
    sections = [
        ("overview", "Overview", reverse("agreements:detail", args=[pk]), True),
        ("targets", "Targets", reverse("agreements:targets", args=[pk]), True),
        ("dashboard", "Dashboard", reverse("monitoring:dashboard", args=[pk]), signed_in),
        ("figures", "Figures", reverse("observations:return_grid", args=[pk]), may_enter_figures),
        ("reports", "Reports", reverse("reports:agreement_reports", args=[pk]), signed_in),
        ("revisions", "Revisions", reverse("agreements:revisions", args=[pk]), True),
        ("history", "History", reverse("agreements:history", args=[pk]), True),
    ]
    return [
        Section(key, label, url, key == current) for key, label, url, shown in sections if shown
    ]


@dataclass(frozen=True)
class OpenPoint:
    """A target the sign-off should not pass over: what the rules of agreement say."""

    target: Target
    problem: str


@dataclass(frozen=True)
class SignOffSummary:
    """What is being signed (rules A2, A3, A4, A5, L2): the targets counted against the
    limit of 35, the statutory and local ones, the placeholders, the points still open and
    the comments made so far, newest first."""

    designated: int
    statutory: int
    local: int
    limit: int
    over_limit: bool
    placeholders: list[Target]
    open_points: list[OpenPoint]
    comments: list[AgreementEvent]
    held: HeldCounts  # every target held by kind: an MAA's carried ones too (rule X2)


def _open_problems(agreement: Agreement, target: Target, version: TargetVersion | None):
    if version is None:
        yield "It has no baseline or trajectory yet."
        return
    if version.setting == rules.PLACEHOLDER:
        facts = indicator_facts(target.indicator)
        if problem := rules.placeholder_problem(
            facts, agreement.term, version.baseline_to_be_confirmed
        ):
            yield problem
    elif version.setting == rules.TRAJECTORY and target.category != TargetCategory.LOCAL:
        years = rules.required_years(agreement.term, target.indicator.first_year)
        values = {row.year: row.value for row in version.trajectory_values.all()}
        if missing := rules.missing_years(years, values):
            yield f"No target yet for {', '.join(missing)}."
    if version.not_stretching:
        yield "Marked not stretching: the target is worse than its baseline."


def signoff_summary(user, agreement: Agreement) -> SignOffSummary:
    """The summary shown before each step of the sign-off path (``workflow``)."""
    counts = category_counts(agreement)
    targets = list(target_queryset().filter(agreement=agreement, status=TargetStatus.ACTIVE))
    placeholders, points = [], []
    for target in targets:
        version = latest_version(target)
        if version is not None and version.setting == rules.PLACEHOLDER:
            placeholders.append(target)
        points += [OpenPoint(target, p) for p in _open_problems(agreement, target, version)]
    comments = [e for e in agreement_events_for(user, agreement) if e.comment.strip()]
    designated = counts[TargetCategory.DESIGNATED]
    return SignOffSummary(
        designated=designated,
        statutory=counts[TargetCategory.STATUTORY],
        local=counts[TargetCategory.LOCAL],
        limit=rules.MAX_DESIGNATED,
        over_limit=designated > rules.MAX_DESIGNATED,
        placeholders=placeholders,
        open_points=points,
        comments=sorted(comments, key=lambda e: e.occurred_at, reverse=True),
        held=held_counts(agreement),
    )


def agreement_returned_with(agreement: Agreement) -> AgreementEvent | None:
    """While the agreement is back with its authority, the step that returned it (the
    Government Office's or the approver's comments: what to change before resubmitting)."""
    if agreement.status != AgreementStatus.RETURNED:
        return None
    return (
        agreement.events.filter(to_status=AgreementStatus.RETURNED).order_by("-occurred_at").first()
    )


def agreements_supplied_by(organisation_id: int | None) -> list[Agreement]:
    """The agreements an organisation sends figures for: its own as the responsible
    authority and those with a target it signed up to (where a flow of figures ends)."""
    if organisation_id is None:
        return []
    return list(
        Agreement.objects.filter(
            Q(responsible_authority_id=organisation_id)
            | Q(targets__partners__organisation_id=organisation_id, targets__status="active")
        )
        .distinct()
        .order_by("title")
    )
