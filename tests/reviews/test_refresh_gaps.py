"""The 2009/10 refresh's gaps, closed (rules L6, L3, L4): one answer to "may this change
go into the refresh's revision" whichever way it comes in; a refresh of local targets
only is the partnership's to approve, not the Secretary of State's; the refresh's
changes take effect on the timetable's date."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localperf.agreements import services
from localperf.agreements.services.targets import target_input_from_target
from localperf.reviews import refreshes
from localperf.reviews.models import CycleYear, RefreshStatus

D = datetime.date


def changed(target, **overrides):
    data = target_input_from_target(target)
    return replace(data, title=f"Refreshed {target.indicator.code}", **overrides)


def posted(initial: dict) -> dict:
    """A form's initial values as the browser posts them back."""
    data = {}
    for name, value in initial.items():
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


@pytest.fixture
def refresh(approved, users):
    """Kent's refresh with one change already in its revision: the local NI 195, which the
    partnership may change at any time (rule L4)."""
    agreement, _, local = approved
    refresh = refreshes.refresh_start(user=users["pm"], agreement=agreement, on=D(2009, 11, 13))
    refreshes.refresh_add_change(
        user=users["pm"], refresh=refresh, action="change", target=local, data=changed(local)
    )
    refresh.refresh_from_db()
    return refresh


def test_the_revision_page_refuses_a_change_the_refresh_may_not_make(
    refresh, approved, users, client
):
    # rule L6: the refresh's revision, reached through the ordinary revision page, asks the
    # refresh's eligibility; NI 112 is locked since sign-off.
    agreement, designated, _ = approved
    revision = refresh.revision
    client.force_login(users["pm"])
    url = f"/agreements/{agreement.pk}/revisions/{revision.number}/targets/{designated.pk}/change/"
    form = client.get(url).context["form"]
    page = client.post(url, posted(form.initial))
    assert page.status_code == 200
    text = page.content.decode()
    assert "NI 112 cannot change at the 2009/10 refresh (rule L6)" in text
    assert "govuk-error-summary" in text
    # Nothing changed: the revision still holds only the refresh's own change.
    assert list(revision.changes.values_list("target__indicator__code", flat=True)) == ["NI 195"]


def test_the_revision_api_asks_the_same_question(refresh, approved, users, client):
    # rule L6: the API of revisions gives the refresh's answer, and changes nothing.
    agreement, designated, _ = approved
    client.force_login(users["pm"])
    answer = client.post(
        f"/api/v1/agreements/{agreement.pk}/revisions/{refresh.revision.number}/changes",
        data=json.dumps({"action": "drop", "target": designated.pk}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "NI 112 cannot change at the 2009/10 refresh (rule L6)" in answer.json()["detail"]
    assert refresh.revision.changes.count() == 1


def test_the_refresh_revision_takes_no_changes_after_the_council_adopts(refresh, approved, users):
    # rule L6: once adopted, not even through the ordinary service
    agreement, _, local = approved
    refreshes.refresh_take_action(
        user=users["go_lm"], refresh=refresh, action="report", on=D(2010, 1, 25)
    )
    refreshes.refresh_take_action(
        user=users["pm"], refresh=refresh, action="adopt", on=D(2010, 3, 12)
    )
    with pytest.raises(ValidationError) as caught:
        services.revision_add_change(
            user=users["pm"], revision=refresh.revision, action="drop", target=local
        )
    assert "the council has adopted the refreshed agreement (rule L6)" in str(caught.value)
    assert refresh.revision.changes.count() == 1


def ordinary_revision(agreement, designated, users):
    """A revision outside the refresh, changing a designated target."""
    revision = services.revision_create(
        user=users["pm"], agreement=agreement, title="Autumn", reason="Because.",
        effective_from=D(2009, 4, 1), on=D(2009, 3, 1),
    )  # fmt: skip
    services.revision_add_change(
        user=users["pm"], revision=revision, action="change", target=designated,
        data=changed(designated),
    )  # fmt: skip
    return revision


def test_an_ordinary_revision_is_not_the_refresh_business(approved, users):
    # rule L3: outside a refresh, a revision may still change a designated target
    agreement, designated, _ = approved
    revision = ordinary_revision(agreement, designated, users)
    assert revision.changes.count() == 1


def take_to_submission(refresh, users):
    refreshes.refresh_take_action(
        user=users["go_lm"], refresh=refresh, action="report", on=D(2010, 1, 25)
    )
    refreshes.refresh_take_action(
        user=users["pm"], refresh=refresh, action="adopt", on=D(2010, 3, 12)
    )
    refreshes.refresh_take_action(
        user=users["pm"], refresh=refresh, action="submit", on=D(2010, 3, 15)
    )
    refresh.refresh_from_db()


def test_a_refresh_of_local_targets_only_is_the_partnership_to_approve(
    refresh, approved, users, client
):
    # rule L4: local targets change without the Secretary of State; rule L3 keeps
    # ministers for designated targets
    agreement, _, local = approved
    take_to_submission(refresh, users)
    assert refresh.revision.status == "proposed"
    # Ministers are not asked: the step is refused, saying why and whose it is.
    assert not refreshes.may_take(users["approver"], refresh, "approve")
    with pytest.raises(ValidationError) as caught:
        refreshes.refresh_take_action(
            user=users["approver"], refresh=refresh, action="approve", on=D(2010, 3, 31)
        )
    assert "need no Secretary of State approval (rule L4)" in str(caught.value)
    # The page shows the partnership's approval, not the ministers'.
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/refresh/").content.decode()
    assert "Approve the refreshed local targets" in page
    assert "approved by ministers" not in page
    # The partner authority signed up to the local target agrees; the partnership approves.
    services.revision_record_partner_agreement(
        user=users["district"], revision=refresh.revision, on=D(2010, 3, 20)
    )
    refreshes.refresh_take_action(
        user=users["pm"], refresh=refresh, action="approve_locally", on=D(2010, 3, 31)
    )
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.APPROVED and refresh.approved_on == D(2010, 3, 31)
    assert refresh.revision.status == "approved"
    assert local.current_version().effective_from == D(2010, 4, 1)
    last = agreement.events.filter(action__startswith="refresh_").last()
    assert last.description.startswith("Refreshed local targets approved by the partnership")


def test_a_refresh_of_designated_targets_is_still_for_ministers(approved, users):
    # rule L3: a refresh whose revision touches a designated target needs the Secretary
    # of State; the partnership cannot approve it locally
    agreement, designated, _ = approved
    refresh = refreshes.refresh_start(user=users["pm"], agreement=agreement, on=D(2009, 11, 13))
    refreshes.refresh_list_target(
        user=users["go_lm"], refresh=refresh, target=designated, kind="exception",
        reason="no year-three target yet",
    )  # fmt: skip
    refreshes.refresh_add_change(
        user=users["pm"], refresh=refresh, action="change", target=designated,
        data=changed(designated),
    )  # fmt: skip
    refresh.refresh_from_db()
    take_to_submission(refresh, users)
    assert not refreshes.may_take(users["pm"], refresh, "approve_locally")
    with pytest.raises(ValidationError, match="ministers approve the refreshed agreement"):
        refreshes.refresh_take_action(
            user=users["pm"], refresh=refresh, action="approve_locally", on=D(2010, 3, 31)
        )
    with pytest.raises(PermissionDenied):
        refreshes.refresh_take_action(
            user=users["go_lm"], refresh=refresh, action="approve", on=D(2010, 3, 31)
        )
    assert refreshes.may_take(users["approver"], refresh, "approve")


def test_the_refresh_changes_take_effect_on_the_timetable_date(approved, users, client):
    # rule L6: the date is the timetable's (one place), not a fixed 1 April 2010
    agreement, _, local = approved
    cycle = CycleYear.objects.get(first_year=2009)
    assert cycle.refresh_effective_from == D(2010, 4, 1)
    cycle.refresh_takes_effect_on = D(2010, 1, 1)
    cycle.full_clean()
    cycle.save()
    refresh = refreshes.refresh_start(user=users["pm"], agreement=agreement, on=D(2009, 11, 13))
    refreshes.refresh_add_change(
        user=users["pm"], refresh=refresh, action="change", target=local,
        data=changed(local, trajectory={**target_input_from_target(local).trajectory,
                                         "2010/11": Decimal("43")}),
    )  # fmt: skip
    refresh.refresh_from_db()
    assert refresh.revision.effective_from == D(2010, 1, 1)
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/refresh/").content.decode()
    assert "1 January 2010 (from the timetable)" in page
    take_to_submission(refresh, users)
    services.revision_record_partner_agreement(
        user=users["district"], revision=refresh.revision, on=D(2010, 3, 20)
    )
    refreshes.refresh_take_action(
        user=users["pm"], refresh=refresh, action="approve_locally", on=D(2010, 3, 31)
    )
    assert local.current_version().effective_from == D(2010, 1, 1)


def test_the_timetable_refuses_a_refresh_date_outside_its_years(db):
    # rule L6
    cycle = CycleYear.objects.get(first_year=2009)
    cycle.refresh_takes_effect_on = D(2012, 4, 1)
    with pytest.raises(ValidationError) as caught:
        cycle.full_clean()
    assert "outside the cycle 2009/10 and the year after it" in str(caught.value)


def test_the_refresh_revision_moves_only_with_the_refresh(refresh, approved, users, client):
    # rule L6: proposed when the refreshed agreement is submitted, approved with it; the
    # revision page cannot move it on its own (which would leave the refresh stuck)
    agreement, _, _ = approved
    revision = refresh.revision
    client.force_login(users["pm"])
    page = client.post(
        f"/agreements/{agreement.pk}/revisions/{revision.number}/propose/", follow=True
    )
    assert "it is proposed when the refreshed agreement is submitted" in page.content.decode()
    revision.refresh_from_db()
    assert revision.status == "draft"
    take_to_submission(refresh, users)
    services.revision_record_partner_agreement(
        user=users["district"], revision=refresh.revision, on=D(2010, 3, 20)
    )
    with pytest.raises(ValidationError, match="it is approved when the refreshed agreement"):
        services.revision_approve(user=users["pm"], revision=refresh.revision, on=D(2010, 3, 31))
    refresh.revision.refresh_from_db()
    assert refresh.revision.status == "proposed"
    # Through the refresh's own step, the same approval goes through.
    refreshes.refresh_take_action(
        user=users["pm"], refresh=refresh, action="approve_locally", on=D(2010, 3, 31)
    )
    refresh.revision.refresh_from_db()
    assert refresh.revision.status == "approved"


def test_the_revision_page_offers_no_step_the_refresh_takes_itself(
    refresh, approved, users, client
):
    # rule L6: the page says where the refresh's revision is decided instead of showing
    # buttons it would refuse; refusing it there is refused too, and changes nothing
    agreement, _, _ = approved
    revision = refresh.revision
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/revisions/{revision.number}/").content.decode()
    assert "Propose the revision" not in page
    assert "it is approved when the refreshed agreement is approved" in page
    take_to_submission(refresh, users)
    with pytest.raises(ValidationError, match="it is decided with the refreshed agreement"):
        services.revision_refuse(
            user=users["pm"], revision=refresh.revision, comment="No.", on=D(2010, 3, 31)
        )
    refresh.revision.refresh_from_db()
    assert refresh.revision.status == "proposed"


def test_an_ordinary_revision_page_still_offers_its_steps(approved, users, client):
    # the hint is the refresh's only: an ordinary revision keeps its Propose button
    agreement, designated, _ = approved
    revision = ordinary_revision(agreement, designated, users)
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/revisions/{revision.number}/").content.decode()
    assert "Propose the revision" in page
