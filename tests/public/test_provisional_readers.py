"""Who sees figures before they are public, decided per area in one place
(``rights.provisional_areas_for``) and asked by the figure list, the history, the export
and the API alike: the area's own councils and the partners based in it or signed up to
its targets, its Government Office, central government, data providers, inspectors and
administrators. Anyone else signed in sees what the public sees (rule M2: the public
reads released figures; provisional ones are the area's and government's business).

And the list of releases in the API shows what the release page shows.

The data (``conftest``): NI 111 figures never released for Kent 2010/11, Camden 2008/09
and Manchester 2008/09.
"""

from __future__ import annotations

import pytest

from tests.public.conftest import CAMDEN, KENT, MANCHESTER, UNRELEASED_VALUES

pytestmark = pytest.mark.django_db

UNRELEASED = dict(zip((KENT, CAMDEN, MANCHESTER), UNRELEASED_VALUES, strict=True))
EVERY_AREA = frozenset(UNRELEASED)
SEES = {
    None: frozenset(),
    "pm-kent": {KENT},
    "pm-manchester": {MANCHESTER},
    "pm-camden": {CAMDEN},
    "partner-kent-police": {KENT},
    "partner-nhs-camden": {CAMDEN},
    "go-lm-south-east": {KENT},
    "go-rd-london": {CAMDEN},
    "go-lm-north-west": {MANCHESTER},
    "approver": EVERY_AREA,
    "analyst": EVERY_AREA,
    "inspector": EVERY_AREA,
    "provider-clg": EVERY_AREA,
    "admin": EVERY_AREA,
}


def sign_in(client, public_data, username):
    if username:
        client.force_login(public_data.users[username])


def seen(text: str) -> set[str]:
    return {area for area, value in UNRELEASED.items() if value in text}


@pytest.mark.parametrize("username", sorted(SEES, key=str))
def test_the_figure_list_page_api_and_export_show_provisional_figures_per_area(
    client, public_data, username
):
    # rule M2: the public reads released figures; the area and government see them sooner
    sign_in(client, public_data, username)
    query = {"measure": "NI 111"}
    page = client.get("/observations/figures/", query).content.decode()
    api = client.get("/api/v1/observations", {**query, "page_size": 100}).content.decode()
    export = client.get("/observations/figures/export/", {**query, "format": "csv"})
    expected = set(SEES[username])
    assert seen(page) == expected
    assert seen(api) == expected
    assert seen(export.content.decode()) == expected


@pytest.mark.parametrize("username", ["pm-kent", "pm-camden", "go-rd-london", "inspector", None])
def test_the_history_shows_an_unreleased_version_only_to_the_areas_readers(
    client, public_data, username
):
    sign_in(client, public_data, username)
    key = {"measure": "NI 111", "area": CAMDEN, "period": "2008/09"}
    page = client.get("/observations/figures/history/", key)
    api = client.get("/api/v1/observations/history", key)
    if CAMDEN in SEES[username]:
        assert UNRELEASED[CAMDEN] in page.content.decode()
        assert api.json()[0]["value"] == float(UNRELEASED[CAMDEN])
    else:
        # Nothing public for the key yet: as if there were no figure at all.
        assert (page.status_code, api.status_code) == (404, 404)
        assert UNRELEASED[CAMDEN] not in page.content.decode() + api.content.decode()


def test_another_areas_partner_saw_every_areas_unreleased_figures_before(client, public_data):
    # the finding: every signed-in user (e.g. another area's partner) saw them all
    sign_in(client, public_data, "partner-nhs-camden")
    items = client.get("/api/v1/observations", {"measure": "NI 111", "page_size": 100}).json()
    values = {item["value"] for item in items["items"]}
    assert float(UNRELEASED[KENT]) not in values and float(UNRELEASED[MANCHESTER]) not in values


# --- the releases, in the API as on the page -----------------------------------------

RELEASE_LIST = {
    None: 401,
    "pm-kent": 200,
    "pm-manchester": 200,  # Manchester's own releases: none of Kent's
    "partner-kent-police": 403,
    "go-rd-south-east": 403,
    "approver": 403,
    "inspector": 403,
    "provider-clg": 403,
    "admin": 200,
}


@pytest.mark.parametrize("username", sorted(RELEASE_LIST, key=str))
def test_the_release_list_is_scoped_as_its_page(client, public_data, username):
    sign_in(client, public_data, username)
    api = client.get("/api/v1/observations/releases")
    page = client.get("/observations/releases/")
    assert api.status_code == RELEASE_LIST[username]
    if username:  # the page answers the same (anonymous users are sent to sign in)
        assert page.status_code == RELEASE_LIST[username]
    if api.status_code == 200:
        areas = {item["area"] for item in api.json()["items"]}
        assert (KENT in areas) == (username in {"pm-kent", "admin"})


@pytest.mark.parametrize("username", ["go-rd-london", "go-lm-north-west", "analyst", "inspector"])
def test_the_national_picture_shows_provisional_figures_to_the_areas_readers(
    client, public_data, username
):
    # the indicator across every area and an area's evidence ask the same rule
    sign_in(client, public_data, username)
    picture = client.get(
        "/national/indicator/", {"measure": "NI 111", "period": "2008/09", "format": "csv"}
    )
    assert picture.status_code == 200
    expected = SEES[username] & {CAMDEN, MANCHESTER}
    assert seen(picture.content.decode()) == expected
    # Kent's evidence: its latest NI 111 figure is the unreleased 2010/11 one.
    evidence = client.get(f"/national/areas/{KENT}/", {"format": "csv"})
    assert evidence.status_code == 200
    assert (UNRELEASED[KENT] in evidence.content.decode()) == (KENT in SEES[username])
