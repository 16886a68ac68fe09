"""A real-shaped statutory education block through the web and the API (rules A3, D3):
targets set at sign-off with a year to be set and a year to be confirmed, NI 74 withdrawn
in 2009 when Key Stage 3 tests were abolished, a year set by DCSF at the refresh, each
step in the agreement's change log; the withdrawn indicator refuses targets and figures."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from localperf.accounts.models import Role
from localperf.agreements import services
from localperf.agreements.models import StatutoryChange, TargetCategory, TargetStatus
from localperf.calculations import Accumulation, Trajectory, period_parse, profile_for
from localperf.observations.importing.services import observation_import
from tests.agreements.factories import make_user, org, take_to_approval
from tests.observations.helpers import csv_of, row

API = "/api/v1/agreements"


def statutory(code, trajectory, states=None):
    return {
        "category": "statutory",
        "indicator": code,
        "theme": "children_and_young_people",
        "baseline_value": "70",
        "baseline_period": "2007/08",
        "trajectory": trajectory,
        "year_states": states or {},
    }


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def dcsf(db):
    return make_user(Role.DEPARTMENT_TARGET_OFFICER, org("dcsf"), "test-dcsf")


@pytest.fixture
def block(client, settings, users):
    """Kent's statutory block as signed off in 2008, through the API."""
    settings.LOCALPERF_AS_AT = "2008-05-20"
    agreement = services.agreement_create(user=users["pm"])
    client.force_login(users["pm"])
    made = {}
    for code, trajectory, states in (
        # 2010/11 "N/A" at sign-off: DCSF sets the 2011 targets at the refresh.
        ("NI 73", {"2008/09": "73", "2009/10": "75", "2010/11": None}, {"2010/11": "to_be_set"}),
        # 2009/10 to be confirmed, with a provisional value.
        (
            "NI 75",
            {"2008/09": "49.5", "2009/10": "52", "2010/11": "54.5"},
            {"2009/10": "to_be_confirmed"},
        ),
        ("NI 74", {"2008/09": "72", "2009/10": "74", "2010/11": "76"}, {}),
    ):
        answer = post(client, f"{API}/{agreement.pk}/targets", statutory(code, trajectory, states))
        assert answer.status_code == 201, answer.json()
        made[code] = answer.json()
    take_to_approval(agreement, users)
    return agreement, made


def test_statutory_years_to_be_set_and_to_be_confirmed_at_sign_off(block):
    # rule A3, rule D3
    _, made = block
    assert made["NI 73"]["version"]["year_states"]["2010/11"] == "to_be_set"
    assert made["NI 73"]["version"]["trajectory"]["2010/11"] is None
    assert made["NI 75"]["version"]["year_states"]["2009/10"] == "to_be_confirmed"
    assert made["NI 75"]["version"]["trajectory"]["2009/10"] == 52.0


def test_only_statutory_targets_may_leave_a_year_to_be_set(client, settings, users):
    # rule A3, rule D3 (and A5 for the others)
    settings.LOCALPERF_AS_AT = "2008-05-20"
    agreement = services.agreement_create(user=users["pm"])
    client.force_login(users["pm"])
    designated = {
        **statutory("NI 112", {"2008/09": "49", "2009/10": "48", "2010/11": None}),
        "category": "designated",
        "theme": "healthier_communities_and_older_people",
        "year_states": {"2010/11": "to_be_set"},
    }
    answer = post(client, f"{API}/{agreement.pk}/targets", designated)
    assert answer.status_code == 422
    assert "Only a statutory education and early years target can leave 2010/11" in str(
        answer.json()
    )
    blank = statutory("NI 73", {"2008/09": "73", "2009/10": "75", "2010/11": None})
    answer = post(client, f"{API}/{agreement.pk}/targets", blank)
    assert answer.status_code == 422 and "Enter a target for 2010/11" in str(answer.json())


def test_a_withdrawn_indicator_refuses_a_new_target_naming_it_and_its_date(client, settings, users):
    # rule A3, rule D3: NI 74 was withdrawn from 2009 when Key Stage 3 tests were abolished
    settings.LOCALPERF_AS_AT = "2009-06-01"
    agreement = services.agreement_create(user=users["pm"])
    client.force_login(users["pm"])
    body = statutory("NI 74", {"2008/09": "72", "2009/10": "74", "2010/11": "76"})
    answer = post(client, f"{API}/{agreement.pk}/targets", body)
    assert answer.status_code == 422
    message = answer.json()["detail"]
    assert message.startswith("NI 74 was withdrawn from 1 January 2009")
    assert "Key Stage 3" in message and "a target set on it is not accepted" in message


def test_the_statutory_block_through_the_year_with_dcsf(block, client, settings, users, dcsf):
    # rule A3, rule D3: changes agreed with DCSF, not by the partnership's revision
    agreement, made = block
    targets = {code: agreement.targets.get(pk=made[code]["id"]) for code in made}

    # The performance manager cannot record DCSF's change.
    client.force_login(users["pm"])
    url = f"{API}/{agreement.pk}/targets/{targets['NI 73'].pk}/dcsf-changes/year"
    answer = post(client, url, {"year": "2010/11", "state": "set", "value": "78", "reason": "x"})
    assert answer.status_code == 403 and "Only an officer of DCSF" in answer.json()["detail"]

    # 15 January 2009, on the web: DCSF withdraws NI 74.
    settings.LOCALPERF_AS_AT = "2009-01-15"
    client.force_login(dcsf)
    page = client.get(f"/agreements/{agreement.pk}/targets/{targets['NI 74'].pk}/")
    assert "Withdraw the target" in page.content.decode()
    answer = client.post(
        f"/agreements/{agreement.pk}/targets/{targets['NI 74'].pk}/dcsf/withdraw/",
        {"reason": "Key Stage 3 tests abolished: no results from 2009."},
    )
    assert answer.status_code == 302
    targets["NI 74"].refresh_from_db()
    assert targets["NI 74"].status == TargetStatus.WITHDRAWN
    assert targets["NI 74"].dropped_on.isoformat() == "2009-01-15"

    # 10 December 2009, through the API: the provisional 2009/10 value of NI 75 confirmed.
    settings.LOCALPERF_AS_AT = "2009-12-10"
    url = f"{API}/{agreement.pk}/targets/{targets['NI 75'].pk}/dcsf-changes/year"
    answer = post(
        client, url, {"year": "2009/10", "state": "set", "value": "52.5", "reason": "Confirmed."}
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["previous_state"] == "to_be_confirmed"

    # 20 January 2010, at the refresh: DCSF sets NI 73's 2011 target.
    settings.LOCALPERF_AS_AT = "2010-01-20"
    url = f"{API}/{agreement.pk}/targets/{targets['NI 73'].pk}/dcsf-changes/year"
    answer = post(
        client,
        url,
        {"year": "2010/11", "state": "set", "value": "78", "reason": "2011 target set."},
    )
    assert answer.status_code == 201, answer.json()
    target = client.get(f"{API}/{agreement.pk}/targets/{targets['NI 73'].pk}").json()
    assert target["version"]["trajectory"]["2010/11"] == 78.0
    assert target["version"]["year_states"]["2010/11"] == "set"
    assert target["version"]["effective_from"] == "2010-01-20"
    # The 2009/10 academic year's results are judged by the version before (rule A5).
    earlier = client.get(
        f"{API}/{agreement.pk}/targets/{targets['NI 73'].pk}?as_at=2009-08-31"
    ).json()
    assert earlier["version"]["year_states"]["2010/11"] == "to_be_set"

    # A withdrawn target changes no more.
    url = f"{API}/{agreement.pk}/targets/{targets['NI 74'].pk}/dcsf-changes/year"
    answer = post(client, url, {"year": "2010/11", "state": "set", "value": "80", "reason": "x"})
    assert answer.status_code == 422
    assert "NI 74 target has been withdrawn" in answer.json()["detail"]

    # The change log shows each step, in order, on the page and in the API's list.
    entries = agreement.change_log.filter(target__isnull=False).order_by("published_on", "id")
    log = [entry.summary for entry in entries]
    assert [s.split(":")[0] for s in log] == [
        "Statutory target on NI 74 withdrawn, agreed with Department for Children, Schools "
        "and Families on 15 January 2009",
        "Statutory target on NI 75",
        "Statutory target on NI 73",
    ]
    assert "2009/10 set at 52.5" in log[1] and "2010/11 set at 78" in log[2]
    # The change log is on the hub's History page, dropped and withdrawn targets on Targets.
    page = client.get(f"/agreements/{agreement.pk}/history/").content.decode()
    page += client.get(f"/agreements/{agreement.pk}/targets/").content.decode()
    for summary in log:
        assert summary.split(",")[0] in page
    assert "withdrawn from 15 January 2009" in page
    listed = client.get(f"{API}/{agreement.pk}/targets/{targets['NI 73'].pk}/dcsf-changes")
    assert [c["summary"] for c in listed.json()] == [log[2]]
    # Every change is kept with its history (who recorded it).
    assert StatutoryChange.history.count() == 3


def test_a_revision_refuses_a_statutory_target_naming_dcsf_not_designated(block, users):
    # rule A3, rule D3: the message was about designated targets
    agreement, made = block
    revision = services.revision_create(
        user=users["pm"],
        agreement=agreement,
        title="Autumn 2009",
        reason="Review",
        effective_from=agreement.ends_on.replace(year=2010, month=4, day=1),
    )
    target = agreement.targets.get(pk=made["NI 73"]["id"])
    for action in ("drop", "change", "undesignate"):
        with pytest.raises(ValidationError) as caught:
            services.revision_add_change(
                user=users["pm"], revision=revision, action=action, target=target
            )
        message = caught.value.message_dict["target"][0]
        assert "with DCSF (rules A3, D3), not by a revision" in message
        assert "designated" not in message


def test_a_withdrawn_indicator_refuses_figures_after_the_date_through_the_import(db):
    # rule A3, rule D3: the last Key Stage 3 tests were in summer 2008
    before = observation_import(
        file=csv_of(row("NI 74", "E10000016", "2007/08 academic", value="71")),
        user=None,
        dry_run=True,
    )
    assert before.problems == []
    after = observation_import(
        file=csv_of(row("NI 74", "E10000016", "2008/09 academic", value="73")),
        user=None,
        dry_run=True,
    )
    assert [p.message for p in after.problems] == [
        "NI 74 was withdrawn from 1 January 2009 (Key Stage 3 national curriculum tests "
        "abolished: the last tests were taken in summer 2008, so there are no results from "
        "2009): a figure for 2008/09 academic is not accepted."
    ]


def test_an_academic_year_meets_the_laa_year_of_its_name():
    # rule A3, rule D3: KS2 results of summer 2009 are the academic year 2008/09
    trajectory = Trajectory.of(baseline=71, targets={"2008/09": 73, "2009/10": 75, "2010/11": 77})
    summer_2009 = period_parse("2008/09 academic")
    assert summer_2009.end.isoformat() == "2009-08-31"
    assert profile_for(trajectory, summer_2009, Accumulation.SNAPSHOT) == 73
    assert profile_for(trajectory, period_parse("2010/11 academic"), Accumulation.SNAPSHOT) == 77


def test_statutory_category_is_kept(block):
    agreement, made = block
    assert agreement.targets.get(pk=made["NI 73"]["id"]).category == TargetCategory.STATUTORY
    assert Decimal(made["NI 73"]["version"]["trajectory"]["2009/10"]) == Decimal("75")
