"""Reward in a browser: the Government Office and central government pages pass axe,
and the claim is determined through the pages (rule P1)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from localperf.reward import services
from localperf.reward.models import ClaimStatus, RewardClaim
from tests.browser.accessibility import assert_accessible
from tests.reward.conftest import figure

pytestmark = pytest.mark.browser


def sign_in(page, user) -> None:
    user.set_password("pw-for-the-browser")
    user.save()
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("pw-for-the-browser")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_claim_is_determined_through_the_pages(page, live_server, kent_reward, users):
    # The server's first request imports every view; on a busy machine that outlasts the
    # page's timeout, so it is made before the browser's.
    urllib.request.urlopen(live_server.url + "/account/sign-in/", timeout=120).close()
    agreement, _, ni112, _ = kent_reward
    figure(ni112, "2008/09", 49.0)
    claim = services.reward_claim_create(user=users["pm"], agreement=agreement, year="2008/09")
    claim = services.reward_claim_step(user=users["pm"], claim=claim, action="submit")
    services.reward_claim_step(user=users["go_lm"], claim=claim, action="check")
    sign_in(page, users["approver"])
    page.goto(f"/agreements/{agreement.pk}/reward/?year=2008/09")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Determine the grant")).click()
    page.get_by_role("button", name="Determine the grant").click()
    assert "determined by central government" in page.content()
    assert RewardClaim.objects.get(pk=claim.pk).status == ClaimStatus.DETERMINED
    page.goto("/reward/determination/")
    assert "1,662,500.00" in page.content()
    assert_accessible(page)
    page.goto("/reward/revocation/")
    assert_accessible(page)
