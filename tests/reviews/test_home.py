"""Each role's home page: what is overdue, what is due, what is waiting for them and what
of theirs is waiting for others, on the demonstration data set (rules L1–L4 and the
timetable of rule L1)."""

from __future__ import annotations

import datetime

import pytest

from localperf.accounts.models import User
from localperf.agreements import services as agreement_services
from localperf.agreements.models import RevisionAction
from localperf.home.selectors import WORK_ITEM_SOURCES, work_items_for
from localperf.reviews.selectors import upcoming_milestones
from localperf.web.work import WorkItem, WorkList

pytestmark = pytest.mark.django_db

D = datetime.date
KENT, MANCHESTER, CAMDEN = "E10000016", "E08000003", "E09000007"


def user(username: str) -> User:
    return User.objects.select_related("organisation").get(username=username)


def titles(items: list[WorkItem]) -> list[str]:
    return [i.title for i in items]


def signing(items: list[WorkItem]) -> list[WorkItem]:
    """The items of the sign-off path and revisions (not figures, reports or releases)."""
    return [i for i in items if i.source in {"agreements", "revisions"}]


def test_the_go_sees_the_submitted_agreement_of_its_region_due_by_the_l1_date(demo):
    # rule L1: the GO recommends by 6 June 2008, when agreements go to the Secretary of State.
    for username in ["demo-go-lm-london", "demo-go-rd-london"]:
        work = work_items_for(user(username), today=D(2008, 6, 2))
        assert titles(work.due) == ["Review Camden Local Area Agreement 2008–11"]
        assert work.due[0].due_on == D(2008, 6, 6)
        assert work.due[0].url == f"/agreements/{demo[CAMDEN].pk}/"
        assert not work.overdue
        late = work_items_for(user(username), today=D(2008, 6, 9))
        assert titles(late.overdue) == ["Review Camden Local Area Agreement 2008–11"]
    # Another region's Government Office has nothing of Camden's.
    assert work_items_for(user("demo-go-rd-south-east"), today=D(2008, 6, 2)).is_empty


def test_the_central_approver_sees_recommended_and_approved_agreements(demo):
    work = work_items_for(user("demo-approver"), today=D(2008, 7, 2))
    assert titles(work.waiting_for_you) == [
        "Bring Manchester Local Area Agreement 2008–11 into force"
    ]
    agreement_services.agreement_recommend(
        user=user("demo-go-rd-london"), agreement=demo[CAMDEN], on=D(2008, 6, 6)
    )
    work = work_items_for(user("demo-approver"), today=D(2008, 7, 2))
    # rule L1: approval was due by 30 June 2008.
    assert titles(work.overdue) == ["Approve or return Camden Local Area Agreement 2008–11"]
    assert work.overdue[0].due_on == D(2008, 6, 30)
    # The analyst approves nothing.
    assert work_items_for(user("demo-analyst"), today=D(2008, 7, 2)).is_empty


def test_the_performance_manager_sees_a_returned_agreement_overdue(demo):
    # rule L1: drafts were due at the Government Office by 30 May 2008.
    pm = user("demo-pm-camden")
    assert work_items_for(pm, today=D(2008, 6, 2)).is_empty
    agreement_services.agreement_return(
        user=user("demo-go-lm-london"),
        agreement=demo[CAMDEN],
        comment="Add a co-ordinating partner to NI 39.",
        on=D(2008, 6, 2),
    )
    work = work_items_for(pm, today=D(2008, 6, 3))
    assert titles(work.overdue) == ["Resubmit Camden Local Area Agreement 2008–11"]
    assert work.overdue[0].due_on == D(2008, 5, 30)


@pytest.fixture
def proposed_drop(demo):
    """Kent proposes to drop its local NI 34 target: Kent Police Authority, a partner
    authority signed up to it, must agree (rule L4); Kent CVS, voluntary, need not."""
    kent = demo[KENT]
    pm = user("demo-pm-kent")
    target = kent.targets.get(indicator__number=34)
    revision = agreement_services.revision_create(
        user=pm,
        agreement=kent,
        title="Drop the domestic violence murders target",
        reason="Now covered by NI 32.",
        effective_from=D(2009, 4, 1),
        on=D(2009, 1, 12),
    )
    agreement_services.revision_add_change(
        user=pm, revision=revision, action=RevisionAction.DROP, target=target
    )
    return revision


def test_a_revision_from_draft_to_decision(proposed_drop):
    # rules L3, L4: partners' agreement, then the decider.
    revision = proposed_drop
    pm, police = user("demo-pm-kent"), user("demo-partner-kent-police")
    today = D(2009, 1, 20)
    assert titles(signing(work_items_for(pm, today=today).waiting_for_you)) == [
        "Finish and propose revision 2 of Kent Agreement 2"
    ]
    agreement_services.revision_propose(user=pm, revision=revision, on=D(2009, 1, 14))

    partner_work = work_items_for(police, today=today)
    assert titles(signing(partner_work.waiting_for_you)) == [
        "Agree to revision 2 of Kent Agreement 2"
    ]
    pm_work = work_items_for(pm, today=today)
    assert not signing(pm_work.waiting_for_you)
    assert titles(pm_work.waiting_for_others) == [
        "Revision 2 of Kent Agreement 2 is waiting for partners"
    ]
    assert pm_work.waiting_for_others[0].waiting_on == "Kent Police Authority"
    # A voluntary partner's agreement is not needed for a local target (rule L4).
    assert not signing(work_items_for(user("demo-partner-kent-cvs"), today=today).waiting_for_you)

    agreement_services.revision_record_partner_agreement(
        user=police, revision=revision, on=D(2009, 1, 19)
    )
    assert not signing(work_items_for(police, today=today).waiting_for_you)
    # A local target: the partnership decides, not the Secretary of State (rule L4).
    assert titles(signing(work_items_for(pm, today=today).waiting_for_you)) == [
        "Decide on revision 2 of Kent Agreement 2"
    ]
    assert (
        work_items_for(user("demo-approver"), today=today)
        .waiting_for_you[0]
        .title.startswith("Bring Manchester")
    )


def test_the_home_page_of_each_role(client, demo):
    client.force_login(user("demo-go-lm-london"))
    page = client.get("/?on_0=2&on_1=6&on_2=2008").content.decode()
    assert "As at 2 June 2008." in page
    assert "Review Camden Local Area Agreement 2008–11" in page
    assert "Due by 6 June 2008" in page
    # The Government Office's next dates (rule L1).
    assert "Agreements recommended and submitted to the Secretary of State" in page

    client.force_login(user("demo-pm-kent"))
    page = client.get("/?on_0=1&on_1=11&on_2=2009").content.decode()
    # The 2008/09 figures every sixth target lacks were due by 30 September 2009.
    assert "Enter 6 overdue figures for 2008/09: Kent Agreement 2" in page
    # rule L6: the partnership's next dates in the 2009/10 refresh.
    assert "13 November 2009" in page and "12 March 2010" in page
    assert "25 January 2010" not in page  # the Government Office's date, not theirs

    client.logout()
    page = client.get("/").content.decode()
    assert "Your work" not in page and "Search the National Indicator Set" in page


def test_the_home_page_makes_few_queries(
    client, demo, proposed_drop, django_assert_max_num_queries
):
    agreement_services.revision_propose(
        user=user("demo-pm-kent"), revision=proposed_drop, on=D(2009, 1, 14)
    )
    for username in [
        "demo-pm-kent",
        "demo-partner-kent-police",
        "demo-approver",
        "demo-go-rd-london",
    ]:
        client.force_login(user(username))
        # A fixed count for each agreement owed figures: session, user, one query per
        # source of work items (the Multi Area Agreements a party has yet to sign among
        # them, rule X1; the figures owed as the grid counts them, ``figures_due``: the
        # agreements, then per agreement its targets with their scopes, data rules,
        # measures, the whole population, the writer's rights and the figures in), the
        # timetable, the shortcuts, a partner's commitments with their standing and
        # their figures due (the same seven again), the permission checks of the
        # navigation, a returned report's reasons, the catalogue's two counts (indicators
        # by kind, and the measures reported, rule D4) and, for the proposed revision,
        # whether it changes an MAA's parties (``maa_parties.party_changes``, rule X1).
        with django_assert_max_num_queries(43):
            assert client.get("/").status_code == 200


def test_upcoming_milestones_follow_the_role():
    class Anonymous:
        is_authenticated = False

    assert upcoming_milestones(Anonymous(), today=D(2008, 1, 1)) == []


def test_work_items_are_sorted_into_four_lists():
    work = WorkList(today=D(2009, 1, 10))
    for item in [
        WorkItem("late", "/a", due_on=D(2009, 1, 9)),
        WorkItem("soon", "/b", due_on=D(2009, 1, 10)),
        WorkItem("undated", "/c"),
        WorkItem("theirs", "/d", due_on=D(2008, 1, 1), waiting_on="a partner"),
    ]:
        work.add(item)
    assert [titles(work.overdue), titles(work.due)] == [["late"], ["soon"]]
    assert [titles(work.waiting_for_you), titles(work.waiting_for_others)] == [
        ["undated"],
        ["theirs"],
    ]
    # The extension point: each source is named by its dotted path.
    assert "localperf.reviews.selectors.agreement_work_items" in WORK_ITEM_SOURCES
