"""Comparator groups and flags through the services (bad input refused with a message
naming the field, nothing changed; flags append-only), the region view from the
monitoring engine, and what the pages and CSV files say."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from localperf.calculations.rag import Rating
from localperf.monitoring.services import assessments_recompute
from localperf.national import selectors, services
from localperf.national.models import AssessmentFlag, ComparatorGroup, ComparatorKind
from localperf.national.selectors import Figure, combined_figure
from localperf.places.models import Area

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# --- comparator groups ------------------------------------------------------------------


def test_a_group_needs_a_name_and_areas_of_one_tier(users, figures):
    # rule N1: a county and one of its districts are never compared together.
    district = Area.objects.get(code="E07000105")  # Ashford: a district in Kent
    with pytest.raises(ValidationError) as refused:
        services.comparator_group_create(
            user=users["analyst"], name=" ", kind=ComparatorKind.OTHER, members=figures[:2]
        )
    assert messages_of(refused.value) == {"name": ["Enter a name for the group."]}
    with pytest.raises(ValidationError) as refused:
        services.comparator_group_create(
            user=users["analyst"],
            name="Mixed",
            kind=ComparatorKind.OTHER,
            members=[figures[0], district],
        )
    assert messages_of(refused.value)["members"] == [
        "A group holds areas of one tier: counties (Kent) and districts (Ashford) are never "
        "compared together."
    ]
    assert not ComparatorGroup.objects.exists()


def test_a_group_name_is_unique_for_its_owner(users, figures):
    services.comparator_group_create(
        user=users["analyst"], name="Neighbours", kind=ComparatorKind.OTHER, members=figures[:2]
    )
    with pytest.raises(ValidationError) as refused:
        services.comparator_group_create(
            user=users["analyst"], name="neighbours", kind=ComparatorKind.OTHER, members=figures[:1]
        )
    assert messages_of(refused.value) == {"name": ["You already have a group called 'neighbours'."]}


def test_local_users_cannot_define_groups(users, figures):
    with pytest.raises(PermissionDenied):
        services.comparator_group_create(
            user=users["pm"], name="Ours", kind=ComparatorKind.OTHER, members=figures[:2]
        )


def test_a_group_change_is_kept_in_its_history(users, figures):
    group = services.comparator_group_create(
        user=users["analyst"],
        name="Neighbours",
        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
        members=figures[:2],
    )
    services.comparator_group_update(
        user=users["analyst"],
        group=group,
        name="Neighbours",
        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
        members=figures[:3],
        shared=True,
    )
    # Every change is kept: the earliest record is private, the latest shared.
    assert [h.shared for h in group.history.order_by("history_date", "history_id")][::-1][0]
    assert not group.history.earliest("history_date").shared
    assert set(group.members.all()) == set(figures[:3])


def test_the_group_form_saves_and_lists(client, users, figures):
    client.force_login(users["go_lm"])
    response = client.post(
        "/national/comparators/new/",
        {
            "name": "South East neighbours",
            "kind": "statistical_neighbours",
            "members": [a.pk for a in figures[:3]],
            "shared": "on",
        },
    )
    assert response.status_code == 302
    listing = client.get("/national/comparators/").content.decode()
    assert "South East neighbours" in listing and "Statistical neighbours" in listing
    bad = client.post("/national/comparators/new/", {"name": "", "kind": "other"})
    assert bad.status_code == 400
    assert (
        "Enter a name" in bad.content.decode() or "This field is required" in bad.content.decode()
    )


# --- flags (rule M7) --------------------------------------------------------------------


def test_flags_are_append_only(users, figures):
    # rule M7: an inspector records flags with a rationale; withdrawal adds a row
    kent = figures[0]
    flag = services.assessment_flag_raise(
        user=users["inspector"],
        area=kent,
        colour="red",
        title="Young people not in education",
        rationale="NEET has risen two years running.",
    )
    assert selectors.area_flags(kent).current == [flag]
    withdrawal = services.assessment_flag_withdraw(
        user=users["inspector"], flag=flag, rationale="The rise has reversed."
    )
    flags = selectors.area_flags(kent)
    assert flags.current == []
    assert flags.history == [withdrawal, flag]
    assert flag.recorded_by_role == "Inspector"
    with pytest.raises(ValidationError) as refused:
        services.assessment_flag_withdraw(user=users["inspector"], flag=flag, rationale="Again.")
    assert "already withdrawn" in str(refused.value)


def test_the_flag_pages_record_and_show_a_refusal_on_the_form(client, users, figures):
    # rule M7: withdrawing through the page adds a row; a second withdrawal is refused
    # with the service's message on the form (400), and nothing more is recorded
    client.force_login(users["inspector"])
    raised = client.post(
        "/national/areas/E10000016/flags/new/",
        {"colour": "red", "title": "Gap", "rationale": "Why."},
    )
    assert raised.status_code == 302
    flag = AssessmentFlag.objects.get(area=figures[0], title="Gap")
    url = f"/national/flags/{flag.pk}/withdraw/"
    assert client.post(url, {"rationale": "It closed."}).status_code == 302
    again = client.post(url, {"rationale": "Again."})
    assert again.status_code == 400
    assert "already withdrawn" in again.content.decode()
    assert AssessmentFlag.objects.filter(area=figures[0]).count() == 2


def test_a_flag_needs_a_colour_and_a_rationale(users, figures):
    with pytest.raises(ValidationError) as refused:
        services.assessment_flag_raise(
            user=users["inspector"], area=figures[0], colour="amber", title="x", rationale=" "
        )
    assert messages_of(refused.value) == {
        "colour": ["Choose a red flag or a green flag."],
        "rationale": ["Give the rationale for the flag."],
    }
    assert not AssessmentFlag.objects.exists()


def test_only_inspectors_raise_flags(users, figures):
    for role in ("go_rd", "analyst", "admin", "pm"):
        with pytest.raises(PermissionDenied):
            services.assessment_flag_raise(
                user=users[role], area=figures[0], colour="green", title="t", rationale="r"
            )


def test_the_area_page_shows_its_flags_to_its_own_users(client, users, figures):
    services.assessment_flag_raise(
        user=users["inspector"],
        area=figures[0],
        colour="green",
        title="Joint commissioning",
        rationale="An example to others.",
    )
    client.force_login(users["pm"])  # Kent County Council
    page = client.get("/national/areas/E10000016/flags/").content.decode()
    assert "Joint commissioning" in page and "An example to others." in page


# --- the region view --------------------------------------------------------------------


def test_region_counts_ratings_by_theme_from_the_monitoring_engine(users, figures, agreements):
    kent_agreement, _ = agreements
    today = datetime.date(2010, 12, 31)
    assessments_recompute(today=today)
    south_east = Area.objects.get(code="E12000008")
    summary = selectors.region_summary(south_east, users["go_rd"], today=today)
    row = next(r for r in summary.rows if r.agreement_id == kent_agreement.pk)
    # NI 117: 5.0 against a target of 5.5 in 2009/10, lower is better: green.
    assert row.counts.get(("children_and_young_people", Rating.GREEN.value)) == 1
    # NI 112 has no figures: its returns are overdue, so it is not rated.
    assert row.other.get("children_and_young_people") == 1
    assert row.overdue >= 1
    # NI 32 is a placeholder.
    assert row.other.get("safer_and_stronger_communities") == 1


def test_region_view_lists_only_agreements_the_user_may_see(users, agreements):
    south_east = Area.objects.get(code="E12000008")
    north_west = Area.objects.get(code="E12000002")
    assert len(selectors.region_summary(south_east, users["analyst"]).rows) == 1
    # Manchester's draft is visible to its own Government Office only.
    assert selectors.region_summary(north_west, users["analyst"]).rows == []
    assert len(selectors.region_summary(north_west, users["admin"]).rows) == 1


# --- pages and CSV ----------------------------------------------------------------------


def test_the_picture_page_states_its_methods_and_has_a_chart_with_a_table(client, users, figures):
    client.force_login(users["analyst"])
    page = client.get("/national/indicator/?measure=NI+117&period=2009%2F10").content.decode()
    assert "inclusive linear interpolation" in page
    assert "<svg" in page and 'role="img"' in page and "<table" in page
    assert "Lower quartile" in page and "5.75" in page


def test_the_picture_csv_has_every_area(client, users, figures):
    client.force_login(users["analyst"])
    response = client.get("/national/indicator/?measure=NI+117&period=2009%2F10&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 8
    kent = next(r for r in rows if r["area code"] == "E10000016")
    assert (kent["value"], kent["rank in England"], kent["direction of travel"]) == (
        "5.0",
        "2",
        "Improving",
    )


def test_an_unknown_measure_is_named(client, users, figures):
    client.force_login(users["analyst"])
    response = client.get("/national/indicator/?measure=NI+999&period=2009%2F10")
    assert response.status_code == 400
    assert "There is no measure with the code" in response.content.decode()


def test_the_selection_csv_counts_by_region_and_theme(client, users, agreements):
    client.force_login(users["inspector"])
    response = client.get("/national/selection/?format=csv")
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["NI 117"]["agreements"] == "1"
    assert rows["NI 117"]["region: South East"] == "1"
    assert rows["NI 117"]["theme: Children and Young People"] == "1"


def test_the_api_gives_the_picture(client, users, figures):
    client.force_login(users["approver"])
    body = client.get("/api/v1/national/indicator?measure=NI%20117&period=2009/10").json()
    assert body["distribution"]["median"] == 6.5
    assert body["areas"][0]["rank_england"] == 1
    missing = client.get("/api/v1/national/indicator?measure=NI%20117&period=1999/00")
    assert missing.status_code == 404 and "period" in missing.json()["detail"]


# --- properties of the combined rate ------------------------------------------------------


parts = st.lists(
    st.tuples(st.integers(0, 1_000), st.integers(1, 1_000)).filter(lambda p: p[0] <= p[1]),
    min_size=1,
    max_size=20,
)


@given(parts)
def test_a_combined_rate_lies_between_its_parts(parts):
    figures = [Figure(i, n / d * 100, None, None, n, d, False) for i, (n, d) in enumerate(parts)]
    group = combined_figure("g", figures, "%")
    rates = [f.value for f in figures]
    value = group.estimate.value
    assert min(rates) - 1e-9 <= value <= max(rates) + 1e-9
    assert group.estimate.lower <= value <= group.estimate.upper


@given(parts)
def test_a_combined_rate_is_weighted_by_denominators(parts):
    figures = [Figure(i, n / d * 100, None, None, n, d, False) for i, (n, d) in enumerate(parts)]
    value = combined_figure("g", figures, "%").estimate.value
    weighted = sum(f.value * f.denominator for f in figures) / sum(f.denominator for f in figures)
    assert abs(value - weighted) < 1e-6
