"""The monitoring engine on the real demonstration data: statuses, versions as at the
period's end, overrides, corrections, the refresh after commit, and the selectors."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from localperf.accounts.models import Role, User
from localperf.agreements.models import Agreement, Target, TargetVersion, TrajectoryValue
from localperf.calculations import Direction, Rating, combined_rate
from localperf.demo.loading import demo_load
from localperf.monitoring import selectors
from localperf.monitoring.models import Assessment, RatingOverride
from localperf.monitoring.permissions import may_override_rating
from localperf.monitoring.services import assessments_recompute, rating_override_record
from localperf.observations.importing.services import observation_correct
from localperf.observations.models import Observation, ReportingPeriod

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2009, 11, 30)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(demo_for_the_module, settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()
    return {a.area.code: a for a in Agreement.objects.select_related("area")}


def kent_target(demo, code: str) -> Target:
    kent = demo["E10000016"]
    return next(t for t in Target.objects.filter(agreement=kent) if t.measure_code == code)


def point(target: Target, label: str) -> selectors.SeriesPoint:
    return next(p for p in selectors.target_series(target, today=AS_AT) if p.period_label == label)


def test_every_status_shows_in_the_demo(demo):
    # rules M1, M2, D2: on track, behind, off track, not yet due, overdue, missing,
    # placeholder, and not rated (a figure with no fair yardstick)
    ratings = Counter()
    for agreement in demo.values():
        for progress in selectors.agreement_progress(agreement, today=AS_AT):
            ratings.update(p.rating for p in progress.series)
    assert set(Rating) <= set(ratings), ratings


def test_a_figure_without_a_polarity_is_not_rated_in_the_demo(demo, client):
    # NI 113 has no polarity in the reference data: its 2008/09 figure cannot be judged
    manchester = demo["E08000003"]
    target = next(
        t for t in Target.objects.filter(agreement=manchester) if t.measure_code == "NI 113"
    )
    assert target.indicator.polarity == ""
    figure = point(target, "2008/09")
    assert figure.actual is not None and figure.profile is not None
    assert figure.rating == Rating.NOT_RATED
    # The dashboard, as at 30 November 2009 (LOCALPERF_AS_AT), says so in words.
    client.force_login(User.objects.get(username="demo-pm-manchester"))
    html = client.get(f"/agreements/{manchester.pk}/dashboard/").content.decode()
    row = re.search(rf'<tr class="govuk-table__row" id="target-{target.pk}">.*?</tr>', html, re.S)
    tag = f'<strong class="govuk-tag {Rating.NOT_RATED.tag_class}">Not rated</strong>'
    assert tag in row.group(0)


def test_the_version_in_force_at_the_period_end_is_used(demo):
    # rule A5 and effective dating: a new version from 1 April 2009 leaves 2008/09 alone
    target = kent_target(demo, "NI 111")
    before = point(target, "2009/10 Q1")
    old = target.versions.get(effective_to__isnull=True)
    old.effective_to = datetime.date(2009, 3, 31)
    old.save()
    new = TargetVersion.objects.create(
        target=target, number=old.number + 1, effective_from=datetime.date(2009, 4, 1)
    )
    for value in old.trajectory_values.all():
        TrajectoryValue.objects.create(version=new, year=value.year, value=value.value * 2)
    assessments_recompute(targets=[target], today=AS_AT)
    year_one, year_two = point(target, "2008/09 Q4"), point(target, "2009/10 Q1")
    assert year_one.version_number == old.number
    assert year_two.version_number == new.number
    assert year_two.profile == pytest.approx(before.profile * 2)


def test_an_override_keeps_both_ratings_and_every_override(demo):
    # rule M1: the GO's rating replaces the computed one for display; both are kept
    kent = demo["E10000016"]
    progress = next(
        p for p in selectors.agreement_progress(kent, today=AS_AT) if p.rating == Rating.RED
    )
    target, label = progress.target, progress.period_label
    locality_manager = User.objects.get(username="demo-go-lm-south-east")
    director = User.objects.get(username="demo-go-rd-south-east")
    rating_override_record(
        user=locality_manager, target=target, period=label, rating="amber", reason="Recovery plan"
    )
    rating_override_record(
        user=director, target=target, period=label, rating="green", reason="New data due"
    )
    after = point(target, label)
    assert after.computed_rating == Rating.RED and after.rating == Rating.GREEN
    assert after.override.reason == "New data due" and "Regional Director" in after.override.by_role
    assert RatingOverride.objects.filter(target=target).count() == 2
    history = [e for e in selectors.target_history(target) if e.kind == "override"]
    assert [e.reason for e in history] == ["New data due", "Recovery plan"]
    # A recompute leaves the override standing beside the new computed rating.
    assessments_recompute(targets=[target], today=AS_AT)
    assert point(target, label).rating == Rating.GREEN


def test_an_override_needs_a_reason_a_performance_rating_and_an_assessed_period(demo):
    target = kent_target(demo, "NI 111")
    manager = User.objects.get(username="demo-go-lm-south-east")
    with pytest.raises(ValidationError) as error:
        rating_override_record(
            user=manager, target=target, period="2007/08", rating="blue", reason=" "
        )
    assert set(error.value.message_dict) == {"rating", "reason", "period"}
    assert not RatingOverride.objects.exists()


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("demo-go-lm-south-east", True),
        ("demo-go-rd-south-east", True),
        ("demo-admin", True),
        ("demo-go-lm-london", False),
        ("demo-go-rd-north-west", False),
        ("demo-pm-kent", False),
        ("demo-partner-kent-police", False),
        ("demo-approver", False),
        ("demo-analyst", False),
        ("demo-inspector", False),
    ],
)
def test_only_the_regions_government_office_and_administrators_override(demo, username, allowed):
    user = User.objects.get(username=username)
    target = kent_target(demo, "NI 111")
    assert may_override_rating(user, target) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            rating_override_record(
                user=user, target=target, period="2008/09 Q4", rating="green", reason="x"
            )


def test_every_role_is_covered_by_the_override_matrix(demo):
    from django.contrib.auth.models import AnonymousUser

    target = kent_target(demo, "NI 111")
    assert may_override_rating(AnonymousUser(), target) is False
    roles = {u.role for u in User.objects.filter(username__startswith="demo-")}
    assert roles == set(Role.values)


def test_a_correction_changes_the_status_after_commit_and_keeps_history(
    demo, django_capture_on_commit_callbacks
):
    # rule M2: statuses always current; history kept (who, when, why)
    target = kent_target(demo, "NI 111")
    label = "2009/10 Q2"
    before = point(target, label)
    assert before.rating == Rating.AMBER
    observation = Observation.objects.current().get(
        measure__indicator__code="NI 111", area=target.agreement.area, period__label=label
    )
    pm = User.objects.get(username="demo-pm-kent")
    better = before.profile * (0.9 if target.indicator.polarity == "lower" else 1.1)
    with django_capture_on_commit_callbacks(execute=True):
        result = observation_correct(
            observation=observation, user=pm, reason="Youth offending team recount", value=better
        )
    assert result.status == "committed", result.message
    after = point(target, label)
    assert after.rating == Rating.GREEN and after.actual == pytest.approx(better)
    corrections = [e for e in selectors.target_history(target) if e.kind == "correction"]
    assert corrections[0].reason == "Youth offending team recount"
    assert corrections[0].previous_value == pytest.approx(before.actual)


def test_a_sub_area_target_is_rated_on_its_own_figure_beside_the_whole_area(demo):
    # rules A6, N1: the parts' rate is Σ numerators / Σ denominators; the whole area beside
    target = kent_target(demo, "NI 116")
    assert target.also_reports_whole_area
    figures = Observation.objects.current().filter(
        measure__indicator__code="NI 116", period__label="2008/09"
    )
    scope = {a.pk for a in target.scope_areas.all()}
    parts = [(o.numerator, o.denominator) for o in figures if o.area_id in scope]
    whole = next(o.value for o in figures if o.area_id == target.agreement.area_id)
    assessed = point(target, "2008/09")
    assert len(parts) == 2
    assert assessed.actual == pytest.approx(combined_rate(parts))
    assert assessed.whole_area_actual == pytest.approx(whole)
    assert assessed.rating.is_performance


def test_placeholder_and_survey_targets(demo):
    # rules D2 (placeholder), D7 (survey figures carry their interval)
    progress = selectors.agreement_progress(demo["E10000016"], today=AS_AT)
    ni32 = next(p for p in progress if p.measure_code == "NI 32")
    assert ni32.rating == Rating.PLACEHOLDER
    survey = [pt for p in progress for pt in p.series if pt.period_label == "Place Survey 2008"]
    assert survey and all(pt.ci_lower < pt.actual < pt.ci_upper for pt in survey)


def test_not_yet_due_becomes_overdue_with_the_day_alone(demo):
    target = kent_target(demo, "NI 110")
    assert point(target, "2009/10").rating == Rating.NOT_YET_DUE
    later = datetime.date(2010, 10, 1)  # 2009/10 was due on 30 September 2010
    series = selectors.target_series(target, today=later)
    assert next(p for p in series if p.period_label == "2009/10").rating == Rating.OVERDUE


def test_filters_dips_and_the_report_periods(demo, django_assert_max_num_queries):
    kent = demo["E10000016"]
    with django_assert_max_num_queries(8):
        progress = selectors.agreement_progress(kent, today=AS_AT)
    assert len(progress) == kent.targets.filter(status="active").count()
    reds = selectors.agreement_progress(
        kent, today=AS_AT, filters=selectors.ProgressFilters(status="red")
    )
    assert reds and all(p.rating == Rating.RED for p in reds)
    theme = progress[0].target.theme
    themed = selectors.agreement_progress(
        kent, today=AS_AT, filters=selectors.ProgressFilters(theme=theme)
    )
    assert themed and all(p.target.theme == theme for p in themed)
    police = next(p for p in progress[0].partners)
    partnered = selectors.agreement_progress(
        kent, today=AS_AT, filters=selectors.ProgressFilters(partner_id=police.pk)
    )
    assert partnered and all(police in p.partners for p in partnered)
    dips = selectors.dips(progress)
    assert dips and all(p.worsened for p in dips)
    assert any(p.direction == Direction.WORSENING for p in dips)
    with django_assert_max_num_queries(8):
        rows = selectors.progress_for_period(kent, ["2008/09 H1", "2008/09", "2009/10 H1"])
    ni155 = next(r for r in rows if r.progress.measure_code == "NI 155")
    assert ni155.cells[0].rating == Rating.AMBER and ni155.cells[1] is None
    target = kent_target(demo, "NI 111")
    with django_assert_max_num_queries(2):
        selectors.target_series(target, today=AS_AT)
    with django_assert_max_num_queries(9):
        selectors.target_history(target)


def test_missing_is_distinct_from_overdue(demo):
    target = kent_target(demo, "NI 155")
    assert point(target, "2008/09 H2").rating == Rating.MISSING  # 2009/10 H1 has come in
    assert point(target, "2009/10 H2").rating == Rating.NOT_YET_DUE


def test_a_new_target_version_refreshes_the_target(demo, django_capture_on_commit_callbacks):
    from localperf.agreements.services.targets import _write_version  # the one write path

    target = kent_target(demo, "NI 111")
    Assessment.objects.filter(target=target).delete()
    version = target.versions.get(effective_to__isnull=True)
    from localperf.agreements.services.targets import target_input_from_target
    from localperf.agreements.target_checks import check_target

    checked = check_target(target.agreement, target_input_from_target(target), target=target)
    with django_capture_on_commit_callbacks(execute=True):
        _write_version(version, checked, trajectory_in_place=True)
    assert Assessment.objects.filter(target=target).exists()


def test_the_command_and_idempotent_demo(demo):
    from io import StringIO

    out = StringIO()
    call_command("recompute_statuses", "--as-at", "2009-11-30", stdout=out)
    count = Assessment.objects.count()
    assert f"{count} assessments" in out.getvalue()
    demo_load()  # a second run keeps the figures and the statuses
    assert Assessment.objects.count() == count
    assert ReportingPeriod.objects.filter(label="2008/09 Q1").exists()
