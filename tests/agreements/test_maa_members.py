"""Changing a Multi Area Agreement's parties (rule X1): only the responsible authority's
performance manager, only while drafted; every change keeps two or more upper-tier
authorities and fitting standings, keeps the MAA's area equal to its authorities', leaves
no carried target without its member (rule X2), asks every party to sign again, and is
kept in the member's history and the agreement's; a refused change changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.agreements import services
from localperf.agreements.models import MaaMember, MemberStanding
from localperf.organisations.models import Organisation
from tests.agreements.factories import org, target_input
from tests.agreements.maa_factories import APPROVED_ON, MAA_SIGNED_ON, greater_manchester

pytestmark = pytest.mark.django_db

WIGAN = "wigan-metropolitan-borough-council"


@pytest.fixture
def gm():
    return greater_manchester(link=False)


def _member(setup, slug: str) -> MaaMember:
    return setup.maa.maa_members.get(organisation__slug=slug)


def _state(setup) -> tuple:
    """Everything a refused change must leave as it was."""
    maa = setup.maa
    members = sorted(maa.maa_members.values_list("organisation__slug", "standing", "signed_on"))
    areas = sorted(maa.area.members.values_list("code", flat=True))
    return members, areas, maa.events.count()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("pm_manchester", 200),  # the responsible authority's PM holds the pen
        ("pm_salford", 403),  # a member authority's PM signs and supplies figures
        ("pm_bolton", 403),
        ("partner", 403),  # a contributing partner signs
        ("go_rd", 403),  # the Government Office negotiates and recommends
        ("approver", 404),  # a draft is not the central approvers' to see
    ],
)
def test_who_may_change_the_parties_of_a_draft(client, gm, who, status):
    # rule X1: the permission matrix, on the page and through the service
    user = gm.users[who]
    allowed = status == 200
    client.force_login(user)
    page = client.get(f"/agreements/{gm.maa.pk}/multi-area/members/")
    assert page.status_code == status
    if status != 404:
        overview = client.get(f"/agreements/{gm.maa.pk}/").content.decode()
        assert ("Change the parties" in overview) is allowed
    before = _state(gm)
    call = lambda: services.maa_member_add(  # noqa: E731
        user=user, agreement=gm.maa, organisation=org(WIGAN), standing="member_authority"
    )
    if allowed:
        call()
        assert _state(gm) != before
    else:
        with pytest.raises(PermissionDenied, match="Manchester City Council"):
            call()
        assert _state(gm) == before


def test_an_anonymous_visitor_is_sent_to_sign_in(client, gm):
    response = client.get(f"/agreements/{gm.maa.pk}/multi-area/members/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_once_submitted_the_parties_change_only_through_a_revision(client, gm):
    # rule X1 (and L3): a clear refusal, naming the way it can be done
    pm = gm.users["pm_manchester"]
    services.maa_link_target(user=pm, agreement=gm.maa, target=gm.laa_target)
    services.agreement_submit(user=pm, agreement=gm.maa)
    client.force_login(pm)
    page = client.get(f"/agreements/{gm.maa.pk}/multi-area/members/")
    assert page.status_code == 403 and "revision" in page.content.decode()
    overview = client.get(f"/agreements/{gm.maa.pk}/").content.decode()
    assert "Change the parties" not in overview
    assert "change only through a revision" in overview
    before = _state(gm)
    with pytest.raises(PermissionDenied, match="revision"):
        services.maa_member_remove(user=pm, member=_member(gm, COUNCIL_BOLTON))
    assert _state(gm) == before


COUNCIL_BOLTON = "bolton-metropolitan-borough-council"
COUNCIL_SALFORD = "salford-city-council"


def test_adding_a_member_authority_widens_the_area_and_asks_everyone_to_sign_again(gm):
    # rule X1
    pm = gm.users["pm_manchester"]
    services.maa_sign(user=gm.users["pm_salford"], agreement=gm.maa, on=MAA_SIGNED_ON)
    member = services.maa_member_add(
        user=pm, agreement=gm.maa, organisation=org(WIGAN), standing="member_authority"
    )
    assert org(WIGAN).area in gm.maa.area.members.all()
    assert not gm.maa.maa_members.filter(signed_on__isnull=False).exists()
    assert member.history.latest().history_user == pm
    salford = _member(gm, COUNCIL_SALFORD)
    assert salford.history.latest().signed_on is None
    assert salford.history.filter(signed_on=MAA_SIGNED_ON).exists()
    event = gm.maa.events.latest("occurred_at")
    assert "Wigan" in event.description and "sign" in event.description


def test_a_party_that_does_not_fit_its_standing_is_refused_and_nothing_changes(gm):
    # rule X1: a business is not a member authority, nor government
    pm = gm.users["pm_manchester"]
    business = Organisation.objects.create(
        slug="test-gm-business", name="Test Business", kind="business"
    )
    before = _state(gm)
    with pytest.raises(ValidationError, match="not a county or unitary council"):
        services.maa_member_add(
            user=pm, agreement=gm.maa, organisation=business, standing="member_authority"
        )
    with pytest.raises(ValidationError, match="already a party"):
        services.maa_member_add(
            user=pm, agreement=gm.maa, organisation=org(COUNCIL_BOLTON), standing="member_authority"
        )
    with pytest.raises(ValidationError, match="not a government body"):
        services.maa_member_change(
            user=pm, member=_member(gm, gm.partner.slug), standing=MemberStanding.GOVERNMENT
        )
    assert _state(gm) == before


def test_two_upper_tier_authorities_stay_and_the_responsible_one_stays(gm):
    # rule X1
    pm = gm.users["pm_manchester"]
    services.maa_member_remove(user=pm, member=_member(gm, COUNCIL_BOLTON))
    assert org(COUNCIL_BOLTON).area not in gm.maa.area.members.all()
    before = _state(gm)
    with pytest.raises(ValidationError, match="two or more upper-tier authorities"):
        services.maa_member_remove(user=pm, member=_member(gm, COUNCIL_SALFORD))
    with pytest.raises(ValidationError, match="responsible for the agreement"):
        services.maa_member_change(
            user=pm,
            member=_member(gm, "manchester-city-council"),
            standing=MemberStanding.CONTRIBUTING_PARTNER,
        )
    assert _state(gm) == before


def test_a_member_whose_lAA_target_is_carried_cannot_leave_first(gm):
    # rules X1, X2: the carried target is that member's LAA target
    salford_pm = gm.users["pm_salford"]
    laa = services.agreement_create(user=salford_pm)
    target = services.target_add(user=salford_pm, agreement=laa, data=target_input("NI 152"))
    services.agreement_submit(user=salford_pm, agreement=laa, on=APPROVED_ON)
    services.agreement_recommend(user=gm.users["go_rd"], agreement=laa, on=APPROVED_ON)
    services.agreement_approve(user=gm.users["approver"], agreement=laa, on=APPROVED_ON)
    pm = gm.users["pm_manchester"]
    services.maa_link_target(user=pm, agreement=gm.maa, target=target)
    before = _state(gm)
    with pytest.raises(ValidationError, match="NI 152 target of Salford"):
        services.maa_member_remove(user=pm, member=_member(gm, COUNCIL_SALFORD))
    assert _state(gm) == before


def test_the_page_adds_changes_and_removes_a_party(client, gm):
    # rule X1, through the GOV.UK form pages
    district = Organisation.objects.create(
        slug="test-gm-district", name="Test District Council", kind="district_council"
    )
    client.force_login(gm.users["pm_manchester"])
    url = f"/agreements/{gm.maa.pk}/multi-area/members/"
    refused = client.post(url, {"organisation": district.pk, "standing": "member_authority"})
    assert refused.status_code == 200
    assert "is not a county or unitary council" in refused.content.decode()
    assert not gm.maa.maa_members.filter(organisation=district).exists()
    added = client.post(url, {"organisation": district.pk, "standing": "district_council"})
    assert added.status_code == 302
    member = gm.maa.maa_members.get(organisation=district)
    changed = client.post(f"{url}{member.pk}/change/", {"standing": "contributing_partner"})
    assert changed.status_code == 302
    member.refresh_from_db()
    assert member.standing == "contributing_partner"
    page = client.get(url).content.decode()
    assert "Test District Council" in page and "Contributing partner" in page
    removed = client.post(f"{url}{member.pk}/remove/", {})
    assert removed.status_code == 302
    assert not gm.maa.maa_members.filter(organisation=district).exists()
    assert member.history.count() == 3  # added, changed, removed


def test_the_sign_off_summary_counts_what_the_maa_holds(client):
    # rule X2: the step page says what is signed as the hub does (holdings), carried too
    gm = greater_manchester()
    client.force_login(gm.users["pm_manchester"])
    html = client.get(f"/agreements/{gm.maa.pk}/steps/submit/").content.decode()
    assert "1 designated national indicator target carried from constituent LAAs" in html
    assert "of up to 35" not in html
