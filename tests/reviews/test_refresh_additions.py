"""A target added at the 2009/10 refresh (rules L6, L7, L4, L3, A3): a local target, or a
designated target on an indicator of the exempted suite; never a statutory target (DCSF
agrees those) nor a designated target on any other indicator. One answer,
``refreshes.refresh_change_problem``, asked by the refresh's page and API and by the
ordinary revision page and API alike; a refusal names the rule and changes nothing."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from localperf.agreements import services
from localperf.agreements.inputs import TargetInput
from localperf.agreements.models import TargetCategory
from localperf.agreements.refresh_rules import RefreshFacts, refresh_may_add
from localperf.agreements.services.targets import target_input_from_target
from localperf.indicators.models import Indicator
from localperf.indicators.selectors import exempted_suite_reason
from localperf.reviews import refreshes
from tests.agreements.factories import target_input

D = datetime.date
LOCKED = "NI 111"  # first-time entrants: not in the exempted suite
DEFERRED = "NI 32"  # repeat domestic violence: deferred to 2009/10 (rule D2)
REFUSED = f"A new designated target on {LOCKED} cannot be added at the 2009/10 refresh (rule L6)"


@pytest.fixture
def refresh(approved, users):
    """Kent's refresh, started on 13 November 2009, its revision holding one change to the
    local NI 195 (rule L4)."""
    agreement, _, local = approved
    refresh = refreshes.refresh_start(user=users["pm"], agreement=agreement, on=D(2009, 11, 13))
    data = replace(target_input_from_target(local), title="Refreshed NI 195")
    refreshes.refresh_add_change(
        user=users["pm"], refresh=refresh, action="change", target=local, data=data
    )
    refresh.refresh_from_db()
    return refresh


def body(code: str, category: str = "designated") -> dict:
    """A new target as the API takes it; a deferred indicator's from 2009/10 (rule D2)."""
    first = Indicator.objects.with_code(code).get().is_deferred
    return {
        "category": category,
        "indicator": code,
        "theme": "children_and_young_people",
        "title": f"New {code}",
        "baseline_value": "50",
        "baseline_period": "2007/08",
        "trajectory": {"2009/10": "52", "2010/11": "53"}
        if first
        else {"2008/09": "51", "2009/10": "52", "2010/11": "53"},
    }


def form(code: str, category: str = "designated") -> dict:
    """The same target as the web form posts it."""
    given = body(code, category)
    data = {
        "category": category,
        "indicator": Indicator.objects.with_code(code).get().pk,
        "theme": given["theme"],
        "title": given["title"],
        "setting": "trajectory",
        "baseline_value": given["baseline_value"],
        "baseline_period": given["baseline_period"],
    }
    for year, value in given["trajectory"].items():
        data["trajectory_" + year.replace("/", "_")] = value
    return data


def codes(revision) -> list[str]:
    return sorted(revision.changes.values_list("summary", flat=True))


def test_what_the_refresh_may_add():
    # rule L6: a new designated target only on the exempted suite (rule L7); local targets
    # (rule L4); statutory targets with DCSF (rule A3)
    assert not refresh_may_add(RefreshFacts(LOCKED, "designated")).allowed
    assert refresh_may_add(RefreshFacts(DEFERRED, "designated", exempted_reason="x")).rule == "L7"
    assert refresh_may_add(RefreshFacts(LOCKED, "local")).rule == "L4"
    assert refresh_may_add(RefreshFacts("NI 73", "statutory")).route == "dcsf"


def test_the_indicators_of_these_tests_are_where_the_catalogue_says(db):
    # rule L7: the tests lean on the catalogue's one answer, not on a list of their own
    assert exempted_suite_reason(Indicator.objects.with_code(LOCKED).get()) is None
    assert exempted_suite_reason(Indicator.objects.with_code(DEFERRED).get())


def test_the_refresh_page_adds_only_what_the_refresh_may_add(refresh, approved, users, client):
    # rule L6: refused with the rule named, nothing changed; rule L4: a local target goes
    # in; rule L7: a designated target on a deferred indicator goes in
    agreement, _, _ = approved
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/refresh/").content.decode()
    assert "Add a target at the refresh" in page
    url = f"/agreements/{agreement.pk}/refresh/add/"
    before = codes(refresh.revision)
    refused = client.post(url, form(LOCKED))
    assert refused.status_code == 200
    text = refused.content.decode()
    assert REFUSED in text and "govuk-error-summary" in text
    assert codes(refresh.revision) == before
    statutory = client.post(url, form("NI 73", "statutory"))
    assert "is agreed with DCSF separately (rules A3, D3)" in statutory.content.decode()
    assert codes(refresh.revision) == before

    assert client.post(url, form(LOCKED, "local")).status_code == 302
    assert client.post(url, form(DEFERRED)).status_code == 302
    assert codes(refresh.revision) == sorted(
        [*before, f"Add a local target on {LOCKED}: New {LOCKED}",
         f"Add a designated target (one of the up to 35) on {DEFERRED}: New {DEFERRED}"]
    )  # fmt: skip
    # rule L3: a new designated target makes the refresh the ministers' to approve.
    page = client.get(f"/agreements/{agreement.pk}/refresh/").content.decode()
    assert "Refreshed agreement approved by ministers" in page
    assert "approved by the partnership" not in page


def test_the_ordinary_revision_page_asks_the_same_question(refresh, approved, users, client):
    # rule L6: the refresh's revision reached through the revision page
    agreement, _, _ = approved
    revision = refresh.revision
    client.force_login(users["pm"])
    before = codes(revision)
    url = f"/agreements/{agreement.pk}/revisions/{revision.number}/add/"
    page = client.post(url, form(LOCKED))
    assert page.status_code == 200
    assert REFUSED in page.content.decode()
    assert page.context["form"].errors["indicator"] == [
        refreshes.refresh_add_verdict(TargetInput(
            category="designated", indicator=Indicator.objects.with_code(LOCKED).get(),
            theme="children_and_young_people",
        )).reason
    ]  # fmt: skip
    assert codes(revision) == before


@pytest.mark.parametrize("way", ["refresh", "revision"])
def test_the_apis_refuse_with_422_and_change_nothing(way, refresh, approved, users, client):
    # rule L6: both APIs give the one answer
    agreement, _, _ = approved
    client.force_login(users["pm"])
    url = {
        "refresh": f"/api/v1/agreements/{agreement.pk}/refresh/changes",
        "revision": f"/api/v1/agreements/{agreement.pk}/revisions/{refresh.revision.number}"
        "/changes",
    }[way]
    before = codes(refresh.revision)
    answer = client.post(
        url, json.dumps({"action": "add", "proposed": body(LOCKED)}),
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 422, answer.content
    assert REFUSED in answer.json()["detail"]
    assert codes(refresh.revision) == before
    added = client.post(
        url, json.dumps({"action": "add", "proposed": body(LOCKED, "local")}),
        content_type="application/json",
    )  # fmt: skip
    assert added.status_code in (200, 201), added.content
    assert len(codes(refresh.revision)) == len(before) + 1


def test_a_refused_addition_starts_no_revision(approved, users):
    # rule L6: asked before the refresh's revision is made, so a refusal leaves none
    agreement, _, _ = approved
    refresh = refreshes.refresh_start(user=users["pm"], agreement=agreement, on=D(2009, 11, 13))
    data = target_input(LOCKED)
    with pytest.raises(ValidationError) as caught:
        refreshes.refresh_add_change(user=users["pm"], refresh=refresh, action="add", data=data)
    assert REFUSED in str(caught.value)
    refresh.refresh_from_db()
    assert refresh.revision is None and agreement.revisions.count() == 0


def test_an_ordinary_revision_may_still_add_a_designated_target(approved, users):
    # rule L3: outside a refresh a new designated target is for the Secretary of State,
    # not refused: the limit is the refresh's (rule L6)
    agreement, _, _ = approved
    revision = services.revision_create(
        user=users["pm"], agreement=agreement, title="Spring", reason="Because.",
        effective_from=D(2009, 4, 1), on=D(2009, 3, 1),
    )  # fmt: skip
    change = services.revision_add_change(
        user=users["pm"], revision=revision, action="add", data=target_input(LOCKED)
    )
    assert change.is_designated and change.category == TargetCategory.DESIGNATED


@pytest.mark.parametrize("action", ["add_party", "change_party", "remove_party", "responsible"])
def test_the_refresh_changes_no_parties(refresh, action):
    # rules L6, X1: the refresh reopens targets; who is party to an agreement changes in a
    # revision of its own, which every party agrees
    problem = refreshes.refresh_change_problem(refresh, action, None)
    assert "changes targets only (rule L6)" in problem
