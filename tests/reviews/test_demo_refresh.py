"""The demo's refreshes (rules L6, L4): Kent's at the stage the demo's day can show
(self-assessment sent, 13 November 2009); Manchester's replayed on the real timetable
through submission to the partnership's approval, its revision in force from the
timetable's date, and the refresh page saying which steps are dated after the day."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.demo.refresh import demo_refresh_load
from localperf.reviews import refreshes
from localperf.reviews.models import CycleYear

pytestmark = pytest.mark.django_db

D = datetime.date
AS_AT = D(2009, 11, 30)


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()


@pytest.fixture
def demo(demo_for_the_module, db) -> dict[str, Agreement]:
    return {a.area.code: a for a in Agreement.objects.filter(kind="laa").select_related("area")}


def test_manchester_refresh_is_approved_by_the_partnership(demo):
    # rule L4: a refresh of local targets only, approved by the partnership after the
    # partner authority signed up agreed; rule L6: on the timetable's dates
    manchester = demo["E08000003"]
    refresh = refreshes.refresh_for(manchester)
    assert refresh.status == "approved"
    assert (refresh.go_reported_on, refresh.adopted_on, refresh.submitted_on) == (
        D(2010, 1, 25), D(2010, 3, 12), D(2010, 3, 15),
    )  # fmt: skip
    assert refresh.approved_on == D(2010, 3, 31)
    revision = refresh.revision
    assert revision.status == "approved" and revision.decided_on == D(2010, 3, 31)
    assert list(revision.partner_agreements.values_list("organisation__slug", flat=True)) == [
        "nhs-manchester"
    ]
    # rule L6: in force from the timetable's date, the one answer.
    cycle = CycleYear.objects.get(first_year=2009)
    assert revision.effective_from == cycle.refresh_effective_from == D(2010, 4, 1)
    target = manchester.targets.get(indicator__code="NI 8", category="local")
    old, new = target.versions.order_by("number")
    assert old.effective_to == D(2010, 3, 31) and new.effective_from == D(2010, 4, 1)
    # Only the third year moved: nothing judged as at 30 November 2009 changes.
    old_years = {y.year: y.value for y in old.trajectory_values.all()}
    new_years = {y.year: y.value for y in new.trajectory_values.all()}
    assert new_years["2010/11"] == Decimal("24.5") != old_years["2010/11"]
    assert {k: v for k, v in new_years.items() if k != "2010/11"} == {
        k: v for k, v in old_years.items() if k != "2010/11"
    }
    steps = list(
        manchester.events.filter(action__startswith="refresh_").values_list(
            "description", flat=True
        )
    )
    assert steps[-3:] == [
        "Refreshed agreement adopted by the council",
        "Refreshed agreement submitted to CLG",
        "Refreshed local targets approved by the partnership (no Secretary of State "
        "approval needed, rule L4)",
    ]
    assert demo_refresh_load() is False  # idempotent


def test_the_refresh_pages_say_what_is_replayed(demo, client):
    # rule L6: Kent's refresh is where 30 November 2009 finds it; Manchester's page says
    # its later steps are dated after the site's day
    client.force_login(User.objects.get(username="demo-pm-manchester"))
    manchester = demo["E08000003"]
    page = client.get(f"/agreements/{manchester.pk}/refresh/").content.decode()
    assert "Refreshed local targets approved by the partnership" in page
    # rule L4: the status names no decider, so it cannot say ministers approved it
    assert "ministers" not in page.split("<h2")[0]
    assert "31 March 2010" in page
    assert "dated after the site's today, 30 November 2009" in page
    kent = demo["E10000016"]
    assert refreshes.refresh_for(kent).status == "under_review"
    client.force_login(User.objects.get(username="demo-pm-kent"))
    page = client.get(f"/agreements/{kent.pk}/refresh/").content.decode()
    assert "dated after the site's today" not in page
