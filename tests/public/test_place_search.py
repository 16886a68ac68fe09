"""The public site's search as a resident types (issue 15 item 8): a district leads to
its county's published agreement (rule A12)."""

import pytest

from tests.public.conftest import KENT

pytestmark = pytest.mark.django_db

TUNBRIDGE_WELLS = "E07000116"


def test_a_district_leads_to_its_countys_agreement(client, public_data):
    # rule A12: in a two-tier area the county's agreement covers its districts.
    response = client.get("/public/", {"q": "Tunbridge Wells"})
    assert response.status_code == 302
    assert response.url == f"/public/areas/{KENT}/?from={TUNBRIDGE_WELLS}"
    page = client.get(response.url).content.decode()
    assert "You searched for Tunbridge Wells" in page
    assert "Kent’s Local Area Agreement covers it" in page


def test_a_district_among_several_results_links_to_its_county(client, public_data):
    # "We" starts a word of Tunbridge Wells, Wealden, West Sussex, Westminster, …
    page = client.get("/public/", {"q": "We"}).content.decode()
    assert "Tunbridge Wells (district): covered by" in page
    assert f'href="/public/areas/{KENT}/?from={TUNBRIDGE_WELLS}"' in page


def test_the_area_page_ignores_a_from_that_is_not_its_district(client, public_data):
    page = client.get(f"/public/areas/{KENT}/", {"from": "E08000003"}).content.decode()
    assert "You searched for" not in page


@pytest.mark.parametrize("typed", ["kent", "KENT county", "Kent County Council"])
def test_the_county_itself_is_still_found_at_once(client, public_data, typed):
    assert client.get("/public/", {"q": typed}).url == f"/public/areas/{KENT}/"
