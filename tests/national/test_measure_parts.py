"""NI 195a–d end to end (rule D4): four parts arrive in one import, a target on NI 195a
is judged on NI 195a's figures alone, and the national and public pictures compare every
area on the part chosen."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from localperf.agreements import services
from localperf.calculations import Rating
from localperf.indicators.models import Measure
from localperf.monitoring import selectors as monitoring
from localperf.monitoring.services import assessments_recompute
from localperf.observations.importing.services import observation_import
from localperf.observations.models import ImportStatus, Observation
from tests.agreements.factories import take_to_approval, target_input
from tests.national.fixtures import pick_areas
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2009, 11, 30)
# Litter, detritus, graffiti, fly-posting (% of sites below grade B), area by area: Kent
# first. Kent's litter (11.0) beats its 2008/09 target (11.5); its detritus (21.0) would
# not, so a target judged on the wrong part would show red.
PARTS = {
    "a": [11.0, 9.0, 12.0, 14.0, 8.0, 10.0, 13.0, 15.0],
    "b": [21.0, 25.0, 18.0, 22.0, 30.0, 19.0, 24.0, 17.0],
    "c": [4.0, 3.0, 6.0, 2.0, 5.0, 7.0, 1.0, 8.0],
    "d": [1.0, 0.5, 2.0, 1.5, 0.0, 3.0, 2.5, 1.0],
}
# The same code spelled as returns spell it: the import reads each as its part.
SPELLINGS = {"a": "NI 195a", "b": "ni195B", "c": "NI-195 c", "d": "NI 195d"}


def part(letter: str) -> Measure:
    return Measure.objects.get(indicator__number=195, part=letter)


@pytest.fixture
def cleanliness(db):
    """The four parts for eight upper-tier areas in 2008/09, in one import file."""
    areas = pick_areas()
    lines = [
        row(measure=SPELLINGS[letter], area=area.code, value=value, status="final")
        for letter, values in PARTS.items()
        for area, value in zip(areas, values, strict=True)
    ]
    result = observation_import(
        file=csv_of(*lines), user=None, dry_run=False, file_name="ni-195-parts.csv"
    )
    assert result.status == ImportStatus.COMMITTED, (result.message, result.problems[:3])
    return areas


@pytest.fixture
def litter_target(users, cleanliness):
    """Kent's approved LAA with a designated target on NI 195a: 12 (10.5–13.5) in
    2007/08, 11.5 in 2008/09."""
    pm = users["pm"]
    agreement = services.agreement_create(user=pm)
    data = target_input(
        "NI 195",
        measure=part("a"),
        baseline_value=Decimal("12"),
        baseline_lower=Decimal("10.5"),
        baseline_upper=Decimal("13.5"),
        trajectory={"2008/09": Decimal("11.5"), "2009/10": Decimal("11"), "2010/11": Decimal("10")},
    )
    services.target_add(user=pm, agreement=agreement, data=data)
    take_to_approval(agreement, users)
    return agreement.targets.get()


def test_one_import_brings_four_parts_each_to_its_own_measure(cleanliness):
    # rule D4: NI 195 is reported as four percentages, never as one
    for letter, values in PARTS.items():
        stored = Observation.objects.filter(measure=part(letter)).order_by("area__code")
        by_area = {o.area_id: float(o.value) for o in stored}
        assert by_area == {a.pk: v for a, v in zip(cleanliness, values, strict=True)}
    assert not Observation.objects.filter(measure__indicator__number=195, measure__part="")


def test_a_target_on_ni_195a_is_judged_on_litter_alone(litter_target):
    # rule D4: a target is on one measure
    assert litter_target.measure_code == "NI 195a"
    assessments_recompute(targets=[litter_target], today=AS_AT)
    progress = monitoring.target_progress(litter_target, today=AS_AT)
    assert progress.measure_code == "NI 195a"
    assert progress.title.startswith("Improve NI 195")
    assert progress.polarity == "lower"
    point = next(p for p in progress.series if p.period_label == "2008/09")
    assert (point.actual, point.rating) == (11.0, Rating.GREEN)


def test_the_public_picture_of_ni_195a_compares_litter_and_names_the_part(client, cleanliness):
    # rule D4: the picture's documented example, "NI 195a", is a picture
    response = client.get("/public/compare/", {"measure": "NI 195a", "period": "2008/09"})
    assert response.status_code == 200
    picture = response.context["picture"]
    assert picture.measure.code == "NI 195a"
    values = {a.code: a.value for a in picture.areas}
    assert values == {a.code: v for a, v in zip(cleanliness, PARTS["a"], strict=True)}
    # Lower is better: the lowest litter (8.0) ranks first.
    assert [a.value for a in picture.areas][:2] == [8.0, 9.0]
    assert "NI 195a" in response.content.decode()
    detritus = client.get("/public/compare/", {"measure": "ni-195b", "period": "2008/09"})
    assert {a.value for a in detritus.context["picture"].areas} == set(PARTS["b"])


def test_the_government_picture_of_ni_195a_is_the_public_one(client, users, cleanliness):
    # rule D4 and one truth: the same part, the same ranks, whoever asks
    query = {"measure": "NI 195a", "period": "2008/09"}
    public = client.get("/public/compare/", query).context["picture"]
    client.force_login(users["analyst"])
    government = client.get("/national/indicator/", query).context["picture"]
    assert government.measure.code == "NI 195a"
    assert [(a.code, a.rank_england, a.value) for a in government.areas] == [
        (a.code, a.rank_england, a.value) for a in public.areas
    ]


def test_the_part_page_links_to_its_picture(client, cleanliness):
    # rule D4: from /indicators/ni-195a/ to every area compared on it
    page = client.get("/indicators/ni-195a/").content.decode()
    link = "/public/compare/?measure=NI%20195a"
    assert link in page
    assert client.get(link + "&period=2008/09").context["picture"].measure.code == "NI 195a"


def test_a_target_on_a_part_is_checked_and_named_as_that_part(users):
    # rules D4, A10, D7: the survey rule applies to NI 195a, and the message names it
    agreement = services.agreement_create(user=users["pm"])
    data = target_input("NI 195", measure=part("b"), baseline_value=Decimal("21"))
    with pytest.raises(ValidationError) as refused:
        services.target_add(user=users["pm"], agreement=agreement, data=data)
    assert (
        "NI 195b is a survey indicator: enter the lower and upper limits of the baseline's "
        "confidence interval." in str(refused.value)
    )
