"""Each part of a multi-part indicator has its own address, and the catalogue and the home
page count measures from one selector (rule D4)."""

import pytest
from django.urls import reverse

from localperf.indicators.models import Measure
from localperf.indicators.selectors import indicator_counts, reported_measures

pytestmark = pytest.mark.django_db


def test_ni_195a_has_its_own_page(client):
    # rule D4: "NI 195a", the national picture's documented example, is a page, not a 404
    response = client.get("/indicators/ni-195a/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "NI 195a: part a of NI 195" in text
    assert "Litter" in text and "Lower is better" in text
    assert "Defra, NI 195 guidance manual" in text  # the part's source
    for part in "bcd":
        assert f'href="/indicators/ni-195{part}/"' in text
    assert "/public/compare/?measure=NI%20195a" in text


@pytest.mark.parametrize("code", ["NI195A", "ni-195-a", "NI 195a"])
def test_other_spellings_of_a_part_redirect_to_its_page(client, code):
    # rule D4
    response = client.get(f"/indicators/{code}/")
    assert response.status_code == 301
    assert response["Location"] == "/indicators/ni-195a/"


@pytest.mark.parametrize("code", ["ni-195e", "ni-196a", "ni-999a"])
def test_a_part_that_does_not_exist_is_a_404_naming_the_code(client, code):
    # rule D4: NI 195 has four parts, NI 196 none
    response = client.get(f"/indicators/{code}/")
    assert response.status_code == 404
    assert code in response.content.decode()


def test_the_whole_indicator_page_lists_and_links_its_parts(client):
    # rule D4
    text = client.get("/indicators/ni-195/").content.decode()
    for part, title in zip("abcd", ["Litter", "Detritus", "Graffiti", "Fly-posting"], strict=True):
        assert f'<a class="govuk-link" href="/indicators/ni-195{part}/">NI 195{part}</a>' in text
        assert title in text
    assert "only for figures and targets that name no part" in text


def test_searching_the_catalogue_for_a_part_finds_its_indicator(client):
    # rule D4
    response = client.get("/indicators/", {"q": "NI 195c"})
    assert [i.code for i in response.context["page_obj"]] == ["NI 195"]
    assert 'href="/indicators/ni-195c/"' in response.content.decode()


def test_measures_are_counted_as_the_handbook_counts_them():
    # rule D4: each part counts, the whole of a multi-part indicator does not count again
    parts = Measure.objects.exclude(part="")
    multi_part = set(parts.values_list("indicator_id", flat=True))
    live_wholes = Measure.objects.filter(part="", indicator__status="live").count()
    expected = live_wholes - len(multi_part) + parts.count()
    assert indicator_counts().measures == expected == reported_measures().count()
    assert expected == 198 - 6 + 16  # six multi-part indicators, sixteen parts
    codes = set(m.code for m in reported_measures().select_related("indicator"))
    assert {"NI 195a", "NI 195d", "NI 196"} <= codes and "NI 195" not in codes


def test_the_catalogue_and_the_home_page_show_one_count(client):
    # rule D4: one selector answers both
    counts = client.get(reverse("indicators:list")).context["counts"]
    home = client.get(reverse("home")).content.decode()
    listing = client.get(reverse("indicators:list")).content.decode()
    assert f"The {counts.national} national indicators, their {counts.measures} measures" in home
    assert f"{counts.national} national, {counts.local} local; {counts.measures} measures" in (
        listing
    )
    filtered = client.get(reverse("indicators:list"), {"q": "cleanliness"}).context["counts"]
    assert (filtered.total, filtered.measures) == (2, 5)  # NI 195a–d and NI 196


def test_each_indicators_measure_count_adds_up_to_the_catalogues(client):
    # rule D4 and one truth: the rows the catalogue lists and downloads add up to its count
    from localperf.indicators.selectors import indicator_list

    listed = {i.code: i.measure_count for i in indicator_list()}
    assert sum(listed.values()) == indicator_counts().measures
    assert (listed["NI 195"], listed["NI 157"], listed["NI 196"]) == (4, 3, 1)
    rows = client.get(reverse("indicators:download", args=["csv"])).content.decode()
    assert "NI 195," in rows and rows.count("\n") == len(listed) + 1
