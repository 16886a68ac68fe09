"""Multi Area Agreements: parties and sign-off (rule X1), targets of three kinds with the
statutory duty said per target (rule X2), and moving a designated target from an LAA to
an MAA as one act (rule L5)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.agreements import multi_area, selectors, services
from localperf.agreements.models import (
    AgreementEvent,
    AgreementKind,
    ChangeLogEntry,
    MaaLink,
    MemberStanding,
    RevisionAction,
    TargetCategory,
)
from localperf.observations.rights import figure_rights_for
from localperf.places.models import Area
from tests.agreements.factories import indicator, make_user, org, target_input
from tests.agreements.maa_factories import (
    approve_maa,
    greater_manchester,
    maa_own_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm():
    return greater_manchester()


def test_an_maa_is_an_agreement_of_its_own_kind_over_its_members_areas(gm):
    # rule X1
    maa = gm.maa
    assert maa.kind == AgreementKind.MAA and maa.is_multi_area
    assert maa.responsible_authority.slug == "manchester-city-council"
    members = {a.name for a in maa.area.members.all()}
    assert members == {"Manchester", "Salford", "Bolton"}
    standings = {m.organisation.name: m.standing for m in maa.maa_members.all()}
    assert standings["Greater Manchester Chamber of Commerce"] == (
        MemberStanding.CONTRIBUTING_PARTNER
    )


def test_an_maa_needs_two_upper_tier_authorities(gm):
    # rule X1
    with pytest.raises(ValidationError) as refused:
        services.maa_create(
            user=gm.users["pm_salford"],
            title="Salford alone",
            members=[(gm.partner, "contributing_partner")],
        )
    assert "two or more upper-tier authorities" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.maa_create(
            user=gm.users["pm_salford"],
            title="Salford and a business",
            members=[(gm.partner, MemberStanding.MEMBER_AUTHORITY)],
        )
    assert "not a county or unitary council" in str(refused.value)


def test_statutory_status_is_from_12_january_2010_at_the_earliest(gm):
    # rule X1: Part 7 of the LDEDC Act 2009
    import datetime

    with pytest.raises(ValidationError) as refused:
        services.maa_create(
            user=gm.users["pm_salford"],
            title="Early",
            members=[(org("bolton-metropolitan-borough-council"), "member_authority")],
            statutory_from=datetime.date(2009, 12, 1),
        )
    assert "12 January 2010" in str(refused.value)


def test_sign_off_is_refused_until_every_member_has_signed(gm):
    # rule X1
    maa, users = gm.maa, gm.users
    maa_own_target(gm)
    services.agreement_submit(user=users["pm_manchester"], agreement=maa)
    services.maa_sign(user=users["pm_manchester"], agreement=maa)
    services.maa_sign(user=users["pm_salford"], agreement=maa)
    with pytest.raises(ValidationError) as refused:
        services.agreement_recommend(user=users["go_rd"], agreement=maa)
    message = str(refused.value)
    assert "Bolton Metropolitan Borough Council" in message
    assert "Greater Manchester Chamber of Commerce" in message
    maa.refresh_from_db()
    assert maa.status == "submitted"
    services.maa_sign(user=users["pm_bolton"], agreement=maa)
    services.maa_sign(user=users["partner"], agreement=maa)
    services.agreement_recommend(user=users["go_rd"], agreement=maa)
    services.agreement_approve(user=users["approver"], agreement=maa)
    maa.refresh_from_db()
    assert maa.status == "approved"


def test_a_party_signs_only_for_itself_and_once(gm):
    # rule X1
    with pytest.raises(PermissionDenied):
        services.maa_sign(user=gm.users["go_rd"], agreement=gm.maa)
    services.maa_sign(user=gm.users["pm_bolton"], agreement=gm.maa)
    with pytest.raises(ValidationError, match="signed on"):
        services.maa_sign(user=gm.users["pm_bolton"], agreement=gm.maa)


def test_the_three_kinds_of_target_and_where_the_duty_applies(gm):
    # rule X2
    national = maa_own_target(gm, "NI 153")
    salford = Area.objects.get(code="E08000006")
    part = maa_own_target(gm, "NI 117", scope_areas=(salford,))
    summary = multi_area.maa_summary(gm.maa)
    kinds = {row.target.pk: row for row in summary.targets}
    linked = kinds[gm.laa_target.pk]
    assert linked.kind == multi_area.LINKED and linked.statutory
    assert "Statutory duties apply" in linked.duty and gm.laa.title in linked.duty
    assert kinds[national.pk].kind == multi_area.NATIONAL
    assert kinds[national.pk].duty.startswith("No statutory duty")
    assert kinds[part.pk].covers == "Salford"
    assert kinds[national.pk].covers == "The whole MAA area"


def test_a_linked_target_is_one_target_in_both_agreements(gm):
    # rules X2, M6: never typed twice
    assert gm.laa_target.agreement_id == gm.laa.pk
    assert MaaLink.objects.filter(agreement=gm.maa, target=gm.laa_target).exists()
    assert not gm.maa.targets.exists()


def test_only_designated_targets_of_member_laas_are_linked(gm):
    # rule X2
    with pytest.raises(ValidationError, match="already carries"):
        services.maa_link_target(
            user=gm.users["pm_manchester"], agreement=gm.maa, target=gm.laa_target
        )


def test_a_members_pm_cannot_change_the_maas_targets(gm):
    # rule X1: the responsible authority drafts; another member's PM cannot
    with pytest.raises(PermissionDenied):
        services.maa_link_target(
            user=gm.users["pm_salford"], agreement=gm.maa, target=gm.laa_target
        )
    with pytest.raises(PermissionDenied):
        maa_own_target_as(gm, "pm_bolton")


def maa_own_target_as(gm, key):
    data = target_input("NI 153", category=TargetCategory.LOCAL)
    return services.target_add(user=gm.users[key], agreement=gm.maa, data=data)


def test_a_members_pm_writes_only_its_own_areas_figures(gm):
    # rules X2, M6: observations.rights is the one rule
    maa_own_target(gm)
    measure = indicator("NI 153").measures.get(part="")
    salford, bolton = (Area.objects.get(code=c) for c in ("E08000006", "E08000001"))
    manchester = Area.objects.get(code="E08000003")
    rights = figure_rights_for(gm.users["pm_salford"])
    assert rights.allows(salford.pk, measure.pk, national=True)
    assert not rights.allows(bolton.pk, measure.pk, national=True)
    responsible = figure_rights_for(gm.users["pm_manchester"])
    assert responsible.allows(manchester.pk, measure.pk, national=True)
    assert not responsible.allows(bolton.pk, measure.pk, national=True)
    assert not responsible.allows(gm.maa.area_id, measure.pk, national=True)


def test_every_member_sees_the_draft_maa(gm):
    # rule X1
    assert selectors.agreement_get_for(gm.users["pm_bolton"], gm.maa.pk) is not None
    assert gm.maa in selectors.agreement_list_for(gm.users["partner"])
    other = org("london-borough-of-camden")
    outsider = make_user("performance_manager", other, "maa-outsider")
    assert selectors.agreement_get_for(outsider, gm.maa.pk) is None


# --- rule L5: moving a designated target from an LAA to an MAA ---------------------------


@pytest.fixture
def moving():
    """The MAA approved without a link; Manchester proposes to move NI 152 to it."""
    gm = greater_manchester(link=False)
    maa_own_target(gm)
    approve_maa(gm)
    revision = services.revision_create(
        user=gm.users["pm_manchester"],
        agreement=gm.laa,
        title="Move NI 152 to the Greater Manchester MAA",
        reason="Worklessness is tackled across the city region.",
        effective_from=gm.laa.approved_on.replace(year=2009),
    )
    services.revision_add_change(
        user=gm.users["pm_manchester"],
        revision=revision,
        action=RevisionAction.UNDESIGNATE,
        target=gm.laa_target,
        to_maa=gm.maa,
    )
    services.revision_propose(user=gm.users["pm_manchester"], revision=revision)
    return gm, revision


def test_the_move_needs_the_receiving_members_agreement(moving):
    # rule L5: the approvals each side needs
    gm, revision = moving
    needed = {o.name for o in selectors.revision_required_partners(revision)}
    assert needed == {"Salford City Council", "Bolton Metropolitan Borough Council"}
    with pytest.raises(ValidationError, match="Waiting for"):
        services.revision_approve(user=gm.users["approver"], revision=revision)
    assert not MaaLink.objects.exists()


def _agree_all(gm, revision):
    for key in ("pm_salford", "pm_bolton"):
        services.revision_record_partner_agreement(user=gm.users[key], revision=revision)


def test_the_move_undesignates_and_links_as_one_act(moving):
    # rule L5
    gm, revision = moving
    _agree_all(gm, revision)
    services.revision_approve(user=gm.users["approver"], revision=revision)
    gm.laa_target.refresh_from_db()
    assert gm.laa_target.category == TargetCategory.LOCAL
    link = MaaLink.objects.get(agreement=gm.maa, target=gm.laa_target)
    assert link.revision == revision
    assert ChangeLogEntry.objects.filter(agreement=gm.maa, target=gm.laa_target).exists()
    assert ChangeLogEntry.objects.filter(agreement=gm.laa, target=gm.laa_target).exists()
    row = next(r for r in multi_area.maa_summary(gm.maa).targets if r.target == gm.laa_target)
    assert "un-designated to move here" in row.duty


def test_the_move_is_all_or_nothing(moving):
    # rule L5: a failure on the MAA's side leaves the LAA as it was
    gm, revision = moving
    _agree_all(gm, revision)
    events_before = AgreementEvent.objects.count()
    log_before = ChangeLogEntry.objects.count()
    with (
        mock.patch.object(MaaLink.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.revision_approve(user=gm.users["approver"], revision=revision)
    gm.laa_target.refresh_from_db()
    revision.refresh_from_db()
    assert gm.laa_target.category == TargetCategory.DESIGNATED
    assert gm.laa_target.undesignated_on is None
    assert revision.status == "proposed"
    assert AgreementEvent.objects.count() == events_before
    assert ChangeLogEntry.objects.count() == log_before
    assert not MaaLink.objects.exists()


def test_a_move_to_an_maa_the_laa_is_not_part_of_is_refused(moving):
    # rule L5
    gm, _ = moving
    camden = services.agreement_create(
        user=make_user("performance_manager", org("london-borough-of-camden"), "maa-camden")
    )
    problem = services.maa.maa_move_check(gm.maa, gm.laa_target)
    assert problem == ""
    assert "Choose the Multi Area Agreement" in services.maa.maa_move_check(camden, gm.laa_target)
