"""The permission matrix of the national pages and API: every role, anonymous users,
and users of an unrelated council or Government Office. The national picture is
government's view (rule N1): LSP and partner users get 403, anonymous users sign in."""

from __future__ import annotations

import pytest

from localperf.accounts.models import Role
from localperf.national import services
from localperf.national.models import ComparatorKind
from tests.agreements.factories import make_user, org

pytestmark = pytest.mark.django_db

ROLES = [
    "anon",
    "pm",
    "partner",
    "district",
    "other_pm",
    "go_lm",
    "go_rd",
    "other_go",
    "approver",
    "analyst",
    "inspector",
    "admin",
]
GOVERNMENT = {"go_lm", "go_rd", "other_go", "approver", "analyst", "inspector", "admin"}


def expect(government: int, others: int = 403, anon: int = 302, **overrides) -> dict[str, int]:
    result = {role: government if role in GOVERNMENT else others for role in ROLES}
    result["anon"] = anon
    result.update(overrides)
    return result


def statuses(client, users, url: str, method: str = "get", data=None) -> dict[str, int]:
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(users[role])
        response = client.get(url) if method == "get" else client.post(url, data or {})
        seen[role] = response.status_code
    return seen


@pytest.fixture
def group(users, figures):
    return services.comparator_group_create(
        user=users["analyst"],
        name="Shared neighbours",
        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
        members=figures[:3],
        shared=True,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/national/",
        "/national/selection/",
        "/national/selection/?by=region",
        "/national/selection/?format=csv",
        "/national/selection/few/",
        "/national/selection/few/?format=csv",
        "/national/targets-waiting/",
        "/national/targets-waiting/?format=csv",
        "/national/indicator/",
        "/national/indicator/?measure=NI+117&period=2009%2F10",
        "/national/indicator/?measure=NI+117&period=2009%2F10&format=csv",
        "/national/comparators/",
        "/national/comparators/new/",
        "/national/regions/E12000008/",
        "/national/regions/E12000008/?format=csv",
        "/national/areas/E10000016/",
        "/national/areas/E10000016/?format=csv",
    ],
)
def test_government_pages(client, users, figures, agreements, url):
    assert statuses(client, users, url) == expect(200)


def test_api_for_government_only(client, users, figures):
    for url in (
        "/api/v1/national/selection",
        "/api/v1/national/indicator?measure=NI%20117&period=2009/10",
    ):
        assert statuses(client, users, url) == expect(200, anon=401)


def test_comparator_group_use_edit_and_delete(client, users, group):
    # Shared: every government user may use it; only its owner (or an administrator)
    # may change it.
    picture = f"/national/indicator/?measure=NI+117&period=2009%2F10&comparator={group.pk}"
    assert statuses(client, users, picture) == expect(200)
    edit = f"/national/comparators/{group.pk}/"
    assert statuses(client, users, edit) == expect(403, analyst=200, admin=200)
    delete = f"/national/comparators/{group.pk}/delete/"
    # The owner deletes it (roles after the analyst then find nothing).
    assert statuses(client, users, delete, "post") == expect(
        403, analyst=302, inspector=404, admin=404
    )


def test_an_administrator_may_delete_any_group(client, users, group):
    client.force_login(users["admin"])
    assert client.post(f"/national/comparators/{group.pk}/delete/").status_code == 302


def test_a_private_group_is_invisible_to_others(client, users, figures):
    private = services.comparator_group_create(
        user=users["go_rd"], name="Mine", kind=ComparatorKind.OTHER, members=figures[:2]
    )
    edit = f"/national/comparators/{private.pk}/"
    assert statuses(client, users, edit) == expect(404, go_rd=200)
    picture = f"/national/indicator/?measure=NI+117&period=2009%2F10&comparator={private.pk}"
    assert statuses(client, users, picture) == expect(400, go_rd=200)


def test_only_inspectors_record_flags(client, users, figures):
    # rule M7: an inspector records red or green flags
    url = "/national/areas/E10000016/flags/new/"
    assert statuses(client, users, url) == expect(403, inspector=200)
    data = {"colour": "green", "title": "Partnership", "rationale": "Strong joint work."}
    assert statuses(client, users, url, "post", data) == expect(403, inspector=302)


def test_the_area_sees_its_flags(client, users, figures):
    # rule M7: the area sees its flags; Kent's council and Kent's police authority are
    # Kent's; Ashford (a district) and Manchester are not.
    url = "/national/areas/E10000016/flags/"
    assert statuses(client, users, url) == expect(200, pm=200, partner=200)


def test_withdrawing_a_flag(client, users, figures):
    flag = services.assessment_flag_raise(
        user=users["inspector"], area=figures[0], colour="red", title="Gap", rationale="Why."
    )
    url = f"/national/flags/{flag.pk}/withdraw/"
    assert statuses(client, users, url) == expect(403, inspector=200)


def test_a_dcsf_officer_sees_the_national_picture_as_central_government(client, users, figures):
    # rule N1: a department is central government (DOMAIN: "Central government (CLG,
    # departments)"): DCSF's officer sees what CLG's analyst sees, pages and API alike.
    dcsf = make_user(Role.DEPARTMENT_TARGET_OFFICER, org("dcsf"), "test-dcsf")
    url = "/api/v1/national/indicator?measure=NI%20117&period=2009/10"
    seen = {}
    for user in (users["analyst"], dcsf):
        client.force_login(user)
        assert client.get("/national/indicator/?measure=NI+117&period=2009%2F10").status_code == 200
        seen[user.role] = client.get(url).json()
    assert seen[Role.DEPARTMENT_TARGET_OFFICER] == seen[Role.CENTRAL_ANALYST]
    assert len(seen[Role.CENTRAL_ANALYST]["areas"]) == 8
