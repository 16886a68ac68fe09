"""Both tiers, never mixed (issue 15 item 2, rule N1): the national picture compares the
upper tier (counties and unitaries) or the lower tier (districts, metropolitan
districts, unitaries and London boroughs), ranks "n of N" within the set chosen, and the
page and API say which set it used."""

import pytest

from localperf.national import selectors, services
from localperf.national.models import ComparatorKind
from localperf.observations.models import ReportingPeriod
from localperf.places.models import Area, AreaType, Tier
from tests.national.fixtures import KENT, record, whole_measure

pytestmark = pytest.mark.django_db

ASHFORD, TUNBRIDGE_WELLS = "E07000105", "E07000116"


@pytest.fixture
def districts(figures):
    neet = whole_measure(117)
    ashford = Area.objects.get(code=ASHFORD)
    wells = Area.objects.get(code=TUNBRIDGE_WELLS)
    record(neet, ashford, "2009/10", 3.0, numerator=30, denominator=1000)
    record(neet, wells, "2009/10", 11.0, numerator=110, denominator=1000)
    return [ashford, wells]


def _picture(tier, comparator=None):
    return selectors.indicator_picture(
        whole_measure(117),
        ReportingPeriod.objects.get(label="2009/10"),
        tier=tier,
        comparator=comparator,
    )


def test_a_district_is_never_ranked_among_counties(districts):
    # rule N1
    upper = _picture(Tier.UPPER)
    codes = {a.code for a in upper.areas}
    assert KENT in codes and not codes & {ASHFORD, TUNBRIDGE_WELLS}
    assert upper.distribution.count == 8
    assert all(Area.objects.get(code=c).area_type != AreaType.DISTRICT for c in codes)


def test_a_county_is_never_ranked_among_districts(districts):
    # rule N1: the unitaries and London boroughs are in both sets; Kent only upper.
    lower = _picture(Tier.LOWER)
    codes = {a.code for a in lower.areas}
    assert KENT not in codes and {ASHFORD, TUNBRIDGE_WELLS} <= codes
    assert lower.distribution.count == 9
    ashford = next(a for a in lower.areas if a.code == ASHFORD)
    assert (ashford.rank_england, ashford.rank_region) == (1, 1)  # 3.0, lower is better
    assert ashford.region_count == 6  # four South East unitaries and two districts
    # England's combined rate is of the lower tier's areas, and says so.
    assert "lower-tier areas" in lower.england.source


def test_the_page_and_the_api_say_which_set_and_rank_n_of_n(client, users, districts):
    client.force_login(users["analyst"])
    page = client.get(
        "/national/indicator/", {"measure": "NI 117", "period": "2009/10", "tier": "lower"}
    ).content.decode()
    assert "Areas compared:</strong> Lower tier: districts" in page
    assert "1 of 9" in page and "Compare the upper tier instead" in page
    body = client.get(
        "/api/v1/national/indicator", {"measure": "NI 117", "period": "2009/10", "tier": "lower"}
    ).json()
    assert (body["tier"], body["areas_ranked"]) == ("lower", 9)
    upper = client.get(
        "/api/v1/national/indicator", {"measure": "NI 117", "period": "2009/10"}
    ).json()
    assert (upper["tier"], upper["areas_ranked"]) == ("upper", 8)


def test_a_group_of_districts_ranks_within_itself_and_only_among_its_tier(client, users, districts):
    # rule N1: comparator groups hold areas of one tier and show ranks within the group.
    group = services.comparator_group_create(
        user=users["analyst"], name="Kent districts", kind=ComparatorKind.OTHER, members=districts
    )
    assert selectors.comparator_tiers(group) == {Tier.LOWER}
    lower = _picture(Tier.LOWER, comparator=group)
    ranked = {a.code: a.rank_group for a in lower.areas if a.rank_group is not None}
    assert ranked == {ASHFORD: 1, TUNBRIDGE_WELLS: 2} and lower.group_count == 2
    client.force_login(users["analyst"])
    refused = client.get(
        "/national/indicator/",
        {"measure": "NI 117", "period": "2009/10", "comparator": group.pk},
    )
    assert refused.status_code == 400
    assert "holds areas outside the upper-tier set" in refused.content.decode()
    api = client.get(
        "/api/v1/national/indicator",
        {"measure": "NI 117", "period": "2009/10", "comparator": group.pk},
    )
    assert api.status_code == 422 and api.json()["errors"][0]["field"] == "comparator"


def test_the_csv_says_the_tier_and_the_n_of_each_rank(client, users, districts):
    import csv
    import io

    client.force_login(users["analyst"])
    response = client.get(
        "/national/indicator/",
        {"measure": "NI 117", "period": "2009/10", "tier": "lower", "format": "csv"},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    ashford = next(r for r in rows if r["area code"] == ASHFORD)
    assert ashford["tier"] == "lower-tier"
    assert (ashford["rank in England"], ashford["areas ranked in England"]) == ("1", "9")
