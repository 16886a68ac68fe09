"""The indicator catalogue over JSON: /api/v1/indicators (rules D1–D4, D6, D7)."""

import pytest

pytestmark = pytest.mark.django_db

DEFERRED = {
    "NI 12", "NI 24", "NI 25", "NI 26", "NI 32", "NI 38", "NI 54",
    "NI 57", "NI 71", "NI 127", "NI 128", "NI 190", "NI 199",
}  # fmt: skip
STATUTORY = {f"NI {n}" for n in (72, 73, 74, 75, 83, 87, *range(92, 103))}


def codes(body: dict) -> list[str]:
    return [item["code"] for item in body["items"]]


def all_of(api, **params) -> dict:
    return api("/indicators", page_size=500, **params)


def test_the_list_holds_the_198_live_national_indicators_without_ni_31(api):
    # rule D1
    body = all_of(api)
    assert body["count"] == 198
    assert codes(body) == [f"NI {n}" for n in range(1, 200) if n != 31]
    assert {item["status"]["value"] for item in body["items"]} == {"live"}


def test_include_deleted_adds_ni_31(api):
    # rule D1
    body = all_of(api, include_deleted="true")
    assert body["count"] == 199
    (ni31,) = [item for item in body["items"] if item["code"] == "NI 31"]
    assert ni31["status"] == {"value": "deleted", "label": "Deleted"}


def test_first_year_deferred_gives_the_13_deferred_indicators(api):
    # rule D2: twelve deferred to 2009/10, and NI 199 which starts then
    body = all_of(api, first_year="deferred")
    assert body["count"] == 13
    assert set(codes(body)) == DEFERRED
    assert all(item["is_deferred"] and item["first_year"] != "2008/09" for item in body["items"])


def test_first_year_2008_09_gives_the_rest(api):
    # rule D2
    body = all_of(api, first_year="2008/09")
    assert body["count"] == 198 - 13
    assert not set(codes(body)) & DEFERRED
    assert not any(item["is_deferred"] for item in body["items"])


def test_statutory_gives_the_17_statutory_education_indicators(api):
    # rule D3: 17 statutory education and early years indicators in the 2008 guidance
    body = all_of(api, statutory="true")
    assert body["count"] == 17
    assert set(codes(body)) == STATUTORY
    assert all(item["statutory_education"] for item in body["items"])


def test_q_matches_the_number_and_words_of_the_title(api):
    assert codes(api("/indicators", q="195")) == ["NI 195"]
    assert codes(api("/indicators", q="NI 195")) == ["NI 195"]
    by_words = codes(api("/indicators", q="cleanliness"))
    assert "NI 195" in by_words
    assert all(
        "cleanliness" in item["title"].lower()
        for item in api("/indicators", q="cleanliness")["items"]
    )


def test_kind_filter(api):
    assert all_of(api, kind="national")["count"] == 198
    assert all_of(api, kind="local") == {"items": [], "count": 0}


def test_theme_filter(api):
    body = all_of(api, theme="stronger_communities")
    assert body["count"] == 14
    assert codes(body) == [f"NI {n}" for n in range(1, 15)]
    assert {item["theme"]["value"] for item in body["items"]} == {"stronger_communities"}
    assert body["items"][0]["theme"]["label"] == "Stronger communities"


def test_department_filter(api):
    body = all_of(api, department="DCSF")
    assert body["count"] == 62
    assert {item["department"] for item in body["items"]} == {"DCSF"}
    assert "NI 72" in codes(body)


def test_source_filter_splits_survey_from_administrative_data(api):
    # rule D7: the Place Survey indicators are survey-based and carry confidence intervals
    survey = all_of(api, source="survey")
    administrative = all_of(api, source="administrative")
    assert survey["count"] == 39
    assert survey["count"] + administrative["count"] == 198
    assert all(item["survey"] and item["source"] == "survey" for item in survey["items"])
    assert all(item["survey"] is None for item in administrative["items"])
    (ni1,) = [item for item in survey["items"] if item["code"] == "NI 1"]
    assert ni1["survey"] == "Place Survey"
    assert ni1["has_confidence_intervals"] is True
    assert ni1["reporting_frequency"]["value"] == "biennial_survey"
    assert "NI 157" in codes(administrative)


def test_polarity_filter(api):
    higher = all_of(api, polarity="higher")
    lower = all_of(api, polarity="lower")
    not_simple = all_of(api, polarity="not_simple")
    assert higher["count"] + lower["count"] + not_simple["count"] == 198
    assert {item["polarity"]["value"] for item in higher["items"]} == {"higher"}
    assert "NI 195" in codes(lower)
    assert codes(not_simple) == [
        "NI 12", "NI 25", "NI 26", "NI 44", "NI 65", "NI 68",
        "NI 71", "NI 113", "NI 183", "NI 187", "NI 196", "NI 198",
    ]  # fmt: skip
    assert not_simple["items"][0]["polarity"] == {
        "value": "not_simple",
        "label": "Not simply higher or lower",
    }


def test_filters_combine(api):
    # rule D2 and D3 together: no statutory education indicator is deferred
    assert all_of(api, statutory="true", first_year="deferred")["count"] == 0
    body = all_of(api, theme="children_and_young_people", first_year="deferred")
    assert set(codes(body)) <= DEFERRED
    assert body["count"] > 0


def test_unknown_filter_values_are_refused_with_422(api):
    api("/indicators", status=422, theme="happiness")
    api("/indicators", status=422, first_year="2010/11")
    api("/indicators", status=422, source="gossip")
    api("/indicators", status=422, statutory="perhaps")


def test_pagination_pages_through_a_stable_count(api):
    first = api("/indicators", page_size=10)
    second = api("/indicators", page_size=10, page=2)
    assert first["count"] == second["count"] == 198
    assert codes(first) == [f"NI {n}" for n in range(1, 11)]
    assert codes(second) == [f"NI {n}" for n in range(11, 21)]
    assert len(api("/indicators")["items"]) == 50  # the default page size
    assert api("/indicators", page=99) == {"items": [], "count": 198}


def test_page_size_runs_from_1_to_500(api):
    assert len(api("/indicators", page_size=500)["items"]) == 198
    assert len(api("/indicators", page_size=1)["items"]) == 1
    api("/indicators", status=422, page_size=501)
    api("/indicators", status=422, page_size=0)
    api("/indicators", status=422, page=0)


@pytest.mark.parametrize("code", ["NI 195", "ni-195", "195", "ni195"])
def test_detail_accepts_every_form_of_the_code(api, code):
    assert api(f"/indicators/{code}") == api("/indicators/NI 195")


def test_detail_gives_full_metadata_measures_and_definition_versions(api):
    # rule D6: the definition in force is visible, with whether a change breaks comparison
    body = api("/indicators/NI 195")
    assert body["code"] == "NI 195"
    assert body["slug"] == "ni-195"
    assert body["number"] == 195
    assert body["theme"] == {
        "value": "environmental_sustainability",
        "label": "Environmental sustainability",
    }
    assert body["department"] == "Defra"
    assert body["polarity"]["value"] == "lower"
    assert body["first_year"] == "2008/09"
    assert body["is_deferred"] is False
    assert body["has_confidence_intervals"] is True
    # rule D4: the whole measure, then litter, detritus, graffiti and fly-posting
    codes = ["NI 195", "NI 195a", "NI 195b", "NI 195c", "NI 195d"]
    assert [m["code"] for m in body["measures"]] == codes
    assert body["measure_count"] == 4
    assert "Defra" in body["measures"][1]["source"] and body["measures"][0]["source"] is None
    (version,) = body["definition_versions"]
    assert version["version"] == 1
    assert version["effective_from"] == "2008-04-01"
    assert version["effective_to"] is None
    assert version["breaks_comparison"] is False


def test_a_multi_part_indicator_lists_its_measures(api):
    # rule D4: one NI can hold several measures
    body = api("/indicators/ni-157")
    assert [m["code"] for m in body["measures"]] == ["NI 157", "NI 157a", "NI 157b", "NI 157c"]
    # Counted as the handbook counts (the catalogue's own rule): three parts; the whole
    # measure is listed for figures that name no part, not counted again.
    assert body["measure_count"] == 3
    assert body["measures"][1]["part"] == "a"
    assert body["measures"][1]["unit"] == "%"


def test_a_deferred_indicator_says_so(api):
    # rule D2
    body = api("/indicators/NI 199")
    assert body["is_deferred"] is True
    assert body["first_year"] == "2009/10"


def test_the_deleted_indicator_is_still_found_by_code(api):
    # rule D1
    assert api("/indicators/31")["status"]["value"] == "deleted"


@pytest.mark.parametrize("code", ["NI 999", "ni-999", "cleanliness"])
def test_an_unknown_code_is_404_naming_it(api, code):
    body = api(f"/indicators/{code}", status=404)
    assert body == {"detail": f"There is no indicator with the code '{code}'."}
