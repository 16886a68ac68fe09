"""The API's history of a figure says who recorded each version, as the history page does."""

import json

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/observations"
KEY = {"measure": "NI 157a", "area": "E06000001", "period": "2008/09"}


def test_the_api_history_names_who_recorded_each_version(client, administrator, load):
    load(b"measure,area,period,value\r\nNI 157a,E06000001,2008/09,70\r\n")
    administrator.first_name, administrator.last_name = "Ada", "Admin"
    administrator.save()
    client.force_login(administrator)
    corrected = client.post(
        URL,
        json.dumps({"observations": [{**KEY, "value": 71}], "reason": "Recount"}),
        content_type="application/json",
    )
    assert corrected.status_code == 200, corrected.content
    history = client.get(f"{URL}/history", KEY).json()
    assert [v["value"] for v in history] == [71.0, 70.0]
    assert history[0]["recorded_by"] == "Ada Admin"
    page = client.get("/observations/figures/history/", KEY).content.decode()
    assert "Ada Admin" in page  # the page and the API say the same
    assert set(history[1]) >= {"recorded_by", "source_organisation"}
