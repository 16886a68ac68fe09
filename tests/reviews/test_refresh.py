"""The 2009/10 refresh of an agreement (rule L6): its steps on the timetable, the targets
it may change (the exempted suite of rule L7, listed exceptions, targets the review marks
for renegotiation, statutory targets with DCSF), one revision with its approvals, and a
refusal naming the rule for anything else."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.agreements import services
from localperf.agreements.refresh_rules import RefreshFacts, refresh_may_change
from localperf.agreements.services.targets import target_input_from_target
from localperf.reviews import refreshes
from localperf.reviews.models import ListingKind, RefreshStatus
from tests.agreements.factories import take_to_approval, target_input

D = datetime.date
WITH_INTERVAL = {"baseline_lower": Decimal("48"), "baseline_upper": Decimal("52")}


@pytest.fixture
def agreement(users):
    """Kent approved in 2008 with NI 112 (locked), NI 4 (Place Survey), NI 151 (relative
    to the regional rate) and the statutory NI 73."""
    agreement = services.agreement_create(user=users["pm"])
    for code, extra in (
        ("NI 112", {}),
        ("NI 4", WITH_INTERVAL),
        ("NI 151", {**WITH_INTERVAL, "theme": "economic_development_and_environment"}),
        ("NI 73", {"category": "statutory"}),
    ):
        data = target_input(code, **extra)
        if code in ("NI 4", "NI 151"):
            data = replace(data, trajectory={**data.trajectory, "2010/11": Decimal("55")})
        services.target_add(user=users["pm"], agreement=agreement, data=data)
    return take_to_approval(agreement, users)


def target(agreement, code):
    return agreement.targets.get(indicator__code=code)


def changed(agreement, code):
    data = target_input_from_target(target(agreement, code))
    return replace(data, title=f"Renegotiated {code}")


def test_the_refresh_may_change_only_what_the_rules_open():
    # rule L6, rule L7: the pure decision, as the reward lockdown may also ask it
    assert not refresh_may_change(RefreshFacts("NI 112", "designated")).allowed
    assert refresh_may_change(RefreshFacts("NI 5", "designated", exempted_reason="x")).rule == "L7"
    assert refresh_may_change(RefreshFacts("NI 39", "designated", listed_exception="y")).allowed
    assert refresh_may_change(RefreshFacts("NI 73", "statutory")).route == "dcsf"


def test_the_refresh_from_review_to_approval_makes_one_revision(agreement, users, client):
    # rule L6
    pm, go, approver = users["pm"], users["go_lm"], users["approver"]
    refresh = refreshes.refresh_start(user=pm, agreement=agreement, on=D(2009, 11, 13))
    refreshes.refresh_take_action(
        user=pm, refresh=refresh, action="self_assess", on=D(2009, 11, 13)
    )

    # A locked designated target is refused, naming the rule.
    with pytest.raises(ValidationError) as caught:
        refreshes.refresh_add_change(
            user=pm, refresh=refresh, action="change", target=target(agreement, "NI 112"),
            data=changed(agreement, "NI 112"),
        )  # fmt: skip
    assert "NI 112 cannot change at the 2009/10 refresh (rule L6)" in str(caught.value)
    # A statutory target changes with DCSF, not in the refresh's revision.
    with pytest.raises(ValidationError) as caught:
        refreshes.refresh_add_change(
            user=pm, refresh=refresh, action="change", target=target(agreement, "NI 73"),
            data=changed(agreement, "NI 73"),
        )  # fmt: skip
    assert "DCSF sets its years at the refresh" in str(caught.value)

    # The Place Survey target is in the exempted suite (rule L7).
    refreshes.refresh_add_change(
        user=pm, refresh=refresh, action="change", target=target(agreement, "NI 4"),
        data=changed(agreement, "NI 4"),
    )  # fmt: skip

    # NI 151 only once the review marks it, through the API.
    client.force_login(pm)
    body = {"action": "change", "target": target(agreement, "NI 151").pk}
    url = f"/api/v1/agreements/{agreement.pk}/refresh/changes"
    answer = client.post(url, data=json.dumps(body), content_type="application/json")
    assert answer.status_code == 422 and "(rule L6)" in answer.json()["detail"]
    refreshes.refresh_list_target(
        user=go, refresh=refresh, target=target(agreement, "NI 151"),
        kind=ListingKind.RENEGOTIATE, reason="relative to the regional employment rate",
    )  # fmt: skip
    refreshes.refresh_add_change(
        user=pm, refresh=refresh, action="change", target=target(agreement, "NI 151"),
        data=changed(agreement, "NI 151"),
    )  # fmt: skip
    seen = client.get(f"/api/v1/agreements/{agreement.pk}/refresh").json()
    verdicts = {t["measure"]: (t["allowed"], t["rule"]) for t in seen["targets"]}
    assert verdicts == {
        "NI 112": (False, "L6"),
        "NI 4": (True, "L7"),
        "NI 151": (True, "L6"),
        "NI 73": (True, "A3"),
    }

    # Steps out of order are refused; in order, on the timetable.
    with pytest.raises(PermissionDenied, match="not the next step"):
        refreshes.refresh_take_action(user=pm, refresh=refresh, action="adopt")
    with pytest.raises(PermissionDenied):
        refreshes.refresh_take_action(user=pm, refresh=refresh, action="report")
    refreshes.refresh_take_action(user=go, refresh=refresh, action="report", on=D(2010, 1, 25))
    refreshes.refresh_take_action(user=pm, refresh=refresh, action="adopt", on=D(2010, 3, 12))
    refreshes.refresh_take_action(user=pm, refresh=refresh, action="submit", on=D(2010, 3, 15))
    refresh.refresh_from_db()
    assert refresh.revision.status == "proposed"
    refreshes.refresh_take_action(
        user=approver, refresh=refresh, action="approve", on=D(2010, 3, 31)
    )
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.APPROVED
    assert agreement.revisions.count() == 1
    revision = agreement.revisions.get()
    assert revision.status == "approved" and revision.changes.count() == 2
    assert target(agreement, "NI 151").current_version().effective_from == D(2010, 4, 1)
    log = list(agreement.change_log.filter(revision=revision).values_list("summary", flat=True))
    assert len(log) == 2 and all("changed from 1 April 2010" in s for s in log)
    steps = list(agreement.events.filter(action__startswith="refresh_").values_list(
        "description", flat=True
    ))  # fmt: skip
    assert steps == [
        "The 2009/10 refresh started (rule L6)",
        "Self-assessment sent to the Government Office",
        "Government Office annual review report sent to CLG",
        "Refreshed agreement adopted by the council",
        "Refreshed agreement submitted to CLG",
        "Refreshed agreement approved by ministers",
    ]


def test_the_refresh_page_says_which_targets_may_change(agreement, users, client):
    # rule L6
    refreshes.refresh_start(user=users["pm"], agreement=agreement, on=D(2009, 11, 13))
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/refresh/").content.decode()
    assert "No: rule L6" in page and "Yes: rule L7" in page and "With DCSF" in page
    assert "25 January 2010" in page and "31 March 2010" in page
