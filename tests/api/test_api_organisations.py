"""Organisations over JSON: /api/v1/organisations (rule A9, A12)."""

import pytest

pytestmark = pytest.mark.django_db

GOVERNMENT_OFFICES = {
    "go-east-midlands", "go-east-of-england", "go-london", "go-north-east", "go-north-west",
    "go-south-east", "go-south-west", "go-west-midlands", "go-yorkshire-and-the-humber",
}  # fmt: skip


def slugs(body: dict) -> list[str]:
    return [item["slug"] for item in body["items"]]


def all_of(api, **params) -> dict:
    return api("/organisations", page_size=500, **params)


def test_the_list_holds_active_organisations_unless_asked(api):
    active = all_of(api)
    everyone = all_of(api, include_inactive="true")
    assert active["count"] == 380
    assert everyone["count"] == 425
    assert all(item["active"] for item in active["items"])
    assert "alnwick-district-council" not in slugs(active)  # abolished April 2009
    assert "alnwick-district-council" in slugs(everyone)


def test_kind_filter_gives_the_nine_government_offices(api):
    body = all_of(api, kind="government_office")
    assert set(slugs(body)) == GOVERNMENT_OFFICES
    assert {item["kind"]["value"] for item in body["items"]} == {"government_office"}


def test_standing_filter_and_the_duty_to_have_regard(api):
    # rule A9: partner authorities owe the duty to have regard; no one else does
    partners = all_of(api, standing="partner_authority")
    assert partners["count"] == 201
    assert all(item["owes_duty_to_have_regard"] for item in partners["items"])
    assert {item["kind"]["value"] for item in partners["items"]} == {"district_council"}
    for standing in ("responsible_authority", "voluntary_partner", "government"):
        body = all_of(api, standing=standing)
        assert {item["standing"]["value"] for item in body["items"]} <= {standing}
        assert not any(item["owes_duty_to_have_regard"] for item in body["items"])
    assert all_of(api, standing="responsible_authority")["count"] == 27 + 57 + 36 + 32


def test_q_finds_by_name(api):
    body = api("/organisations", q="Kent")
    assert slugs(body) == ["kent-county-council"]
    assert body["items"][0]["area"] == {"code": "E10000016", "name": "Kent"}


def test_unknown_filter_values_are_refused_with_422(api):
    api("/organisations", status=422, standing="friend")
    api("/organisations", status=422, kind="parish_council")


def test_pagination_pages_through_a_stable_count(api):
    first = api("/organisations", page_size=20)
    second = api("/organisations", page_size=20, page=2)
    assert first["count"] == second["count"] == 380
    assert not set(slugs(first)) & set(slugs(second))


def test_a_government_office(api):
    assert api("/organisations/go-london") == {
        "slug": "go-london",
        "name": "Government Office for London",
        "kind": {"value": "government_office", "label": "Government Office"},
        "standing": {"value": "government", "label": "Government or inspectorate"},
        "owes_duty_to_have_regard": False,
        "area": {"code": "E12000007", "name": "London"},
        "register_code": None,
        "active": True,
    }


def test_a_district_council_is_a_partner_authority_owing_the_duty(api):
    # rule A9, A12
    body = api("/organisations/adur-district-council")
    assert body["standing"] == {
        "value": "partner_authority",
        "label": "Partner authority (duty to co-operate)",
    }
    assert body["owes_duty_to_have_regard"] is True


def test_a_county_council_is_a_responsible_authority(api):
    body = api("/organisations/kent-county-council")
    assert body["standing"]["value"] == "responsible_authority"
    assert body["owes_duty_to_have_regard"] is False


def test_an_abolished_council_is_still_found_by_slug(api):
    assert api("/organisations/alnwick-district-council")["active"] is False


@pytest.mark.parametrize("slug", ["go-atlantis", "GO-LONDON"])
def test_an_unknown_slug_is_404_naming_it(api, slug):
    assert api(f"/organisations/{slug}", status=404) == {
        "detail": f"There is no organisation with the slug '{slug}'."
    }
