"""The public pages: find an area, its priorities and progress, charts with their
tables, the published change log, and the open data (rules M2, L4, A11)."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from tests.public.conftest import CAMDEN, FINAL_VALUE, HARTLEPOOL, KENT, RELEASED_VALUE
from tests.public.test_leaks import body_of

pytestmark = pytest.mark.django_db

ROLES = [
    None,
    "pm-kent",
    "pm-camden",
    "partner-kent-police",
    "go-lm-south-east",
    "go-rd-london",
    "approver",
    "analyst",
    "inspector",
    "admin",
]


def kent_ni111(data):
    return data.kent.targets.get(indicator__number=111, category="designated")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_same_public_pages(client, public_data, role):
    if role:
        client.force_login(public_data.users[role])
    target = kent_ni111(public_data)
    for url, expected in [
        ("/public/", 200),
        ("/public/?q=kent", 302),  # one match with an agreement: straight to its page
        (f"/public/areas/{KENT}/", 200),
        (f"/public/areas/{KENT}/targets/{target.pk}/", 200),
        (f"/public/areas/{KENT}/data.csv", 200),
        ("/public/open-data/", 200),
        # Camden's agreement is only submitted: the public site has none, even for
        # those who may see it elsewhere.
        (f"/public/areas/{CAMDEN}/", 404),
        (f"/public/areas/{CAMDEN}/data.csv", 404),
    ]:
        assert client.get(url).status_code == expected, (role, url)


def test_find_an_area_by_name_gss_or_ons_code(client, public_data):
    assert client.get("/public/?q=Kent").url == f"/public/areas/{KENT}/"
    assert client.get("/public/?q=e10000016").url == f"/public/areas/{KENT}/"
    # The older ONS code of Kent is 29; an old code in the address moves to the new one.
    assert client.get("/public/areas/29/").url == f"/public/areas/{KENT}/"
    page = client.get("/public/?q=Camden").content.decode()
    assert "no approved agreement published" in page
    assert client.get("/public/?q=Nowhereshire").content.decode().count("0 areas found") == 1


def test_the_area_page_shows_priorities_by_theme_progress_and_changes(client, public_data):
    page = client.get(f"/public/areas/{KENT}/").content.decode()
    # rule A11: the four themes, with the outcomes in plain English
    for theme in ("Children and Young People", "Safer and Stronger Communities"):
        assert theme in page
    assert "Fewer young people entering the youth justice system" in page
    # status in words as well as colour
    assert 'class="govuk-tag govuk-tag--' in page
    # rule L4: the published change log of approved revisions
    assert "Local target on NI 34 added" in page or "NI 34" in page
    assert "Agreement approved by the Secretary of State" in page
    assert "Platypus" not in page  # the revision being prepared is not published


def test_a_target_page_has_a_chart_with_its_table_and_withholds_unreleased_status(
    client, public_data
):
    target = kent_ni111(public_data)
    page = client.get(f"/public/areas/{KENT}/targets/{target.pk}/").content.decode()
    assert '<svg role="img"' in page and "<table" in page
    assert "<polyline" in page and "<circle" in page
    assert "2010/11" in page  # the year is there with its target …
    assert "4242" not in page and "4,242" not in page  # … but not the unreleased figure


def test_a_target_of_another_area_or_of_a_draft_is_not_found(client, public_data):
    camden_target = public_data.camden.targets.first()
    draft_target = public_data.draft.targets.first()
    assert client.get(f"/public/areas/{KENT}/targets/{camden_target.pk}/").status_code == 404
    assert client.get(f"/public/areas/{CAMDEN}/targets/{camden_target.pk}/").status_code == 404
    assert client.get(f"/public/areas/{HARTLEPOOL}/targets/{draft_target.pk}/").status_code == 404


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_open_data_holds_published_targets_and_released_figures(client, public_data):
    rows = rows_of(body_of(client.get("/public/open-data/local-area-agreements.csv")))
    assert {r["area_code"] for r in rows} == {KENT, "E08000003"}
    kent = [r for r in rows if r["area_code"] == KENT and r["indicator"] == "NI 111"]
    by_period = {r["period"]: r for r in kent if r["category"].startswith("Designated")}
    assert by_period["2008/09"]["actual_value"] == FINAL_VALUE
    assert by_period["2008/09"]["actual_status"] == "final"
    assert by_period["2009/10"]["actual_value"] == RELEASED_VALUE
    assert by_period["2009/10"]["actual_status"] == "provisional"
    assert by_period["2010/11"]["actual_value"] == ""
    assert by_period["2010/11"]["target_value"] == "1670.0"
    archive = zipfile.ZipFile(
        io.BytesIO(client.get("/public/open-data/local-area-agreements.zip").content)
    )
    names = archive.namelist()
    assert any(n.startswith(KENT) for n in names) and not any(CAMDEN in n for n in names)
    zipped = rows_of(archive.read(next(n for n in names if n.startswith(KENT))).decode())
    assert len(zipped) == len([r for r in rows if r["area_code"] == KENT])


def test_each_page_offers_its_data_as_csv(client, public_data):
    target = kent_ni111(public_data)
    area_rows = rows_of(body_of(client.get(f"/public/areas/{KENT}/data.csv")))
    assert {r["area_code"] for r in area_rows} == {KENT}
    target_rows = rows_of(body_of(client.get(f"/public/areas/{KENT}/targets/{target.pk}/data.csv")))
    assert {r["target_id"] for r in target_rows} == {str(target.pk)}
    for url in ("/public/", f"/public/areas/{KENT}/", f"/public/areas/{KENT}/targets/{target.pk}/"):
        assert ".csv" in client.get(url, follow=True).content.decode(), url


def test_statuses_come_from_the_monitoring_engine_on_released_figures(client, public_data):
    target = kent_ni111(public_data)
    page = client.get(f"/public/areas/{KENT}/targets/{target.pk}/").content.decode()
    tags = set(re.findall(r'govuk-tag--\w+">([^<]+)<', page))
    assert tags & {"On track", "Slightly behind", "Off track"}
    # 2010/11's figure is unreleased: its row has the target and no figure
    row = page[page.index(">2010/11<") :]
    row = row[: row.index("</tr>")]
    assert ">1670<" in row and "4242" not in row and "–" in row
