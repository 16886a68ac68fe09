"""The reward element, the lockdown (rule L7), the claim's path and the statement (rule
P1), asked through the services, the pages and the API: one answer in each."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from localperf.reward import selectors, services
from localperf.reward.models import ClaimStatus, RewardRuleSet
from tests.reward.conftest import figure, revise

AFTER_LOCKDOWN = datetime.date(2009, 10, 1)


def test_the_element_holds_designated_targets_only(kent_reward):
    # rule L7: by default the designated targets earn reward; a local one does not.
    agreement, element, ni112, ni1 = kent_reward
    members = {m.target.measure_code for m in element.members.filter(included=True)}
    assert members == {"NI 112", "NI 1"}


def test_lockdown_keeps_the_locked_version_after_a_revision(kent_reward):
    # rule L7: reward judges NI 112 against version 1 even when it is later revised.
    _, _, ni112, _ = kent_reward
    revise(ni112, on=AFTER_LOCKDOWN, final=Decimal(40))
    basis = selectors.reward_basis(ni112)
    assert (basis.version.number, basis.current_version.number) == (1, 2)
    assert not basis.follows_revisions and "locked on 31 March 2009" in basis.reason


def test_an_exempted_target_follows_the_revision(kent_reward):
    # rule L7: NI 1 is a Place Survey indicator, in the exempted suite.
    _, _, _, ni1 = kent_reward
    revise(ni1, on=AFTER_LOCKDOWN, final=Decimal(70))
    basis = selectors.reward_basis(ni1)
    assert basis.version.number == 2 and basis.follows_revisions
    assert "Place Survey" in basis.reason


def test_a_named_exception_follows_the_revision(kent_reward, users):
    # rule L7: e.g. an area still without a year-three teenage pregnancy target.
    _, _, ni112, _ = kent_reward
    services.lockdown_exception_record(
        user=users["go_rd"], target=ni112, reason="no year-three teenage pregnancy target"
    )
    revise(ni112, on=AFTER_LOCKDOWN, final=Decimal(40))
    basis = selectors.reward_basis(ni112)
    assert basis.version.number == 2 and "named exception" in basis.reason


def test_only_the_government_office_changes_the_element_and_it_is_audited(kent_reward, users):
    # rule L7: the real case, NI 112 taken out of a reward element at the 2010 refresh.
    _, element, ni112, _ = kent_reward
    with pytest.raises(PermissionDenied):
        services.reward_element_change(
            user=users["pm"], target=ni112, included=False, reason="refresh"
        )
    with pytest.raises(ValidationError):
        services.reward_element_change(user=users["go_rd"], target=ni112, included=False, reason="")
    services.reward_element_change(
        user=users["go_rd"], target=ni112, included=False, reason="Removed at the 2010 refresh"
    )
    member = element.members.get(target=ni112)
    assert not member.included and member.approved_by == users["go_rd"]
    assert member.history.count() == 2
    assert member.history.first().history_user == users["go_rd"]
    assert not selectors.reward_basis(ni112).in_element


def test_the_statement_uses_final_outturns_only(kent_reward):
    # rule P1: a provisional figure pays nothing and says why.
    agreement, element, ni112, ni1 = kent_reward
    figure(ni112, "2008/09", 49.0)  # the stretch: 50 → 49 (lower is better): 100%
    figure(ni1, "2008/09", 51.0, status="provisional")
    view = selectors.statement_for(element, "2008/09")
    by_code = {row.target.measure_code: (row, judged) for row, judged in view.rows}
    row, judged = by_code["NI 112"]
    assert judged.achievement == Decimal("100.0")
    assert judged.grant == Decimal("1662500.00")  # half of £3,325,000
    row, judged = by_code["NI 1"]
    assert judged.line.outturn is None and "provisional" in row.outturn_note
    assert view.statement.total == Decimal("1662500.00")
    assert view.statement.capital + view.statement.revenue == view.statement.total


def test_the_claim_path_and_its_permissions(kent_reward, users):
    # rule P1: prepared by the partnership, checked by the GO, determined centrally.
    agreement, element, ni112, _ = kent_reward
    figure(ni112, "2008/09", 49.0)
    with pytest.raises(PermissionDenied):
        services.reward_claim_create(user=users["go_rd"], agreement=agreement, year="2008/09")
    claim = services.reward_claim_create(user=users["pm"], agreement=agreement, year="2008/09")
    with pytest.raises(PermissionDenied):
        services.reward_claim_step(user=users["go_rd"], claim=claim, action="submit")
    claim = services.reward_claim_step(user=users["pm"], claim=claim, action="submit")
    with pytest.raises(PermissionDenied):  # another region's Government Office
        services.reward_claim_step(user=users["other_go"], claim=claim, action="check")
    with pytest.raises(ValidationError):  # returning needs a comment
        services.reward_claim_step(user=users["go_lm"], claim=claim, action="return")
    claim = services.reward_claim_step(user=users["go_lm"], claim=claim, action="check")
    with pytest.raises(PermissionDenied):
        services.reward_claim_step(user=users["go_rd"], claim=claim, action="determine")
    claim = services.reward_claim_step(user=users["approver"], claim=claim, action="determine")
    assert claim.status == ClaimStatus.DETERMINED
    assert claim.determined_total == Decimal("1662500.00")
    assert claim.determined_capital + claim.determined_revenue == claim.determined_total
    assert [e.action for e in claim.events.all()] == ["create", "submit", "check", "determine"]
    # The determination table, its CSV and the API say the same figures.
    rows = selectors.determination_rows()
    assert [(r.authority, r.total) for r in rows] == [
        ("Kent County Council", Decimal("1662500.00"))
    ]


def test_pages_csv_and_api_agree_and_the_public_sees_nothing(kent_reward, users, client):
    agreement, element, ni112, _ = kent_reward
    figure(ni112, "2008/09", 49.0)
    url = reverse("reward:agreement", args=[agreement.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(users["inspector"])
    assert client.get(url).status_code == 403
    client.force_login(users["pm"])
    page = client.get(url + "?year=2008/09").content.decode()
    assert "1,662,500.00" in page
    csv_text = client.get(
        reverse("reward:statement_download", args=[agreement.pk, "csv"]) + "?year=2008/09"
    ).content.decode("utf-8")
    assert "1662500.00" in csv_text
    api = client.get(f"/api/v1/reward/agreements/{agreement.pk}/statement?year=2008/09").json()
    assert api["totals"]["Total £"] == "1662500.00"
    pdf = client.get(reverse("reward:statement_download", args=[agreement.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    basis = client.get(f"/api/v1/reward/agreements/{agreement.pk}/targets/{ni112.pk}/basis")
    assert basis.json()["version_used"] == 1
    target_page = client.get(reverse("agreements:target", args=[agreement.pk, ni112.pk]))
    assert "Reward uses version 1" in target_page.content.decode()


def test_the_2008_11_rule_is_labelled_unverified_everywhere(kent_reward, users, client):
    # rule P1: threshold, cap and split never confirmed: every output says so.
    agreement, element, ni112, _ = kent_reward
    element.rule_set = RewardRuleSet.objects.get(name="LAA 2008–11")
    element.save()
    client.force_login(users["go_rd"])
    assert (
        "Unverified"
        in client.get(reverse("reward:agreement", args=[agreement.pk])).content.decode()
    )
    csv_text = client.get(
        reverse("reward:statement_download", args=[agreement.pk, "csv"])
    ).content.decode("utf-8")
    assert "Unverified" in csv_text
    api = client.get(f"/api/v1/reward/agreements/{agreement.pk}/statement").json()
    assert api["unverified"] and api["label"].startswith("Unverified")


def test_the_api_takes_claim_steps_with_the_api_errors(kent_reward, users, client):
    # rule P1: the same path through the API: 403 with the reason, 422 naming the field.
    agreement, _, ni112, _ = kent_reward
    figure(ni112, "2008/09", 49.0)
    claim = services.reward_claim_create(user=users["pm"], agreement=agreement, year="2008/09")
    url = f"/api/v1/reward/claims/{claim.pk}/steps"
    client.force_login(users["go_lm"])
    refused = client.post(url, {"action": "submit"}, content_type="application/json")
    assert refused.status_code == 403 and "not yours" in refused.json()["detail"]
    client.force_login(users["pm"])
    done = client.post(url, {"action": "submit"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"]["value"] == "submitted"
    client.force_login(users["go_lm"])
    bare = client.post(url, {"action": "return"}, content_type="application/json")
    assert bare.status_code == 422 and bare.json()["errors"][0]["field"] == "comment"
    client.force_login(users["pm"])
    assert client.get("/api/v1/reward/determination").status_code == 403
    client.force_login(users["analyst"])
    assert client.get("/api/v1/reward/determination").json() == []
