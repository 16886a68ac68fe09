"""One answer per question (issue 10): for every target of the demo, on several as-at
days, every room that shows a status, a direction or a latest figure gives the same one
for the same target, period and day: the dashboard and the target page (staff), the
public area and target pages, the national indicator picture and region view, the
six-monthly report and the reports API.

Monitoring's own selector (``agreement_progress``) is the reference; each other room is
read as it renders (a view's context, or the selector the view calls) and compared with
it. The public site may withhold a verdict that would give away an unreleased figure
(rule M2), and says so ("Figure not yet published"); it never gives a different one.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from localperf.accounts.models import User
from localperf.agreements.models import PUBLISHED_STATUSES, Agreement
from localperf.monitoring.selectors import TargetProgress, agreement_progress, agreement_standing
from localperf.national import selectors as national
from localperf.observations.models import ReportingPeriod
from localperf.public import selectors as public
from localperf.reports import services as reports
from localperf.reports.selectors import report_live_content

# Before, during and after the demo's as-at day (30 November 2009): returns fall due
# and become overdue between them.
DAYS = ("2009-06-30", "2009-11-30", "2010-06-30")


pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_the_module, db):
    return None


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _published() -> list[Agreement]:
    # The LAAs: an MAA's linked targets are its LAAs' own (their pages are the LAA's), and
    # its views are compared in tests/agreements/test_multi_area_api_and_pages.py.
    return list(
        Agreement.objects.filter(status__in=PUBLISHED_STATUSES, kind="laa").select_related(
            "area__region"
        )
    )


def _answer(progress: TargetProgress) -> tuple:
    """What every room must agree on for a target: period, status, direction, figure."""
    return (progress.period_label, progress.rating, progress.direction, progress.actual)


def _staff(day: datetime.date) -> dict[int, dict[int, TargetProgress]]:
    return {a.pk: {p.target.pk: p for p in agreement_progress(a, today=day)} for a in _published()}


@pytest.mark.parametrize("day", DAYS)
def test_the_staff_screens_agree(demo, day, settings, client):
    # Rule M1/M2: the dashboard's row and the target page's summary are one answer.
    settings.LOCALPERF_AS_AT = day
    staff = _staff(datetime.date.fromisoformat(day))
    client.force_login(User.objects.get(username="demo-admin"))
    for agreement_id, by_target in staff.items():
        response = client.get(reverse("monitoring:dashboard", args=[agreement_id]))
        dashboard = {row.progress.target.pk: row.progress for row in response.context["rows"]}
        assert {t: _answer(p) for t, p in dashboard.items()} == {
            t: _answer(p) for t, p in by_target.items()
        }
        counts = {c.rating: c.count for c in response.context["counts"]}
        assert counts == dict(Counter(p.rating for p in by_target.values()))
    # A few target pages, rendered: the same summary as the dashboard's row.
    for agreement_id, by_target in staff.items():
        for target_id in sorted(by_target)[:3]:
            response = client.get(reverse("monitoring:target", args=[agreement_id, target_id]))
            assert _answer(response.context["progress"]) == _answer(by_target[target_id])


@pytest.mark.parametrize("day", DAYS)
def test_the_public_site_gives_the_staff_verdict(demo, day, settings, client):
    # Rule M2: the public sees released figures only, but never a different verdict.
    settings.LOCALPERF_AS_AT = day
    staff = _staff(datetime.date.fromisoformat(day))
    compared = 0
    for agreement in _published():
        response = client.get(reverse("public:area", args=[agreement.area.code]))
        shown = [
            item
            for theme in response.context["themes"]
            for items in theme.outcomes.values()
            for item in items
        ]
        assert len(shown) == len(staff[agreement.pk])
        expected: Counter = Counter()
        for item in shown:
            mine = staff[agreement.pk][item.target.pk]
            latest = item.latest
            assert (latest.period if latest else "") == mine.period_label
            if item.status is public.NOT_PUBLISHED:
                expected[public.NOT_PUBLISHED.label] += 1
                continue
            assert item.status.label == mine.rating.label, item.target
            expected[mine.rating.label] += 1
            if latest and latest.actual is not None and item.target.scope_key.endswith("|a|g|s"):
                assert latest.actual == pytest.approx(mine.actual)
            compared += 1
        counts = {status.label: n for status, n in response.context["status_counts"]}
        assert counts == dict(expected)
        # The public target page says what the area page says.
        for item in shown[:3]:
            page = client.get(reverse("public:target", args=[agreement.area.code, item.target.pk]))
            assert page.context["progress"].status.label == item.status.label
    assert compared > 20


@pytest.mark.parametrize("day", DAYS)
def test_the_national_picture_and_region_view_agree_with_monitoring(demo, day, settings, client):
    # Rules N1, M5: the indicator picture's figure and direction for an area are its
    # whole-area target's latest figure and direction; the region view counts the
    # dashboard's ratings and the hub's overdue figures.
    settings.LOCALPERF_AS_AT = day
    today = datetime.date.fromisoformat(day)
    staff = _staff(today)
    pictures: dict[tuple[int, int], national.IndicatorPicture] = {}
    compared = 0
    for agreement in _published():
        on_measure = Counter(p.target.measure_code for p in staff[agreement.pk].values())
        for progress in staff[agreement.pk].values():
            target, point = progress.target, progress.period
            measure = public.target_measure(target)
            whole = target.scope_key.endswith("|a|g|s") and not target.sub_regional_area_id
            if point is None or point.actual is None or measure is None or not whole:
                continue
            if on_measure[progress.measure_code] > 1:
                continue  # the picture shows one target per area and measure
            key = (measure.pk, point.period_id)
            if key not in pictures:
                period = ReportingPeriod.objects.get(pk=point.period_id)
                pictures[key] = national.indicator_picture(measure, period)
            row = next(a for a in pictures[key].areas if a.area_id == agreement.area_id)
            assert row.value == pytest.approx(point.actual), progress.measure_code
            assert row.direction == point.direction, (progress.measure_code, point.period_label)
            if point.profile is not None and row.target is not None:
                assert row.target == pytest.approx(point.profile), progress.measure_code
            compared += 1
    assert compared > 20
    # One picture rendered, as the analyst sees it: the same rows as the selector's.
    admin = User.objects.get(username="demo-admin")
    client.force_login(admin)
    (measure_id, period_id), picture = sorted(pictures.items(), key=lambda kv: kv[0])[0]
    response = client.get(
        reverse("national:picture"),
        {"measure": picture.measure.code, "period": picture.period.label},
    )
    shown = {a.area_id: (a.value, a.direction, a.target) for a in response.context["picture"].areas}
    assert shown == {a.area_id: (a.value, a.direction, a.target) for a in picture.areas}

    regions = {a.area.region_id: a.area.region for a in Agreement.objects.select_related("area")}
    for region in regions.values():
        summary = national.region_summary(region, admin, today=today)
        for row in summary.rows:
            progress = agreement_progress(Agreement.objects.get(pk=row.agreement_id), today=today)
            counts: Counter = Counter()
            other: Counter = Counter()
            for p in progress:
                if p.rating in national.REGION_RATINGS:
                    counts[(p.target.theme, p.rating.value)] += 1
                else:
                    other[p.target.theme] += 1
            assert row.counts == dict(counts)
            assert row.other == dict(other)
            # Its overdue figures are the hub's (``figures_due``, rule M1).
            hub = agreement_standing(Agreement.objects.get(pk=row.agreement_id), today=today)
            assert row.overdue == hub.overdue_returns


@pytest.mark.parametrize("day", DAYS)
def test_the_six_monthly_report_and_its_api_agree_with_monitoring(demo, day, settings, client):
    # Rule M1: the report's cell for a period is that period's rating and figure.
    settings.LOCALPERF_AS_AT = day
    today = datetime.date.fromisoformat(day)
    staff = _staff(today)
    for agreement in _published():
        pm = User.objects.get(username=f"demo-pm-{agreement.area.name.split()[0].lower()}")
        labels = sorted({p.period_label for p in staff[agreement.pk].values() if p.period})
        # A half-year the demo has no report on (its 2009/10 H1 reports are submitted, so
        # frozen as they were on the day, not as monitoring stands on ``day``).
        report = reports.report_create(
            user=pm, agreement=agreement, period_label="2008/09 H2", periods=labels[-4:]
        )
        client.force_login(pm)
        body = client.get(f"/api/v1/reports/{report.pk}").json()
        for content in (report_live_content(report, today=today), body["content"]):
            cells = {
                (t["id"], c["period"]): c
                for group in content["outcomes"]
                for t in group["targets"]
                for c in t["cells"]
                if c is not None
            }
            for target_id, progress in staff[agreement.pk].items():
                cell = cells.get((target_id, progress.period_label))
                if cell is None:
                    continue
                assert cell["rating"] == progress.rating.value, progress.measure_code
                if progress.actual is not None:
                    assert cell["actual"] == pytest.approx(progress.actual, abs=1e-4)
