"""Places over JSON: /api/v1/areas, /api/v1/regions, /api/v1/population-groups."""

import pytest

pytestmark = pytest.mark.django_db

RESTRUCTURING_DAY = "2009-04-01"
LOCAL_AUTHORITY_TYPES_ON_RESTRUCTURING_DAY = {
    "county": 27,
    "district": 201,
    "unitary": 55,
    "metropolitan_district": 36,
    "london_borough": 32,
    "city_of_london": 1,
    "isles_of_scilly": 1,
}
KENT_DISTRICTS = [
    "Ashford", "Canterbury", "Dartford", "Dover", "Gravesham", "Maidstone",
    "Sevenoaks", "Shepway", "Swale", "Thanet", "Tonbridge and Malling", "Tunbridge Wells",
]  # fmt: skip


def codes(body: dict) -> list[str]:
    return [item["code"] for item in body["items"]]


def all_of(api, **params) -> dict:
    return api("/areas", page_size=500, **params)


def test_the_list_holds_england_every_region_and_authority_ever_recorded(api):
    body = all_of(api)
    assert body["count"] == 1 + 9 + 398
    assert codes(all_of(api, type="country")) == ["E92000001"]
    assert all_of(api, type="region")["count"] == 9
    assert all_of(api, type="local_authority")["count"] == 398


def test_353_local_authorities_were_live_on_1_april_2009(api):
    # rule A1: the April 2009 restructuring (two-tier areas became unitaries)
    body = all_of(api, type="local_authority", live_on=RESTRUCTURING_DAY)
    assert body["count"] == 353
    for area_type, count in LOCAL_AUTHORITY_TYPES_ON_RESTRUCTURING_DAY.items():
        of_type = all_of(api, type=area_type, live_on=RESTRUCTURING_DAY)
        assert of_type["count"] == count, area_type
        assert {item["type"]["value"] for item in of_type["items"]} == {area_type}
    assert sum(LOCAL_AUTHORITY_TYPES_ON_RESTRUCTURING_DAY.values()) == 353
    assert "E10000001" not in codes(body)  # Bedfordshire ended on 31 March 2009
    assert "E06000056" in codes(body)  # Central Bedfordshire began on 1 April 2009


def test_live_on_the_day_before_holds_the_old_areas(api):
    # rule A1
    before = codes(all_of(api, type="county", live_on="2009-03-31"))
    assert "E10000001" in before
    assert "E06000056" not in codes(all_of(api, type="unitary", live_on="2009-03-31"))


def test_upper_tier_gives_the_areas_of_laas(api):
    # rule A1: one LAA per county or unitary-level area
    body = all_of(api, type="upper_tier", live_on=RESTRUCTURING_DAY)
    assert body["count"] == 27 + 55 + 36 + 32 + 1 + 1
    assert all(item["upper_tier"] for item in body["items"])
    assert "district" not in {item["type"]["value"] for item in body["items"]}


def test_region_filter(api):
    body = all_of(api, region="E12000001", type="upper_tier", live_on=RESTRUCTURING_DAY)
    assert body["count"] == 12
    assert {item["region"]["code"] for item in body["items"]} == {"E12000001"}
    assert {"E06000001", "E06000047", "E06000048"} <= set(codes(body))  # incl. Durham


def test_parent_filter_gives_the_districts_of_a_county(api):
    # rule A12: in two-tier areas the county's districts are partner authorities
    body = all_of(api, parent="E10000016")
    assert [item["name"] for item in body["items"]] == KENT_DISTRICTS
    assert {item["parent"]["code"] for item in body["items"]} == {"E10000016"}
    assert {item["type"]["value"] for item in body["items"]} == {"district"}
    assert all_of(api, parent="29") == body  # Kent's older ONS code


def test_q_finds_by_name_gss_code_or_ons_code(api):
    assert codes(api("/areas", q="Hartlepool")) == ["E06000001"]
    assert codes(api("/areas", q="00EB")) == ["E06000001"]
    assert codes(api("/areas", q="e06000001")) == ["E06000001"]


def test_unknown_filter_values_are_refused_with_422(api):
    api("/areas", status=422, type="parish")
    api("/areas", status=422, live_on="1 April 2009")
    api("/areas", status=422, live_on="2009-02-30")


def test_pagination_pages_through_a_stable_count(api):
    first = api("/areas", page_size=25)
    second = api("/areas", page_size=25, page=2)
    assert first["count"] == second["count"] == 1 + 9 + 398
    assert len(first["items"]) == len(second["items"]) == 25
    assert not set(codes(first)) & set(codes(second))
    assert codes(first) + codes(second) == codes(api("/areas", page_size=50))


def test_an_area_by_gss_code_and_by_ons_code_gives_the_same_body(api):
    by_gss = api("/areas/E06000001")
    assert api("/areas/00EB") == by_gss
    assert api("/areas/00eb") == by_gss
    assert by_gss["code"] == "E06000001"
    assert by_gss["name"] == "Hartlepool"
    assert by_gss["ons_code"] == "00EB"
    assert by_gss["type"] == {"value": "unitary", "label": "Unitary authority"}
    assert by_gss["region"] == {"code": "E12000001", "name": "North East"}
    assert by_gss["council_name"] == "Hartlepool Borough Council"


def test_an_area_by_its_later_gss_code(api):
    # Gateshead was recoded E08000020 → E08000037 in 2013
    body = api("/areas/E08000037")
    assert body["code"] == "E08000020"
    assert body["later_gss_code"] == "E08000037"
    assert body == api("/areas/E08000020")


def test_a_county_lists_its_districts(api):
    # rule A12
    body = api("/areas/E10000016")
    assert [child["name"] for child in body["children"]] == KENT_DISTRICTS
    assert body["parent"] is None
    district = api(f"/areas/{body['children'][0]['code']}")
    assert district["parent"] == {"code": "E10000016", "name": "Kent"}


def test_a_restructured_area_names_its_successors_and_they_name_it(api):
    # rule A1: areas being restructured in April 2009
    bedfordshire = api("/areas/E10000001")
    assert bedfordshire["valid_to"] == "2009-03-31"
    assert bedfordshire["successors"] == [
        {"code": "E06000055", "name": "Bedford"},
        {"code": "E06000056", "name": "Central Bedfordshire"},
    ]
    bedford = api("/areas/E06000055")
    assert bedford["valid_from"] == "2009-04-01"
    assert {"code": "E10000001", "name": "Bedfordshire"} in bedford["predecessors"]


@pytest.mark.parametrize("code", ["E99999999", "00ZZ", "nowhere"])
def test_an_unknown_code_is_404_naming_it(api, code):
    assert api(f"/areas/{code}", status=404) == {
        "detail": f"There is no area with the code '{code}'."
    }


def test_the_nine_regions(api):
    body = api("/regions")
    assert body["count"] == 9
    assert sorted(codes(body)) == [f"E1200000{n}" for n in range(1, 10)]
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["E12000001"] == {
        "code": "E12000001",
        "name": "North East",
        "upper_tier_count": 12,
        "district_count": 0,
    }
    assert by_code["E12000007"]["upper_tier_count"] == 33  # 32 boroughs and the City
    assert sum(item["upper_tier_count"] for item in body["items"]) == 152


def test_region_counts_agree_with_the_areas_list(api):
    for region in api("/regions")["items"]:
        areas = api("/areas", region=region["code"], type="upper_tier", live_on=RESTRUCTURING_DAY)
        assert areas["count"] == region["upper_tier_count"], region["name"]


def test_population_groups(api):
    # rule D4: the dimensions an indicator can be disaggregated by
    body = api("/population-groups")
    assert body["count"] == 18
    sex = api("/population-groups", dimension="sex")
    assert [(g["code"], g["label"]) for g in sex["items"]] == [
        ("female", "Female"),
        ("male", "Male"),
    ]
    assert sex["items"][0]["dimension"] == {"value": "sex", "label": "Sex"}
    assert api("/population-groups", dimension="age")["count"] == 5
    api("/population-groups", status=422, dimension="star_sign")
