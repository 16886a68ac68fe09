"""Choosing the indicator of the national picture by words (issue 12 item 8): "NEET"
used to answer 400; now words find the measure, or list the measures they match."""

import pytest

pytestmark = pytest.mark.django_db


def test_words_naming_one_measure_show_its_picture(client, users, figures):
    # rule N1: government sees one indicator across every area.
    client.force_login(users["analyst"])
    response = client.get("/national/indicator/", {"measure": "NEET", "period": "2009/10"})
    assert response.status_code == 200
    assert response.context["picture"].measure.code == "NI 117"
    assert response.context["matches"] == []  # no list to choose from for one match


def test_words_matching_several_measures_list_them_to_choose(client, users, figures):
    client.force_login(users["analyst"])
    response = client.get("/national/indicator/", {"measure": "planning applications"})
    assert response.status_code == 200
    codes = [m.code for m in response.context["matches"]]
    assert {"NI 157a", "NI 157b", "NI 157c"} <= set(codes)
    page = response.content.decode()
    assert "measures match “planning applications”" in page
    assert 'href="?measure=NI%20157a"' in page


def test_words_matching_nothing_say_so_on_the_field(client, users, figures):
    client.force_login(users["analyst"])
    response = client.get("/national/indicator/", {"measure": "quokka sightings"})
    assert response.status_code == 400
    assert "No indicator or measure has all of the words" in response.content.decode()
