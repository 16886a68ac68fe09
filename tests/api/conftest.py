"""The JSON API tests call the API through Django's test client, on the real reference data."""

import pytest


@pytest.fixture
def api(client, db):
    """``api("/indicators", theme="local_economy")`` → the decoded JSON body, status checked."""

    def get(path: str, status: int = 200, **params):
        response = client.get(f"/api/v1{path}", params)
        assert response.status_code == status, response.content.decode()
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    return get
