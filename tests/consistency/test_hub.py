"""The agreement hub and the downloads give the answers of the pages they stand beside
(issue 12): the hub's counts by rating are the dashboard's, every agreement page carries
the same sub-navigation, the dashboard and the catalogue download with the figures the
pages show, and the catalogue and the home page count the same indicators."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from localperf.accounts.models import User
from localperf.agreements.models import PUBLISHED_STATUSES, Agreement, AgreementStatus
from localperf.agreements.selectors import category_counts
from localperf.monitoring.templatetags.monitoring_tags import figure, variance

DAYS = ("2009-06-30", "2009-11-30", "2010-06-30")

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_the_module, db):
    return None


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _kent() -> Agreement:
    return Agreement.objects.get(responsible_authority__slug="kent-county-council")


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def _xlsx(response) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("day", DAYS)
def test_the_hub_counts_what_the_dashboard_counts(demo, day, settings, client):
    # Rules M1, M2: one count by rating, shown on the agreement's overview and its dashboard.
    settings.LOCALPERF_AS_AT = day
    client.force_login(User.objects.get(username="demo-admin"))
    for agreement in Agreement.objects.filter(status__in=PUBLISHED_STATUSES):
        dashboard = client.get(reverse("monitoring:dashboard", args=[agreement.pk])).context
        expected = {c.rating.value: c.count for c in dashboard["counts"]}
        html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
        shown = {r: int(n) for r, n in re.findall(r'data-rating="(\w+)">(\d+)<', html)}
        assert shown == expected, agreement
        assert f"{dashboard['total']} target" in html
        overdue = sum(1 for row in dashboard["rows"] if row.progress.rating.value == "overdue")
        if overdue:
            assert "overdue for" in html


def test_every_agreement_page_carries_the_same_sub_navigation(demo, client):
    agreement = _kent()
    client.force_login(User.objects.get(username="demo-pm-kent"))
    target = agreement.targets.first()
    pages = {
        "overview": reverse("agreements:detail", args=[agreement.pk]),
        "targets": reverse("agreements:targets", args=[agreement.pk]),
        "revisions": reverse("agreements:revisions", args=[agreement.pk]),
        "history": reverse("agreements:history", args=[agreement.pk]),
        "dashboard": reverse("monitoring:dashboard", args=[agreement.pk]),
        "figures": reverse("observations:return_grid", args=[agreement.pk]),
        "reports": reverse("reports:agreement_reports", args=[agreement.pk]),
    }
    inner = {
        "targets": reverse("agreements:target", args=[agreement.pk, target.pk]),
        "dashboard": reverse("monitoring:target", args=[agreement.pk, target.pk]),
    }
    links = [f'href="{url}"' for url in pages.values()]
    for current, url in [*pages.items(), *inner.items()]:
        html = client.get(url).content.decode()
        nav = html[html.index('<nav class="lp-subnav"') :]
        nav = nav[: nav.index("</nav>")]
        assert all(link in nav for link in links), url
        assert nav.count('aria-current="page"') == 1, url
        marked = re.search(r'href="([^"]+)" aria-current="page"', nav).group(1)
        assert marked == pages[current], url


def test_the_public_sees_the_overview_without_the_working_pages(demo, client):
    agreement = _kent()
    html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "lp-subnav" in html
    assert reverse("monitoring:dashboard", args=[agreement.pk]) not in html
    assert 'id="hub-summary"' not in html  # figures not yet public stay off it (rule M2)


@pytest.mark.parametrize("query", ["", "?status=red"])
def test_the_dashboard_downloads_with_the_figures_it_shows(demo, query, settings, client):
    settings.LOCALPERF_AS_AT = "2009-11-30"
    agreement = _kent()
    client.force_login(User.objects.get(username="demo-pm-kent"))
    page = client.get(reverse("monitoring:dashboard", args=[agreement.pk]) + query).context
    rows = [row.progress for row in page["rows"]]
    assert rows
    url = reverse("monitoring:dashboard_download", args=[agreement.pk, "csv"]) + query
    downloaded = _csv(client.get(url))
    workbook = _xlsx(
        client.get(reverse("monitoring:dashboard_download", args=[agreement.pk, "xlsx"]) + query)
    )
    assert len(downloaded) == len(workbook) == len(rows)
    for p, line, cells in zip(rows, downloaded, workbook, strict=True):
        assert line["Code"] == cells["Code"] == p.measure_code
        assert line["Period"] == p.period_label
        assert line["Status"] == cells["Status"] == p.rating.label
        for column, value in (("Profile", p.profile), ("Actual", p.actual)):
            assert figure(float(line[column]) if line[column] else None) == figure(value)
            assert figure(cells[column]) == figure(value)
        assert variance(float(line["Variance %"]) if line["Variance %"] else None) == variance(
            p.variance
        )


def test_another_areas_reader_cannot_download_the_dashboard(demo, client):
    # The working figures stay with those who may see them before they are public (M2).
    agreement = _kent()
    client.force_login(User.objects.get(username="demo-pm-camden"))
    response = client.get(reverse("monitoring:dashboard_download", args=[agreement.pk, "csv"]))
    assert response.status_code in (302, 404)
    assert response.get("Content-Type", "").startswith("text/csv") is False


def test_the_catalogue_downloads_what_it_lists_and_counts_what_the_home_page_counts(demo, client):
    # Rule D1: 198 national indicators, local ones besides; NI 1 first, local ones last.
    page = client.get(reverse("indicators:list"))
    counts = page.context["counts"]
    assert counts.national == 198
    listed = [indicator.code for indicator in page.context["page_obj"]]
    assert listed[:3] == ["NI 1", "NI 2", "NI 3"]
    downloaded = _csv(client.get(reverse("indicators:download", args=["csv"])))
    workbook = _xlsx(client.get(reverse("indicators:download", args=["xlsx"])))
    assert len(downloaded) == len(workbook) == counts.total
    codes = [row["Code"] for row in downloaded]
    assert codes[: len(listed)] == listed
    assert [row["Code"] for row in workbook] == codes
    numbers = [int(code[3:]) for code in codes if code.startswith("NI ")]
    assert numbers == sorted(numbers)
    assert all(row["Set"] == "Local indicator" for row in downloaded[counts.national :])
    home = client.get(reverse("home")).content.decode()
    assert f"The {counts.national} national indicators" in home
    assert f"{counts.local} local indicator" in home
    assert f"{counts.national} national, {counts.local} local" in page.content.decode()


def test_a_filtered_catalogue_downloads_the_same_rows(demo, client):
    page = client.get(reverse("indicators:list") + "?q=obesity")
    downloaded = _csv(client.get(reverse("indicators:download", args=["csv"]) + "?q=obesity"))
    assert [row["Code"] for row in downloaded] == [i.code for i in page.context["page_obj"]]
    assert len(downloaded) == page.context["counts"].total


def test_the_sign_off_page_shows_what_is_being_signed(demo, client):
    # Rules A2, A3, A4, L2: the counts against the limit and the comments so far.
    agreement = Agreement.objects.get(status=AgreementStatus.SUBMITTED, kind="laa")
    client.force_login(User.objects.get(username="demo-go-rd-london"))
    response = client.get(reverse("agreements:action", args=[agreement.pk, "recommend"]))
    assert response.status_code == 200
    summary = response.context["summary"]
    counts = category_counts(agreement)
    assert (summary.designated, summary.statutory, summary.local) == (
        counts["designated"],
        counts["statutory"],
        counts["local"],
    )
    html = response.content.decode()
    assert f"{counts['designated']} of up to 35" in html
    for event in agreement.events.exclude(comment=""):
        assert event.comment.splitlines()[0] in html
    assert html.index("What you are signing") < html.index('name="comment"')


def test_an_import_ends_with_a_way_back_to_the_agreements_it_feeds(demo):
    # The import result page links back to these (observations.views.import_batch).
    from localperf.agreements.selectors import agreements_supplied_by
    from localperf.organisations.models import Organisation

    kent = _kent()
    for slug in ("kent-county-council", "kent-police-authority"):
        organisation = Organisation.objects.get(slug=slug)
        assert kent in agreements_supplied_by(organisation.pk), slug
    assert agreements_supplied_by(None) == []
