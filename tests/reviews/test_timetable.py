"""The timetable: key dates per cycle, the 2008 (L1) and 2009/10 (L6) dates by default,
changed by staff in the admin with every change kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from localperf.accounts.models import User
from localperf.reviews.models import CycleYear, Milestone, MilestoneKind, Responsible

pytestmark = pytest.mark.django_db

D = datetime.date


def dates_of(first_year: int) -> dict[str, tuple[datetime.date | None, datetime.date, str]]:
    return {
        m.kind: (m.starts_on, m.due_on, m.responsible)
        for m in Milestone.objects.filter(cycle__first_year=first_year)
    }


def test_the_2008_sign_off_dates_are_the_default():
    # rule L1: submitted to GO 30 May, to the Secretary of State 6 June, approved 30 June.
    assert dates_of(2008) == {
        MilestoneKind.DRAFT_TO_GO: (None, D(2008, 5, 30), Responsible.LSP),
        MilestoneKind.SUBMITTED_TO_SOS: (None, D(2008, 6, 6), Responsible.GOVERNMENT_OFFICE),
        MilestoneKind.SOS_APPROVAL: (None, D(2008, 6, 30), Responsible.CENTRAL),
    }
    assert CycleYear.objects.get(first_year=2008).name == "2008/09"


def test_the_2009_10_review_and_refresh_dates_are_the_default():
    # rule L6: self-assessment 13 Nov (optional), review Dec–Jan, GO report 25 Jan,
    # council adoption 12 Mar, submission 15 Mar, approval 31 Mar.
    assert dates_of(2009) == {
        MilestoneKind.SELF_ASSESSMENT: (None, D(2009, 11, 13), Responsible.LSP),
        MilestoneKind.ANNUAL_REVIEW: (D(2009, 12, 1), D(2010, 1, 31), "government_office"),
        MilestoneKind.GO_REVIEW_REPORT: (None, D(2010, 1, 25), "government_office"),
        MilestoneKind.COUNCIL_ADOPTION: (None, D(2010, 3, 12), Responsible.LSP),
        MilestoneKind.REFRESH_SUBMISSION: (None, D(2010, 3, 15), Responsible.LSP),
        MilestoneKind.MINISTERIAL_APPROVAL: (None, D(2010, 3, 31), Responsible.CENTRAL),
    }
    cycle = CycleYear.objects.get(first_year=2009)
    assert (cycle.name, cycle.starts_on, cycle.ends_on) == (
        "2009/10",
        D(2009, 4, 1),
        D(2010, 3, 31),
    )
    # Every default date names the document it comes from.
    assert not Milestone.objects.filter(source="").exists()


def test_the_default_dates_carry_a_created_history_entry():
    milestone = Milestone.objects.get(kind=MilestoneKind.DRAFT_TO_GO)
    (created,) = milestone.history.all()
    assert created.history_type == "+"
    assert "migration" in created.history_change_reason


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("timetable-admin", "admin@example.org", "pw-123456789")


def test_staff_change_a_date_in_the_admin_and_the_change_is_kept(client, staff):
    client.force_login(staff)
    milestone = Milestone.objects.get(kind=MilestoneKind.SOS_APPROVAL)
    url = f"/admin/reviews/milestone/{milestone.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "cycle": milestone.cycle_id,
            "kind": milestone.kind,
            "title": "",
            "starts_on": "",
            "due_on": "2008-07-01",
            "responsible": milestone.responsible,
            "source": milestone.source,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    milestone.refresh_from_db()
    assert milestone.due_on == D(2008, 7, 1)
    latest, created = milestone.history.all()[:2]
    assert (latest.history_type, latest.due_on, latest.history_user) == ("~", D(2008, 7, 1), staff)
    assert created.due_on == D(2008, 6, 30)
    assert client.get(f"{url.removesuffix('change/')}history/").status_code == 200


def test_staff_add_a_cycle_with_its_dates_in_the_admin(client, staff):
    client.force_login(staff)
    response = client.post(
        "/admin/reviews/cycleyear/add/",
        {
            "first_year": "2010",
            "notes": "The last year of the 2008–11 agreements.",
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-kind": MilestoneKind.PROGRESS_REPORT,
            "milestones-0-due_on": "2010-10-29",
            "milestones-0-responsible": Responsible.LSP,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    cycle = CycleYear.objects.get(first_year=2010)
    assert cycle.milestones.get().history.count() == 1


def test_a_date_outside_its_cycle_is_refused_with_a_message_naming_it():
    milestone = Milestone(
        cycle=CycleYear.objects.get(first_year=2009),
        kind=MilestoneKind.PROGRESS_REPORT,
        due_on=D(2010, 4, 30),
        responsible=Responsible.LSP,
    )
    with pytest.raises(ValidationError) as refused:
        milestone.full_clean()
    assert refused.value.message_dict == {
        "due_on": ["30 April 2010 is outside the cycle 2009/10 (1 April 2009 to 31 March 2010)."]
    }


def test_the_database_refuses_a_period_ending_before_it_starts_and_a_cycle_outside_the_framework():
    cycle = CycleYear.objects.get(first_year=2009)
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(
            cycle=cycle,
            kind=MilestoneKind.OTHER,
            starts_on=D(2009, 12, 1),
            due_on=D(2009, 11, 1),
            responsible=Responsible.LSP,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleYear.objects.create(first_year=2020)


def test_the_timetable_page_is_public_and_lists_every_date(client):
    response = client.get("/timetable/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["2008/09", "30 May 2008", "6 June 2008", "30 June 2008", "2009/10"]:
        assert text in page
    assert "1 December 2009 to 31 January 2010" in page  # rule L6: review Dec–Jan
    assert "25 January 2010" in page and "31 March 2010" in page


def test_the_timetable_api(client):
    response = client.get("/api/v1/timetable")
    assert response.status_code == 200
    cycles = response.json()
    assert [c["name"] for c in cycles] == ["2008/09", "2009/10"]
    first = cycles[0]["milestones"][0]
    assert first["due_on"] == "2008-05-30"
    assert first["kind"] == {
        "value": "draft_to_go",
        "label": "Draft agreements submitted to the Government Office",
    }
    assert first["responsible"]["value"] == "lsp"
