"""One answer to "which targets does this agreement hold" (rules X2, M6): the demo's
Greater Manchester MAA, which carries four of Manchester's LAA targets by link, shows the
same targets, and the same count, on its hub, dashboard (page and download), entry grid,
six-monthly report (page, CSV), annual review, public page and API; and a carried target
shows the same figure and status in the LAA and in the MAA."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest

from localperf.accounts.models import User
from localperf.agreements.holdings import LINKED, held_counts, held_target_rows, held_targets
from localperf.agreements.models import Agreement
from localperf.agreements.selectors import agreement_list_for
from localperf.monitoring.selectors import agreement_progress, agreement_standing
from localperf.public.selectors import agreement_public_progress
from localperf.reports import services as report_services
from localperf.reports.selectors import report_view, under_review_targets

TODAY = datetime.date(2009, 11, 30)
GM = "Greater Manchester Multi Area Agreement"


@pytest.fixture(scope="module", autouse=True)
def demo(demo_for_the_module):
    return None


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = TODAY.isoformat()


@pytest.fixture
def gm() -> Agreement:
    return Agreement.objects.get(kind="maa", title=GM)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_maa_holds_its_own_and_its_carried_targets(gm):
    # rule X2: the truth the other views are compared with
    rows = held_target_rows(gm)
    carried = {r.target.pk for r in rows if r.kind == LINKED}
    assert len(carried) == 4 and all(r.statutory for r in rows if r.kind == LINKED)
    assert not any(r.statutory for r in rows if r.kind != LINKED)
    assert {r.target.pk for r in rows} == _ids(held_targets(gm))
    assert held_counts(gm).total == len(rows) > len(carried)


@pytest.mark.django_db
def test_one_target_list_across_hub_dashboard_report_review_public_page_and_api(client, gm):
    # rules X2, M6: one figure, several views
    held = _ids(held_targets(gm))
    count = len(held)
    client.force_login(_user("demo-pm-manchester"))

    assert agreement_standing(gm, today=TODAY).total == count
    listed = agreement_list_for(_user("demo-pm-manchester")).get(pk=gm.pk)
    assert listed.target_count == count
    assert {p.target.pk for p in agreement_progress(gm, today=TODAY)} == held
    overview = client.get(f"/agreements/{gm.pk}/").content.decode()
    assert held_counts(gm).phrase in overview
    targets_page = client.get(f"/agreements/{gm.pk}/targets/").content.decode()
    assert _linked_targets(targets_page, "/agreements/") == held

    dashboard = client.get(f"/agreements/{gm.pk}/dashboard/").content.decode()
    assert _linked_targets(dashboard, "/progress/") == held
    download = client.get(f"/agreements/{gm.pk}/dashboard/progress.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(download)))
    assert len(rows) == count
    assert sum(r["Statutory duties apply"] == "Yes" for r in rows) == 4

    report = report_services.report_create(
        user=_user("demo-pm-manchester"), agreement=gm, period_label="2009/10 H1"
    )
    content = report_view(report, today=TODAY).content
    assert {t["id"] for o in content["outcomes"] for t in o["targets"]} == held
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Carried from Manchester Local Area Agreement" in page
    report_csv = client.get(f"/reports/{report.pk}/report.csv").content.decode("utf-8-sig")
    in_csv = list(csv.DictReader(io.StringIO(report_csv)))
    assert len({r["target"] for r in in_csv}) == len({t.measure_code for t in held_targets(gm)})
    assert {r["carried_from"] for r in in_csv} >= {"Manchester Local Area Agreement 2008–11"}

    review = report_services.annual_review_create(
        user=_user("demo-go-lm-north-west"), agreement=gm, year="2008/09"
    )
    assert _ids(under_review_targets(gm)) == held
    client.force_login(_user("demo-go-lm-north-west"))
    assert client.get(f"/annual-reviews/{review.pk}/").status_code == 200

    public = client.get(f"/public/areas/{gm.area.code}/").content.decode()
    assert _linked_targets(public, f"/public/areas/{gm.area.code}/targets/") == held
    assert public.count("Statutory duties apply") == 4

    body = client.get(f"/api/v1/agreements/{gm.pk}").json()
    assert {t["id"] for t in body["targets"] if t["status"] == "active"} == held
    assert sum(body["counts"].values()) == count
    listed = client.get(f"/api/v1/agreements/{gm.pk}/targets").json()
    assert {t["id"] for t in listed if t["status"] == "active"} == held


def _linked_targets(html: str, within: str) -> set[int]:
    """The target ids a page links to by addresses containing ``within`` (…/targets/<id>/…)."""
    hrefs = [h for h in re.findall(r'href="([^"]+)"', html) if within in h]
    return {int(m.group(1)) for h in hrefs if (m := re.search(r"targets/(\d+)/", h))}


@pytest.mark.django_db
def test_a_carried_target_has_one_figure_and_status_in_the_laa_and_the_maa(gm):
    # rules X2, M6
    carried = [r.target for r in held_target_rows(gm) if r.kind == LINKED]
    laa = carried[0].agreement
    in_laa = {p.target.pk: p for p in agreement_progress(laa, today=TODAY)}
    in_maa = {p.target.pk: p for p in agreement_progress(gm, today=TODAY)}
    for target in carried:
        one, other = in_laa[target.pk], in_maa[target.pk]
        assert (one.period_label, one.actual, one.rating) == (
            other.period_label,
            other.actual,
            other.rating,
        )
    shown = {t.pk for t in carried}
    public_laa = {p.target.pk: p for p in agreement_public_progress(laa) if p.target.pk in shown}
    public_maa = {p.target.pk: p for p in agreement_public_progress(gm) if p.target.pk in shown}
    assert public_laa.keys() == public_maa.keys() == shown
    for pk in shown:
        assert public_laa[pk].status == public_maa[pk].status
        assert [(r.period, r.actual) for r in public_laa[pk].rows] == [
            (r.period, r.actual) for r in public_maa[pk].rows
        ]
