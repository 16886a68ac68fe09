"""Forgiving place search (issue 15 item 8): one normalisation (``calculations.names``)
behind the places register, its API and the public site."""

import pytest

from localperf.calculations.names import name_key, name_matches
from localperf.places.selectors import LOCAL_AUTHORITY, area_search

pytestmark = pytest.mark.django_db

KENT, TUNBRIDGE_WELLS = "E10000016", "E07000116"


@pytest.mark.parametrize(
    ("typed", "register_name"),
    [
        ("St Helens", "St. Helens"),
        ("Saint Helens", "St. Helens"),
        ("Kings Lynn", "King's Lynn and West Norfolk"),
        ("kings lynn & west norfolk", "King's Lynn and West Norfolk"),
        ("Medway Towns", "Medway"),
        ("Westminster City of", "Westminster"),
        ("City of Westminster", "Westminster"),
        ("Hull", "Kingston upon Hull, City of"),
        ("Telford & Wrekin", "Telford and Wrekin"),
        ("Hammersmith & Fulham", "Hammersmith and Fulham"),
        ("Stockton on Tees", "Stockton-on-Tees"),
        ("Wells Tunbridge", "Tunbridge Wells"),
    ],
)
def test_each_way_of_typing_a_place_finds_it(typed, register_name):
    names = [a.name for a in area_search(q=typed, area_type=LOCAL_AUTHORITY)]
    assert register_name in names, (typed, names)


def test_hull_does_not_find_solihull():
    names = [a.name for a in area_search(q="Hull", area_type=LOCAL_AUTHORITY)]
    assert "Solihull" not in names
    assert names[0] == "Kingston upon Hull, City of"


def test_an_exact_name_comes_first():
    names = [a.name for a in area_search(q="Westminster City of")]
    assert names[0] == "Westminster"


def test_codes_still_find_their_area():
    assert [a.code for a in area_search(q="29UQ")] == [TUNBRIDGE_WELLS]
    assert [a.code for a in area_search(q="e10000016")] == [KENT]


def test_the_register_pages_and_api_use_the_same_search(client):
    page = client.get("/places/", {"q": "St Helens"}).context["page_obj"]
    assert [a.name for a in page] == ["St. Helens"]
    api = client.get("/api/v1/areas", {"q": "Kings Lynn"}).json()
    assert [a["name"] for a in api["items"]] == ["King's Lynn and West Norfolk"]


def test_the_words_are_normalised_once():
    assert name_key("Westminster, City of") == name_key("westminster city of") == ("westminster",)
    assert not name_matches("Hull", "Solihull")
