"""Requests no view can read are refused with 400 and a message, never a 500."""

import re

import pytest

from localperf.api import api

pytestmark = pytest.mark.django_db

NUL_PAGES = [
    "/public/?q=a%00b",
    "/places/a%00b/",
    "/indicators/?q=%00",
    "/places/?q=a&type=%00",
]
NUL_API = [
    "/api/v1/indicators?q=a%00b",
    "/api/v1/areas?q=%00",
    "/api/v1/areas/a%00b",
    "/api/v1/organisations?q=a%00",
]


@pytest.mark.parametrize("url", NUL_PAGES)
def test_a_nul_byte_in_a_page_address_is_a_400_page_saying_so(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", NUL_API)
def test_a_nul_byte_in_an_api_address_is_a_400_with_a_detail(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def api_writes() -> list[tuple[str, str]]:
    """Every API operation that takes a body, from the schema, with 1 for each path id."""
    schema = api.get_openapi_schema()
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"post", "put", "patch"}
    ]


@pytest.mark.parametrize(("method", "url"), api_writes())
def test_multipart_without_a_boundary_is_a_400_on_every_api_write(client, method, url):
    response = client.generic(method, url, b"--x\r\n\r\nvalue", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "no boundary" in response.json()["detail"]


def test_multipart_with_a_boundary_still_reaches_the_view(client):
    # The guard refuses only what cannot be read: a proper form body reaches the API,
    # which asks an anonymous caller to sign in.
    response = client.post("/api/v1/observations/releases", {"agreement": "1"})
    assert response.status_code == 401


PAGED_API = [
    "/api/v1/indicators",
    "/api/v1/areas",
    "/api/v1/regions",
    "/api/v1/population-groups",
    "/api/v1/organisations",
    "/api/v1/observations",
]


@pytest.mark.parametrize("url", PAGED_API)
def test_a_page_past_any_offset_a_database_can_take_is_refused_with_a_message(client, url):
    response = client.get(url, {"page": 2**63 // 500 + 1, "page_size": 500})
    assert response.status_code == 422
    assert "page" in str(response.json()["detail"])
    assert client.get(url, {"page": 1_000_000, "page_size": 500}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/indicators/", "/places/", "/organisations/", "/observations/figures/"]
)
def test_a_huge_page_number_on_a_page_shows_the_last_page(client, url):
    response = client.get(url, {"page": "9" * 30})
    assert response.status_code in {200, 302}
