"""The public registers as a user sees them: indicators, places, organisations."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_offers_the_indicator_search(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'action="/indicators/"' in response.content


def test_searching_cleanliness_finds_ni_195_and_ni_196(client):
    response = client.get("/indicators/", {"q": "cleanliness"})
    codes = [i.code for i in response.context["page_obj"]]
    assert codes == ["NI 195", "NI 196"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 198),
        ({"first_year": "deferred"}, 13),  # rule D2
        ({"statutory": "on"}, 17),  # rule D3
        ({"source": "survey", "theme": "stronger_communities"}, 11),
        ({"polarity": "not_simple"}, 12),
        ({"department": "DCSF"}, 62),
        ({"kind": "local"}, 0),  # rule D9: none until an agreement defines one
    ],
)
def test_indicator_filters(client, params, expected):
    response = client.get("/indicators/", params)
    assert response.context["counts"].total == expected


def test_htmx_requests_get_the_same_page_for_the_results_to_be_selected(client):
    response = client.get("/indicators/", {"q": "NI 1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="indicator-results"' in response.content


def test_the_list_pages_in_fifties_and_keeps_the_filters(client):
    response = client.get("/indicators/", {"page": 2, "theme": "children_and_young_people"})
    page = response.context["page_obj"]
    assert page.number == 2 and len(page.object_list) == 20
    assert response.context["querystring_without_page"] == "theme=children_and_young_people"


def test_indicator_page_shows_its_metadata_measures_and_definition(client):
    response = client.get("/indicators/ni-157/")
    text = response.content.decode()
    assert "Processing of planning applications" in text
    assert "NI 157a" in text and "NI 157c" in text  # rule D4
    assert "From 1 April 2008" in text  # rule D6: the first definition version


@pytest.mark.parametrize("code", ["NI195", "195", "NI-195"])
def test_other_spellings_of_an_indicator_code_redirect_to_its_page(client, code):
    response = client.get(f"/indicators/{code}/")
    assert response.status_code == 301
    assert response["Location"] == "/indicators/ni-195/"


def test_survey_indicators_say_that_they_carry_confidence_intervals(client):
    # rule D7: Place Survey indicators are biennial and carry confidence intervals
    text = client.get("/indicators/ni-1/").content.decode()
    assert "Biennial survey" in text
    assert "a change counts only beyond them" in text


def test_an_unknown_indicator_is_a_404_naming_the_code(client):
    response = client.get("/indicators/ni-999/")
    assert response.status_code == 404
    assert "ni-999" in response.content.decode()


def test_the_deleted_indicator_says_so(client):
    text = client.get("/indicators/ni-31/").content.decode()
    assert "was deleted before the National Indicator Set was published" in text


def test_regions_list_counts_areas_on_1_april_2009(client):
    regions = {r.name: r for r in client.get("/places/").context["regions"]}
    assert len(regions) == 9
    assert regions["London"].upper_tier_count == 33
    assert sum(r.upper_tier_count for r in regions.values()) == 152


def test_an_older_ons_code_redirects_to_the_area_page(client):
    response = client.get("/places/00EJ/")
    assert response.status_code == 301
    assert response["Location"] == "/places/E06000047/"


def test_a_county_lists_its_districts(client):
    # rule A12: two-tier areas
    text = client.get("/places/E10000016/").content.decode()
    assert "Ashford" in text and "Tunbridge Wells" in text


def test_the_restructuring_page_names_successors(client):
    text = client.get("/places/restructuring-2009/").content.decode()
    assert "Bedfordshire" in text and "Central Bedfordshire" in text
    assert "Cheshire West and Chester" in text


def test_area_search_finds_ended_areas_only_when_asked(client):
    live = client.get("/places/", {"q": "Bedfordshire"}).context["page_obj"]
    every = client.get("/places/", {"q": "Bedfordshire", "include_ended": "on"}).context["page_obj"]
    assert [a.name for a in live] == ["Central Bedfordshire"]
    assert {"Bedfordshire", "Mid Bedfordshire", "South Bedfordshire"} <= {a.name for a in every}


def test_organisations_filter_by_standing(client):
    response = client.get("/organisations/", {"standing": "partner_authority"})
    page = response.context["page_obj"]
    assert page.paginator.count == 201  # the district councils live on 1 April 2009
    assert all(o.owes_duty_to_have_regard for o in page)


def test_organisation_page_shows_the_duty(client):
    text = client.get("/organisations/ashford-borough-council/").content.decode()
    assert "Yes: a partner authority under the duty to co-operate" in text  # rule A9


def test_unknown_area_and_organisation_are_404s(client):
    assert client.get("/places/E99999999/").status_code == 404
    assert client.get("/organisations/no-such-body/").status_code == 404
