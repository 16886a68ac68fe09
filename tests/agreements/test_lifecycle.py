"""Sign-off (L1, L2), revisions (L3–L5) and effective-dated target versions."""

import datetime
from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.agreements import services
from localperf.agreements.models import (
    AgreementStatus,
    RevisionStatus,
    TargetCategory,
    TargetStatus,
)
from tests.agreements.factories import (
    APPROVED_ON,
    make_user,
    take_to_approval,
    target_input,
    with_partners,
)
from tests.agreements.test_rules_targets import designated_codes

pytestmark = pytest.mark.django_db
JULY_1 = datetime.date(2008, 7, 1)
AUTUMN = datetime.date(2008, 10, 1)


def messages(error: ValidationError) -> list[str]:
    return error.messages


# --- L1, L2: sign-off ----------------------------------------------------------------


def test_the_full_sign_off_path_records_who_when_and_why(draft_with_target, users):
    # rules L1, L2
    agreement, _ = draft_with_target
    services.agreement_submit(user=users["pm"], agreement=agreement)
    services.agreement_return(
        user=users["go_lm"], agreement=agreement, comment="Add a PCT target on smoking."
    )
    assert agreement.status == AgreementStatus.RETURNED
    services.target_add(user=users["pm"], agreement=agreement, data=target_input("NI 123"))
    services.agreement_submit(user=users["pm"], agreement=agreement, comment="Added NI 123.")
    services.agreement_recommend(user=users["go_rd"], agreement=agreement)
    services.agreement_approve(user=users["approver"], agreement=agreement)
    services.agreement_bring_into_force(user=users["approver"], agreement=agreement)
    assert agreement.status == AgreementStatus.IN_FORCE
    events = list(agreement.events.order_by("occurred_at", "id"))
    assert [(e.action, e.to_status, e.actor.username) for e in events[1:]] == [
        ("submit", "submitted", "test-pm"),
        ("return", "returned", "test-go_lm"),
        ("submit", "submitted", "test-pm"),
        ("recommend", "recommended", "test-go_rd"),
        ("approve", "approved", "test-approver"),
        ("bring_into_force", "in_force", "test-approver"),
    ]
    assert events[2].comment == "Add a PCT target on smoking."
    assert events[2].actor_organisation == "Government Office for the South East"
    assert agreement.change_log.count() == 1


@pytest.mark.parametrize(
    ("who", "step"),
    [
        ("go_lm", "recommend"),  # rule L2: only the Regional Director recommends
        ("pm", "recommend"),
        ("other_go", "recommend"),  # the GO of another region
        ("approver", "recommend"),
        ("go_rd", "approve"),  # rule L1: the Secretary of State approves
        ("admin", "return"),
        ("partner", "return"),
    ],
)
def test_only_the_right_role_can_take_each_step(draft_with_target, users, who, step):
    agreement, _ = draft_with_target
    services.agreement_submit(user=users["pm"], agreement=agreement)
    with pytest.raises(PermissionDenied, match="^Only "):
        services.agreement_take_action(
            user=users[who], agreement=agreement, action=step, comment="why"
        )
    assert agreement.status == AgreementStatus.SUBMITTED


def test_a_superuser_cannot_approve_for_the_secretary_of_state(draft_with_target, users):
    # Django's superuser shortcut does not apply to the sign-off rules
    agreement, _ = draft_with_target
    take = services.agreement_take_action
    take(user=users["pm"], agreement=agreement, action="submit")
    take(user=users["go_rd"], agreement=agreement, action="recommend")
    superuser = make_user("", None, "root")
    superuser.is_superuser = True
    superuser.save()
    with pytest.raises(PermissionDenied):
        take(user=superuser, agreement=agreement, action="approve")


def test_returning_needs_a_comment(draft_with_target, users):
    # rule L1: each step records why
    agreement, _ = draft_with_target
    services.agreement_submit(user=users["pm"], agreement=agreement)
    with pytest.raises(ValidationError) as caught:
        services.agreement_return(user=users["go_rd"], agreement=agreement, comment="  ")
    assert caught.value.message_dict == {
        "comment": [
            "Enter your comments: say what needs to change before the agreement is submitted again."
        ]
    }


def test_a_step_out_of_order_says_so(draft_with_target, users):
    agreement, _ = draft_with_target
    with pytest.raises(ValidationError) as caught:
        services.agreement_recommend(user=users["go_rd"], agreement=agreement)
    assert messages(caught.value) == ["This agreement is draft: it cannot be recommended now."]


def test_an_empty_agreement_cannot_be_submitted(draft, users):
    with pytest.raises(ValidationError, match="Add at least one target"):
        services.agreement_submit(user=users["pm"], agreement=draft)


@pytest.mark.parametrize("status", ["submitted", "recommended", "approved"])
def test_a_submitted_or_approved_agreement_cannot_be_edited_directly(
    draft_with_target, users, status
):
    # rule L1
    agreement, target = draft_with_target
    services.agreement_submit(user=users["pm"], agreement=agreement)
    if status in ("recommended", "approved"):
        services.agreement_recommend(user=users["go_rd"], agreement=agreement)
    if status == "approved":
        services.agreement_approve(user=users["approver"], agreement=agreement)
    with pytest.raises(PermissionDenied, match="cannot be edited directly"):
        services.target_add(user=users["pm"], agreement=agreement, data=target_input("NI 111"))
    with pytest.raises(PermissionDenied, match="cannot be edited directly"):
        services.target_change(user=users["pm"], target=target, data=target_input())


def test_only_the_responsible_authority_edits_its_draft(draft, users):
    for who in ["go_rd", "other_pm", "partner", "admin", "approver"]:
        with pytest.raises(PermissionDenied, match="Only the performance manager of Kent"):
            services.target_add(user=users[who], agreement=draft, data=target_input())


# --- Target versions ------------------------------------------------------------------


def test_target_as_at_returns_the_version_in_force(approved, users, partners):
    # rules L3, M1: each period is rated against the version in force then
    agreement, designated, _ = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Annual review 2009",
        reason="Conception data revised.",
        effective_from=datetime.date(2009, 4, 1),
    )
    changed = with_partners(
        target_input(trajectory={"2008/09": D("49"), "2009/10": D("45"), "2010/11": D("40")}),
        partners["police"],
        partners["pct"],
        coordinating=partners["pct"],
    )
    services.revision_add_change(
        user=users["pm"], revision=revision, action="change", target=designated, data=changed
    )
    services.revision_propose(user=users["pm"], revision=revision)
    services.revision_record_partner_agreement(user=users["partner"], revision=revision)
    pct_officer = make_user("partner_officer", partners["pct"], "pct-officer")
    services.revision_record_partner_agreement(user=pct_officer, revision=revision)
    services.revision_approve(user=users["approver"], revision=revision)

    before = services.target_as_at(target=designated, on=datetime.date(2009, 3, 31))
    after = services.target_as_at(target=designated, on=datetime.date(2009, 4, 1))
    assert (before.number, after.number) == (1, 2)
    assert before.trajectory()["2010/11"] == D("47")
    assert after.trajectory()["2010/11"] == D("40")
    assert before.effective_to == datetime.date(2009, 3, 31)
    assert services.target_as_at(target=designated, on=datetime.date(2008, 3, 31)) is None
    assert designated.versions.count() == 2  # never deleted: superseded


# --- L3: designated targets change with every partner and the Secretary of State ----------


@pytest.fixture
def designated_revision(approved, users, partners):
    agreement, designated, _ = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Annual review 2009",
        reason="Stretch NI 112.",
        effective_from=datetime.date(2009, 4, 1),
    )
    data = with_partners(
        target_input(trajectory={"2008/09": D("49"), "2009/10": D("46"), "2010/11": D("44")}),
        partners["police"],
        partners["pct"],
    )
    services.revision_add_change(
        user=users["pm"], revision=revision, action="change", target=designated, data=data
    )
    services.revision_propose(user=users["pm"], revision=revision)
    return revision


def test_a_designated_change_waits_for_every_signed_up_partner(
    designated_revision, users, partners
):
    # rule L3
    with pytest.raises(ValidationError) as caught:
        services.revision_approve(user=users["approver"], revision=designated_revision)
    assert messages(caught.value) == [
        "Waiting for Kent Police Authority and NHS Eastern and Coastal Kent to agree: every "
        "partner signed up to a designated target must agree to its change."
    ]
    services.revision_record_partner_agreement(user=users["partner"], revision=designated_revision)
    with pytest.raises(ValidationError, match="Waiting for NHS Eastern and Coastal Kent to"):
        services.revision_approve(user=users["approver"], revision=designated_revision)


def test_a_designated_change_needs_the_secretary_of_state(designated_revision, users, partners):
    # rule L3: the partnership cannot approve it itself
    services.revision_record_partner_agreement(user=users["partner"], revision=designated_revision)
    pct_officer = make_user("partner_officer", partners["pct"], "pct-officer")
    services.revision_record_partner_agreement(user=pct_officer, revision=designated_revision)
    with pytest.raises(PermissionDenied, match="central approver, for the Secretary of State"):
        services.revision_approve(user=users["pm"], revision=designated_revision)
    services.revision_approve(user=users["approver"], revision=designated_revision)
    assert designated_revision.status == RevisionStatus.APPROVED
    entry = designated_revision.agreement.change_log.last()
    assert entry.summary == (
        "Designated target (one of the up to 35) on NI 112 changed from 1 April 2009."
    )


def test_only_signed_up_partners_record_agreement(designated_revision, users):
    # rule L3: a partner not signed up to the target has nothing to agree to
    for who in ["district", "go_rd", "pm", "other_pm"]:
        with pytest.raises(PermissionDenied):
            services.revision_record_partner_agreement(
                user=users[who], revision=designated_revision
            )
    services.revision_record_partner_agreement(user=users["partner"], revision=designated_revision)
    with pytest.raises(ValidationError, match="has already agreed"):
        services.revision_record_partner_agreement(
            user=users["partner"], revision=designated_revision
        )


# --- L4: local targets, the one-month lock --------------------------------------------


def local_revision(agreement, users, effective_from=AUTUMN):
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Autumn 2008",
        reason="A local target on arson.",
        effective_from=effective_from,
    )
    services.revision_add_change(
        user=users["pm"],
        revision=revision,
        action="add",
        data=target_input("NI 33", category=TargetCategory.LOCAL),
    )
    return revision


def test_local_targets_cannot_change_within_a_month_of_approval(approved, users):
    # rule L4: the refusal names the first permitted date
    agreement, _, _ = approved
    revision = local_revision(agreement, users)
    with pytest.raises(ValidationError) as caught:
        services.revision_propose(
            user=users["pm"], revision=revision, on=datetime.date(2008, 7, 29)
        )
    assert messages(caught.value) == [
        "Local targets cannot change until 30 July 2008, one month after the agreement was "
        "approved on 30 June 2008."
    ]
    services.revision_propose(user=users["pm"], revision=revision, on=datetime.date(2008, 7, 30))
    services.revision_approve(user=users["pm"], revision=revision, on=datetime.date(2008, 8, 1))
    added = agreement.targets.get(indicator__code="NI 33")
    assert added.category == TargetCategory.LOCAL
    assert added.current_version().effective_from == AUTUMN
    assert added.added_by_revision == revision


def test_a_revision_with_local_targets_restarts_the_lock(approved, users):
    # rule L4: "… or of a revision that includes local targets"
    agreement, _, local = approved
    first = local_revision(agreement, users)
    services.revision_propose(user=users["pm"], revision=first, on=datetime.date(2008, 9, 1))
    services.revision_approve(user=users["pm"], revision=first, on=datetime.date(2008, 9, 10))
    second = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Drop NI 195",
        reason="Replaced by a district measure.",
        effective_from=datetime.date(2008, 11, 1),
    )
    services.revision_add_change(user=users["pm"], revision=second, action="drop", target=local)
    with pytest.raises(ValidationError) as caught:
        services.revision_propose(user=users["pm"], revision=second, on=datetime.date(2008, 10, 9))
    assert messages(caught.value) == [
        "Local targets cannot change until 10 October 2008, one month after the revision "
        "“Autumn 2008” was approved on 10 September 2008."
    ]


def test_local_changes_need_the_partner_authorities_but_not_the_voluntary_partners(
    approved, users, partners
):
    # rule L4: Ashford (a partner authority) must agree; Kent CVS is only consulted
    agreement, _, local = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Drop NI 195",
        reason="Replaced by a district measure.",
        effective_from=AUTUMN,
    )
    services.revision_add_change(user=users["pm"], revision=revision, action="drop", target=local)
    services.revision_propose(user=users["pm"], revision=revision, on=datetime.date(2008, 9, 1))
    with pytest.raises(ValidationError) as caught:
        services.revision_approve(user=users["pm"], revision=revision, on=datetime.date(2008, 9, 2))
    assert messages(caught.value) == [
        "Waiting for Ashford Borough Council to agree: the partner authorities signed up to a "
        "local target must agree to its change."
    ]
    services.revision_record_partner_agreement(user=users["district"], revision=revision)
    # A local-only revision is the partnership's decision, not the Secretary of State's.
    with pytest.raises(PermissionDenied):
        services.revision_approve(user=users["approver"], revision=revision)
    services.revision_approve(user=users["pm"], revision=revision, on=datetime.date(2008, 9, 2))
    local.refresh_from_db()
    assert (local.status, local.dropped_on) == (TargetStatus.DROPPED, AUTUMN)
    assert local.versions.get().effective_to == AUTUMN - datetime.timedelta(days=1)
    assert agreement.change_log.last().summary == (
        "Local target on NI 195 dropped from 1 October 2008."
    )


def test_a_designated_target_cannot_be_dropped(approved, users):
    # rules L3, L5
    agreement, designated, _ = approved
    revision = local_revision(agreement, users)
    with pytest.raises(ValidationError) as caught:
        services.revision_add_change(
            user=users["pm"], revision=revision, action="drop", target=designated
        )
    assert "Only a local target can be dropped" in messages(caught.value)[0]


# --- L5: revisions at any time; un-designating ------------------------------------------


def test_a_designated_target_can_be_undesignated_at_any_time(approved, users, partners):
    # rule L5: a revision can go to the Secretary of State at any time, even within the
    # first month (the lock is only on local targets); the target stays as a local one.
    agreement, designated, _ = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Move NI 112 to the MAA",
        reason="The Thames Gateway MAA takes it on.",
        effective_from=JULY_1 + datetime.timedelta(days=1),
    )
    services.revision_add_change(
        user=users["pm"], revision=revision, action="undesignate", target=designated
    )
    early = APPROVED_ON + datetime.timedelta(days=3)
    services.revision_propose(user=users["pm"], revision=revision, on=early)
    services.revision_record_partner_agreement(user=users["partner"], revision=revision)
    pct_officer = make_user("partner_officer", partners["pct"], "pct-officer")
    services.revision_record_partner_agreement(user=pct_officer, revision=revision)
    services.revision_approve(user=users["approver"], revision=revision, on=early)
    designated.refresh_from_db()
    assert designated.category == TargetCategory.LOCAL
    assert designated.undesignated_on == early
    assert "un-designated" in agreement.change_log.last().summary


def test_a_designated_exchange_at_the_annual_review_keeps_within_35(draft_with_target, users):
    # rules A2, L3: un-designating one frees a place for another in the same revision
    agreement, designated = draft_with_target
    for code in [c for c in designated_codes(40) if c != "NI 112"][:34]:
        services.target_add(user=users["pm"], agreement=agreement, data=target_input(code))
    take_to_approval(agreement, users)
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Annual review",
        reason="Exchange NI 112 for NI 186.",
        effective_from=datetime.date(2009, 4, 1),
    )
    extra = target_input("NI 186")
    with pytest.raises(ValidationError, match="already has 35 designated targets"):
        services.revision_add_change(user=users["pm"], revision=revision, action="add", data=extra)
    services.revision_add_change(
        user=users["pm"], revision=revision, action="undesignate", target=designated
    )
    services.revision_add_change(user=users["pm"], revision=revision, action="add", data=extra)


def test_changes_take_effect_after_the_current_version_began(approved, users):
    agreement, designated, _ = approved
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Backdated",
        reason="Too early",
        effective_from=datetime.date(2008, 4, 1),
    )
    with pytest.raises(ValidationError, match="choose a later date"):
        services.revision_add_change(
            user=users["pm"],
            revision=revision,
            action="change",
            target=designated,
            data=replace(target_input(), title="New"),
        )


def test_only_an_approved_agreement_can_be_revised(draft_with_target, users):
    agreement, _ = draft_with_target
    with pytest.raises(PermissionDenied, match="only to an approved agreement"):
        services.revision_create(
            user=users["pm"],
            agreement=agreement,
            title="x",
            reason="y",
            effective_from=AUTUMN,
        )
    take_to_approval(agreement, users)
    with pytest.raises(PermissionDenied):
        services.revision_create(
            user=users["go_rd"], agreement=agreement, title="x", reason="y", effective_from=AUTUMN
        )


def test_statutory_targets_are_not_revised_here(draft_with_target, users):
    # rules D3, A3: agreed with DCSF separately
    agreement, _ = draft_with_target
    statutory = services.target_add(
        user=users["pm"],
        agreement=agreement,
        data=target_input("NI 73", category=TargetCategory.STATUTORY),
    )
    take_to_approval(agreement, users)
    revision = services.revision_create(
        user=users["pm"], agreement=agreement, title="x", reason="y", effective_from=AUTUMN
    )
    for action in ("change", "drop", "undesignate"):
        with pytest.raises(ValidationError):
            services.revision_add_change(
                user=users["pm"],
                revision=revision,
                action=action,
                target=statutory,
                data=target_input("NI 73", category=TargetCategory.STATUTORY),
            )
    with pytest.raises(ValidationError, match="agreed with DCSF"):
        services.revision_add_change(
            user=users["pm"],
            revision=revision,
            action="add",
            data=target_input("NI 74", category=TargetCategory.STATUTORY),
        )
