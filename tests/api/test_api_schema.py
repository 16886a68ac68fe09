"""The API describes itself: OpenAPI schema and a docs page that keeps the strict CSP."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/indicators",
    "/api/v1/indicators/{code}",
    "/api/v1/areas",
    "/api/v1/areas/{code}",
    "/api/v1/regions",
    "/api/v1/population-groups",
    "/api/v1/organisations",
    "/api/v1/organisations/{slug}",
    "/api/v1/agreements",
    "/api/v1/agreements/commitments",
    "/api/v1/agreements/{agreement_id}",
    "/api/v1/agreements/{agreement_id}/actions",
    "/api/v1/agreements/{agreement_id}/events",
    "/api/v1/agreements/multi-area",
    "/api/v1/agreements/{agreement_id}/multi-area",
    "/api/v1/agreements/{agreement_id}/multi-area/signatures",
    "/api/v1/agreements/{agreement_id}/multi-area/links",
    "/api/v1/agreements/{agreement_id}/targets",
    "/api/v1/agreements/{agreement_id}/targets/{target_id}",
    "/api/v1/agreements/{agreement_id}/targets/{target_id}/move",
    "/api/v1/agreements/{agreement_id}/targets/{target_id}/remove",
    "/api/v1/agreements/{agreement_id}/outcomes",
    "/api/v1/agreements/{agreement_id}/outcomes/{outcome_id}",
    "/api/v1/agreements/{agreement_id}/revisions",
    "/api/v1/agreements/{agreement_id}/revisions/{number}",
    "/api/v1/agreements/{agreement_id}/revisions/{number}/changes",
    "/api/v1/agreements/{agreement_id}/revisions/{number}/propose",
    "/api/v1/agreements/{agreement_id}/revisions/{number}/agree",
    "/api/v1/agreements/{agreement_id}/revisions/{number}/decide",
    "/api/v1/agreements/reference-figures",
    "/api/v1/agreements/reference-figures/{figure_id}/values",
    "/api/v1/agreements/{agreement_id}/under-performance",
    # Rules A3, D3: DCSF's changes to statutory targets; rule L6: the refresh.
    "/api/v1/agreements/{agreement_id}/targets/{target_id}/dcsf-changes",
    "/api/v1/agreements/{agreement_id}/targets/{target_id}/dcsf-changes/year",
    "/api/v1/agreements/{agreement_id}/targets/{target_id}/dcsf-changes/withdraw",
    "/api/v1/agreements/{agreement_id}/refresh",
    "/api/v1/agreements/{agreement_id}/refresh/steps/{action}",
    "/api/v1/agreements/{agreement_id}/refresh/listings",
    "/api/v1/agreements/{agreement_id}/refresh/changes",
    "/api/v1/timetable",
    "/api/v1/observations",
    "/api/v1/observations/history",
    "/api/v1/national/selection",
    "/api/v1/national/indicator",
    # Rule M6: the collect-once ledger, the public's and government's.
    "/api/v1/national/ledger",
    "/api/v1/ledger",
    "/api/v1/observations/releases",
    "/api/v1/observations/sdmx/structure",
    "/api/v1/reports",
    "/api/v1/reports/{report_id}",
    "/api/v1/reports/{report_id}/changes",
    "/api/v1/reports/{report_id}/targets/{target_id}/comment",
    "/api/v1/reports/{report_id}/targets/{target_id}/go-comment",
    "/api/v1/reports/{report_id}/submit",
    "/api/v1/reports/{report_id}/accept",
    "/api/v1/reports/{report_id}/return",
    "/api/v1/annual-reviews/{review_id}",
    "/api/v1/reward/agreements/{agreement_id}/targets/{target_id}/basis",
    "/api/v1/reward/agreements/{agreement_id}/statement",
    "/api/v1/reward/agreements/{agreement_id}/claims",
    "/api/v1/reward/claims/{claim_id}/steps",
    "/api/v1/reward/determination",
    "/api/v1/reward/revocation",
}


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._current = {**dict(attrs), "content": ""}
            self.scripts.append(self._current)

    def handle_data(self, data):
        if self._current is not None:
            self._current["content"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._current = None


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def parameters(schema: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def enum_of(schema: dict, parameter: dict) -> list[str]:
    """The allowed values of a parameter, following a $ref to a named enum such as Theme."""
    for option in parameter["schema"].get("anyOf", [parameter["schema"]]):
        if "$ref" in option:
            option = schema["components"]["schemas"][option["$ref"].rsplit("/", 1)[-1]]
        if "enum" in option:
            return option["enum"]
    raise AssertionError(f"{parameter['name']} lists no allowed values")


def test_the_schema_lists_every_path(schema):
    assert set(schema["paths"]) == PATHS
    assert schema["info"]["title"] == "localperf API"


def test_the_schema_documents_the_allowed_filter_values(schema):
    indicators = parameters(schema, "/api/v1/indicators")
    assert set(indicators) == {
        "q", "kind", "theme", "department", "source", "polarity", "first_year",
        "statutory", "include_deleted", "page", "page_size",
    }  # fmt: skip
    assert "local_economy" in enum_of(schema, indicators["theme"])
    assert enum_of(schema, indicators["first_year"]) == ["2008/09", "deferred"]
    assert enum_of(schema, indicators["polarity"]) == ["higher", "lower", "not_simple"]
    page_size = indicators["page_size"]["schema"]["anyOf"][0]
    assert page_size["maximum"] == 500
    areas = parameters(schema, "/api/v1/areas")
    assert {"upper_tier", "local_authority", "county"} <= set(enum_of(schema, areas["type"]))
    assert areas["live_on"]["schema"]["anyOf"][0]["format"] == "date"
    organisations = parameters(schema, "/api/v1/organisations")
    assert "partner_authority" in enum_of(schema, organisations["standing"])


def test_the_schema_documents_the_404_body(schema):
    for path in ("/api/v1/indicators/{code}", "/api/v1/areas/{code}"):
        assert "404" in schema["paths"][path]["get"]["responses"]


def test_the_docs_page_runs_only_our_own_static_scripts(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    parser = Scripts()
    parser.feed(response.content.decode())
    assert parser.scripts
    for script in parser.scripts:
        if "src" in script:
            assert script["src"].startswith("/static/"), script
            assert not script["content"].strip()
            assert finders.find(script["src"].removeprefix("/static/")), script["src"]
        else:
            # The only inline block is swagger's settings: JSON data, never executed.
            assert script.get("type") == "application/json", script
    assert any(s.get("src") == "/static/ninja/swagger-ui-init.js" for s in parser.scripts)
