"""A revision of a Multi Area Agreement in force that changes its parties (rules X1, L5):
the parties page's checks, asked of the parties the revision would leave; every party
(as it stands and as it would stand) agrees, then the Secretary of State decides; the
change is made on approval, all together or not at all, with history; through the pages
and the API alike; only the responsible authority's performance manager proposes it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.accounts.models import Role
from localperf.agreements import selectors, services
from localperf.agreements.models import (
    ChangeLogEntry,
    MaaLink,
    RevisionAction,
    RevisionStatus,
)
from localperf.agreements.permissions import has
from localperf.organisations.models import Organisation
from tests.agreements.factories import make_user, org, target_input
from tests.agreements.maa_factories import APPROVED_ON, approve_maa, greater_manchester

pytestmark = pytest.mark.django_db

WIGAN = "wigan-metropolitan-borough-council"
SALFORD = "salford-city-council"
BOLTON = "bolton-metropolitan-borough-council"
MANCHESTER = "manchester-city-council"
EFFECTIVE = datetime.date(2009, 4, 1)


@pytest.fixture
def gm():
    """Greater Manchester in force, carrying Manchester's designated NI 152 target; a
    draft revision by Manchester's performance manager; Wigan's PM, not yet a party."""
    setup = greater_manchester()
    approve_maa(setup)
    services.agreement_bring_into_force(user=setup.users["approver"], agreement=setup.maa)
    setup.maa.refresh_from_db()
    setup.users["pm_wigan"] = make_user(Role.PERFORMANCE_MANAGER, org(WIGAN), "maa-pm-wigan")
    setup.revision = services.revision_create(
        user=setup.users["pm_manchester"],
        agreement=setup.maa,
        title="Wigan joins",
        reason="Wigan joins the city region's agreement.",
        effective_from=EFFECTIVE,
    )
    return setup


def _party(gm, action: str, slug: str, standing: str = "", user: str = "pm_manchester"):
    return services.revision_add_change(
        user=gm.users[user],
        revision=gm.revision,
        action=action,
        organisation=org(slug) if isinstance(slug, str) else slug,
        standing=standing,
    )


def _state(gm) -> tuple:
    """What a refused or pending change of parties must leave as it was."""
    maa = gm.maa
    maa.refresh_from_db()
    members = sorted(maa.maa_members.values_list("organisation__slug", "standing", "signed_on"))
    areas = sorted(maa.area.members.values_list("code", flat=True))
    return members, areas, maa.responsible_authority_id, ChangeLogEntry.objects.count()


def _agree(gm, *keys: str) -> None:
    for key in keys:
        services.revision_record_partner_agreement(user=gm.users[key], revision=gm.revision)


EVERY_OTHER_PARTY = ("pm_salford", "pm_bolton", "partner")


def test_a_member_authority_joins_once_every_party_agrees_and_the_sos_approves(gm, client):
    # rule X1: a change of parties changes who signs, so every party agrees, the joining
    # one too; then the Secretary of State decides, as for the MAA's sign-off
    _party(gm, RevisionAction.ADD_PARTY, WIGAN, "member_authority")
    before = _state(gm)
    services.revision_propose(user=gm.users["pm_manchester"], revision=gm.revision)
    assert _state(gm) == before  # nothing changes until approval
    needed = {o.slug for o in selectors.revision_required_partners(gm.revision)}
    assert needed == {SALFORD, BOLTON, WIGAN, gm.partner.slug}
    assert selectors.revision_needs_secretary_of_state(gm.revision)
    for key in ("pm_manchester", "go_rd"):
        with pytest.raises(PermissionDenied, match="Secretary of State"):
            services.revision_approve(user=gm.users[key], revision=gm.revision)
    _agree(gm, *EVERY_OTHER_PARTY)
    with pytest.raises(ValidationError, match=r"Waiting for Wigan.*rule X1"):
        services.revision_approve(user=gm.users["approver"], revision=gm.revision)
    assert _state(gm) == before
    _agree(gm, "pm_wigan")
    services.revision_approve(user=gm.users["approver"], revision=gm.revision)

    gm.revision.refresh_from_db()
    assert gm.revision.status == RevisionStatus.APPROVED
    # the page of the approved revision still names those who agreed
    assert {o.slug for o in selectors.revision_required_partners(gm.revision)} == needed
    wigan = gm.maa.maa_members.get(organisation__slug=WIGAN)
    assert wigan.standing == "member_authority"
    assert wigan.signed_on is not None  # its agreement to the revision is its signature
    assert wigan.history.latest().history_user == gm.users["approver"]
    assert org(WIGAN).area in gm.maa.area.members.all()  # the area follows the members
    log = ChangeLogEntry.objects.get(agreement=gm.maa, revision=gm.revision)
    assert "Wigan Metropolitan Borough Council joined" in log.summary
    event = gm.maa.events.get(action="maa_members", revision=gm.revision)
    assert "Wigan" in event.description
    # rule L4: published, on the agreement's history and its public page alike
    history = client.get(f"/agreements/{gm.maa.pk}/history/").content.decode()
    public = client.get(f"/public/areas/{gm.maa.area.code}/")
    assert log.summary in history
    assert public.status_code == 200 and log.summary in public.content.decode()


def test_a_party_leaves_with_every_partys_agreement_and_the_area_follows(gm):
    # rule X1: the leaving party agrees too (it signed the agreement as it stands); once
    # approved its membership ends, kept in its history, and the area loses its area
    _party(gm, RevisionAction.REMOVE_PARTY, BOLTON)
    services.revision_propose(user=gm.users["pm_manchester"], revision=gm.revision)
    needed = {o.slug for o in selectors.revision_required_partners(gm.revision)}
    assert needed == {SALFORD, BOLTON, gm.partner.slug}
    with pytest.raises(PermissionDenied, match="a party to the Multi Area Agreement"):
        _agree(gm, "pm_wigan")  # not a party, and not joining
    _agree(gm, *EVERY_OTHER_PARTY)
    bolton = gm.maa.maa_members.get(organisation__slug=BOLTON)
    services.revision_approve(user=gm.users["approver"], revision=gm.revision)
    assert not gm.maa.maa_members.filter(organisation__slug=BOLTON).exists()
    assert org(BOLTON).area not in gm.maa.area.members.all()
    gone = bolton.history.latest()
    assert gone.history_type == "-" and gone.history_user == gm.users["approver"]


def test_another_member_authority_becomes_responsible(gm, client):
    # rule X1: the responsible authority changes by revision, and with it who holds the pen
    _party(gm, RevisionAction.RESPONSIBLE, SALFORD)
    services.revision_propose(user=gm.users["pm_manchester"], revision=gm.revision)
    _agree(gm, *EVERY_OTHER_PARTY)
    services.revision_approve(user=gm.users["approver"], revision=gm.revision)
    gm.maa.refresh_from_db()
    assert gm.maa.responsible_authority.slug == SALFORD
    assert gm.maa.history.latest().responsible_authority_id == org(SALFORD).pk
    assert has(gm.users["pm_salford"], "agreements.propose_revision", gm.maa)
    assert not has(gm.users["pm_manchester"], "agreements.propose_revision", gm.maa)
    log = ChangeLogEntry.objects.get(agreement=gm.maa, revision=gm.revision)
    assert log.summary.startswith("Salford City Council is responsible")


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        # rule X1: two or more upper-tier authorities stay bound
        (
            [(RevisionAction.REMOVE_PARTY, BOLTON, ""), (RevisionAction.REMOVE_PARTY, SALFORD, "")],
            "two or more upper-tier authorities",
        ),
        # rule X1: the responsible authority stays a member authority
        ([(RevisionAction.REMOVE_PARTY, MANCHESTER, "")], "responsible for the agreement"),
        (
            [(RevisionAction.CHANGE_PARTY, MANCHESTER, "contributing_partner")],
            "responsible for the agreement",
        ),
        # rules X1, X2: a member whose LAA target the MAA carries cannot leave, named
        (
            [
                (RevisionAction.RESPONSIBLE, SALFORD, ""),
                (RevisionAction.REMOVE_PARTY, MANCHESTER, ""),
            ],
            "carries the NI 152 target of .*Manchester stays a member",
        ),
        # rule X1: standings that fit, and steps that make sense
        ([(RevisionAction.ADD_PARTY, "test-business", "member_authority")], "not a county"),
        ([(RevisionAction.ADD_PARTY, BOLTON, "district_council")], "already a party"),
        ([(RevisionAction.CHANGE_PARTY, SALFORD, "member_authority")], "already Member"),
        ([(RevisionAction.RESPONSIBLE, MANCHESTER, "")], "already responsible"),
        ([(RevisionAction.REMOVE_PARTY, WIGAN, "")], "Wigan .* is not a party"),
        ([(RevisionAction.ADD_PARTY, WIGAN, "")], "Choose what Wigan"),
    ],
)
def test_the_parties_pages_checks_refuse_a_change_and_nothing_is_added(gm, steps, message):
    # rules X1, X2: the same checks as the parties page (its service), of the parties the
    # revision would leave; the refused change is not added, the earlier ones stay
    Organisation.objects.create(slug="test-business", name="Test Business", kind="business")
    *allowed, (action, slug, standing) = steps
    for step in allowed:
        _party(gm, *step)
    with pytest.raises(ValidationError, match=message):
        _party(gm, action, slug, standing)
    assert gm.revision.changes.count() == len(allowed)


def test_an_laa_has_no_parties_to_change(gm):
    # rule X1
    revision = services.revision_create(
        user=gm.users["pm_manchester"],
        agreement=gm.laa,
        title="Parties",
        reason="Try to add a party to an LAA.",
        effective_from=EFFECTIVE,
    )
    with pytest.raises(ValidationError, match="only a Multi Area Agreement has parties"):
        services.revision_add_change(
            user=gm.users["pm_manchester"],
            revision=revision,
            action=RevisionAction.ADD_PARTY,
            organisation=org(WIGAN),
            standing="member_authority",
        )
    assert not revision.changes.exists()


def _bolton_moves_a_target_to_the_maa(gm):
    """Rule L5: Bolton's LAA un-designates its NI 152 target and moves it to the MAA."""
    users = gm.users
    laa = services.agreement_create(user=users["pm_bolton"])
    target = services.target_add(
        user=users["pm_bolton"], agreement=laa, data=target_input("NI 152")
    )
    services.agreement_submit(user=users["pm_bolton"], agreement=laa, on=APPROVED_ON)
    services.agreement_recommend(user=users["go_rd"], agreement=laa, on=APPROVED_ON)
    services.agreement_approve(user=users["approver"], agreement=laa, on=APPROVED_ON)
    laa.refresh_from_db()
    move = services.revision_create(
        user=users["pm_bolton"],
        agreement=laa,
        title="Move NI 152",
        reason="Worklessness is tackled across the city region.",
        effective_from=EFFECTIVE,
    )
    services.revision_add_change(
        user=users["pm_bolton"], revision=move, action="undesignate", target=target, to_maa=gm.maa
    )
    services.revision_propose(user=users["pm_bolton"], revision=move)
    for key in ("pm_manchester", "pm_salford"):
        services.revision_record_partner_agreement(user=users[key], revision=move)
    services.revision_approve(user=users["approver"], revision=move)
    assert MaaLink.objects.filter(agreement=gm.maa, target=target).exists()


def test_the_change_of_parties_is_all_or_nothing_when_approved(gm):
    # rules X1, L5: Bolton's target moves into the MAA while the revision that removes
    # Bolton waits; its approval is refused whole, naming the target: Wigan does not
    # join either, and the revision stays proposed
    _party(gm, RevisionAction.ADD_PARTY, WIGAN, "member_authority")
    _party(gm, RevisionAction.REMOVE_PARTY, BOLTON)
    services.revision_propose(user=gm.users["pm_manchester"], revision=gm.revision)
    _agree(gm, *EVERY_OTHER_PARTY, "pm_wigan")
    _bolton_moves_a_target_to_the_maa(gm)
    before = _state(gm)
    with pytest.raises(ValidationError, match="carries the NI 152 target of .*Bolton"):
        services.revision_approve(user=gm.users["approver"], revision=gm.revision)
    assert _state(gm) == before
    gm.revision.refresh_from_db()
    assert gm.revision.status == RevisionStatus.PROPOSED
    assert not gm.maa.events.filter(action="maa_members").exists()


# --- who may propose it ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["pm_salford", "partner", "pm_wigan", "go_rd"])
def test_only_the_responsible_authoritys_pm_proposes_a_change_of_parties(gm, who):
    # rule X1: a member's PM who is not responsible, a contributing partner, a non-member
    # and the Government Office can neither start such a revision nor add to one
    user = gm.users[who]
    with pytest.raises(PermissionDenied, match="Manchester City Council"):
        services.revision_create(
            user=user,
            agreement=gm.maa,
            title="Wigan joins",
            reason="Wigan joins.",
            effective_from=EFFECTIVE,
        )
    with pytest.raises(PermissionDenied, match="Manchester City Council"):
        _party(gm, RevisionAction.ADD_PARTY, WIGAN, "member_authority", user=who)
    assert not gm.revision.changes.exists()


def api(client, url: str, body: dict):
    return client.post(f"/api/v1{url}", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("who", "status"), [("pm_salford", 403), ("pm_wigan", 403)])
def test_the_api_refuses_a_member_who_is_not_responsible_and_a_non_member(client, gm, who, status):
    # rule X1: the same permission through the API
    client.force_login(gm.users[who])
    started = api(
        client,
        f"/agreements/{gm.maa.pk}/revisions",
        {"title": "Wigan joins", "reason": "Wigan joins.", "effective_from": "2009-04-01"},
    )
    assert started.status_code == status
    added = api(
        client,
        f"/agreements/{gm.maa.pk}/revisions/{gm.revision.number}/changes",
        {"action": "add_party", "organisation": WIGAN, "standing": "member_authority"},
    )
    assert added.status_code == 404  # a revision being prepared is the proposer's
    assert not gm.revision.changes.exists()


def test_the_api_adds_a_change_of_parties_with_the_same_verdicts(client, gm):
    # rule X1: the API asks the same service, so the same checks and messages
    client.force_login(gm.users["pm_manchester"])
    url = f"/agreements/{gm.maa.pk}/revisions/{gm.revision.number}/changes"
    unknown = api(client, url, {"action": "add_party", "organisation": "nowhere"})
    assert unknown.status_code == 422 and "nowhere" in unknown.content.decode()
    refused = api(client, url, {"action": "remove_party", "organisation": MANCHESTER})
    assert refused.status_code == 422
    assert "responsible for the agreement" in refused.content.decode()
    added = api(
        client, url, {"action": "add_party", "organisation": WIGAN, "standing": "member_authority"}
    )
    assert added.status_code == 201
    body = added.json()
    change = body["changes"][0]
    assert change["action"]["value"] == "add_party"
    assert (change["organisation"], change["standing"]) == (WIGAN, "member_authority")
    assert body["needs_secretary_of_state"] is True
    assert WIGAN in body["partners_required"]


# --- the pages ---------------------------------------------------------------------------


def test_the_revision_page_adds_and_changes_parties(client, gm):
    # rule X1, through the GOV.UK form pages
    client.force_login(gm.users["pm_manchester"])
    base = f"/agreements/{gm.maa.pk}/revisions/{gm.revision.number}/"
    page = client.get(base).content.decode()
    assert "Change the parties to the agreement" in page and "Add a party" in page
    refused = client.post(
        f"{base}parties/add/", {"organisation": org(WIGAN).pk, "standing": "district_council"}
    )
    assert refused.status_code == 200
    assert "is not a district council" in refused.content.decode()
    assert not gm.revision.changes.exists()
    added = client.post(
        f"{base}parties/add/", {"organisation": org(WIGAN).pk, "standing": "member_authority"}
    )
    assert added.status_code == 302
    salford = gm.maa.maa_members.get(organisation__slug=SALFORD)
    made = client.post(f"{base}parties/{salford.pk}/responsible/", {})
    assert made.status_code == 302
    bolton = gm.maa.maa_members.get(organisation__slug=BOLTON)
    changed = client.post(f"{base}parties/{bolton.pk}/change_party/", {"standing": "government"})
    assert changed.status_code == 200  # a council is not a government body
    assert "not a government body" in changed.content.decode()
    page = client.get(base).content.decode()
    assert "Add Wigan Metropolitan Borough Council as a party" in page
    assert "Make Salford City Council responsible" in page
    assert "it changes the parties to the agreement" in page
    assert client.get(f"{base}parties/{bolton.pk}/nonsense/").status_code == 404


def test_the_revision_page_of_another_member_is_not_theirs(client, gm):
    # rule X1: a member's PM who is not responsible cannot prepare the revision
    client.force_login(gm.users["pm_salford"])
    base = f"/agreements/{gm.maa.pk}/revisions/{gm.revision.number}/"
    assert client.get(f"{base}parties/add/").status_code == 404
    assert client.get(f"/agreements/{gm.maa.pk}/revisions/new/").status_code == 403
