"""Nearest neighbours (issue 15 item 3): standardised Euclidean distance over the chosen
measures, on a small hand-checked set, saved as a comparator group stating its method."""

import statistics

import pytest

from localperf.national import selectors
from localperf.national.models import ComparatorGroup, ComparatorKind
from tests.national.fixtures import NI117_2009, whole_measure

pytestmark = pytest.mark.django_db


def test_the_nearest_on_one_measure_are_the_closest_values(figures):
    # NI 117: Kent 5.0; LO1 4.0, SE2 6.0 and SE3 6.0 are one point away, LO2 (7.0) two.
    kent = figures[0]
    found = selectors.nearest_areas(kent, [whole_measure(117)], count=4)
    sd = statistics.pstdev(NI117_2009)
    assert {r.area.pk for r in found.rows[:3]} == {figures[5].pk, figures[1].pk, figures[2].pk}
    assert found.rows[3].area == figures[6]
    assert found.rows[0].distance == pytest.approx(1 / sd)
    assert found.rows[3].distance == pytest.approx(2 / sd)
    assert found.compared == 8


def test_only_areas_with_every_measure_are_compared(figures):
    # NI 5 has figures for three South East areas only: the others drop out.
    found = selectors.nearest_areas(figures[0], [whole_measure(117), whole_measure(5)], count=5)
    assert found.compared == 3
    assert {r.area for r in found.rows} == {figures[1], figures[2]}


def test_the_page_finds_and_saves_them_as_a_group(client, users, figures):
    client.force_login(users["analyst"])
    query = "?area=E10000016&measures=NI+117&count=3"
    page = client.get("/national/neighbours/" + query).content.decode()
    assert 'id="neighbours-table"' in page and "standardised" in page
    response = client.post("/national/neighbours/" + query, {"name": "Kent's neighbours"})
    assert response.status_code == 302
    group = ComparatorGroup.objects.get(name="Kent's neighbours")
    assert group.kind == ComparatorKind.STATISTICAL_NEIGHBOURS
    assert group.members.count() == 4 and "NI 117" in group.description
    refused = client.get("/national/neighbours/?area=E10000016&measures=NI+999")
    assert refused.status_code == 400
    assert "There is no measure with the code" in refused.content.decode()
