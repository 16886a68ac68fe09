"""Every number of a target fits where it is kept: a baseline of 10^20 was written and
then a 500; now it is refused on its field, on the page and through the API alike."""

import json

import pytest

pytestmark = pytest.mark.django_db

TARGET = {
    "category": "designated", "indicator": "NI 112", "theme": "children_and_young_people",
    "title": "Fewer under-18 conceptions", "setting": "trajectory", "baseline_value": "50",
    "baseline_period": "2007/08",
    "trajectory": {"2008/09": "49", "2009/10": "48", "2010/11": "47"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"baseline_value": "1e20"}, "baseline_value"),
        ({"trajectory": {"2008/09": "1e25", "2009/10": "48", "2010/11": "47"}},
         "trajectory.2008/09"),
        ({"setting": "improvement", "improvement_percent": "1e9", "trajectory": {}},
         "improvement_percent"),
    ],
)  # fmt: skip
def test_a_number_too_large_to_keep_is_refused_on_its_field(client, users, draft, change, field):
    client.force_login(users["pm"])
    response = client.post(
        f"/api/v1/agreements/{draft.pk}/targets",
        json.dumps({**TARGET, **change}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "must be less than" in messages[field]
    assert not draft.targets.exists()


def test_a_target_within_range_is_added(client, users, draft):
    client.force_login(users["pm"])
    response = client.post(
        f"/api/v1/agreements/{draft.pk}/targets",
        json.dumps({**TARGET, "baseline_value": "99999999999"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
