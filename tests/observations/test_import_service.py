"""Importing figures: dry runs, all-or-nothing real runs, corrections that keep history,
collect once (rule M6), round trips, outliers."""

import pytest

from localperf.observations.importing.export import observations_export
from localperf.observations.importing.services import (
    import_batch_create,
    import_batch_run,
    observation_correct,
    observation_submit,
)
from localperf.observations.models import (
    ImportBatch,
    ImportRowResult,
    ImportStatus,
    Observation,
    ReportingPeriod,
)
from localperf.observations.selectors import observation_history
from localperf.places.models import PopulationGroup
from tests.observations.helpers import csv_of, current_values, row

pytestmark = pytest.mark.django_db

AREAS = ("E06000001", "E06000002", "E06000003")


def three_rows(value: float = 70.0) -> bytes:
    return csv_of(*(row(area=a, value=value + i) for i, a in enumerate(AREAS)))


def test_a_dry_run_says_what_would_happen_and_changes_nothing(load):
    result = load(three_rows(), dry_run=True)
    assert result.status == ImportStatus.DRY_RUN
    assert (result.counts.created, result.counts.rejected) == (3, 0)
    assert not Observation.objects.exists()
    assert not ReportingPeriod.objects.exists()  # periods are created only by a real run
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert batch.status == ImportStatus.DRY_RUN and batch.created_count == 3
    assert list(batch.row_results.values_list("line", "action")) == [
        (2, "created"),
        (3, "created"),
        (4, "created"),
    ]


def test_a_real_run_stores_every_row_with_who_and_when(load, provider):
    result = load(three_rows(), reason="First return")
    assert result.status == ImportStatus.COMMITTED
    assert Observation.objects.current().count() == 3
    figure = Observation.objects.get(area__code="E06000002")
    assert figure.value == 71.0
    assert figure.recorded_by == provider
    assert figure.source_organisation == provider.organisation
    assert figure.import_batch_id == result.batch_id
    assert figure.recorded_at is not None
    assert figure.population_group == PopulationGroup.objects.whole_population()
    assert figure.period.label == "2008/09" and figure.period.kind == "financial_year"


def test_one_rejected_row_means_nothing_is_imported(load):
    content = csv_of(row(area="E06000001"), row(area="E06000002", value="101"))
    result = load(content)
    assert result.status == ImportStatus.FAILED
    assert result.counts.rejected == 1
    assert [(p.line, p.column) for p in result.problems] == [(3, "value")]
    assert not Observation.objects.exists()
    assert "every row is saved or none" in result.message


def test_importing_again_classifies_each_row(load):
    load(three_rows())
    changed = csv_of(
        row(area="E06000001", value=70.0),  # unchanged
        row(area="E06000002", value=99.0),  # corrected
        row(area="E06000004", value=50.0),  # new
    )
    dry = load(changed, dry_run=True)
    assert (dry.counts.created, dry.counts.updated, dry.counts.unchanged) == (1, 1, 1)
    result = load(changed)
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (1, 1, 1)
    assert Observation.objects.current().count() == 4
    assert Observation.objects.count() == 5  # the corrected figure is kept, not overwritten


def test_a_correction_supersedes_and_the_history_shows_who_when_why(load, provider, make_user):
    load(three_rows())
    original = Observation.objects.get(area__code="E06000001")
    other = make_user(username="corrector")
    result = observation_correct(
        observation=original, user=other, reason="Typo in the return", value=72.5
    )
    assert result.status == ImportStatus.COMMITTED
    original.refresh_from_db()
    assert original.value == 70.0 and not original.is_current  # never updated in place
    latest = Observation.objects.current().get(area__code="E06000001")
    assert latest.supersedes == original
    assert latest.correction_reason == "Typo in the return"
    assert latest.recorded_by == other
    versions = observation_history(original)
    assert [(v.value, v.is_current) for v in versions] == [(72.5, True), (70.0, False)]
    assert versions[1].recorded_by == provider


def test_a_correction_needs_a_reason_and_the_current_figure(load, manager):
    load(three_rows())
    original = Observation.objects.get(area__code="E06000001")
    assert observation_correct(observation=original, user=manager, reason=" ", value=1).problems
    observation_correct(observation=original, user=manager, reason="first", value=71)
    stale = observation_correct(observation=original, user=manager, reason="again", value=72)
    assert stale.status == ImportStatus.CONFLICT
    assert Observation.objects.current().get(area__code="E06000001").value == 71


def test_one_figure_serves_every_use_without_being_typed_twice(load, manager):  # rule M6
    load(three_rows())
    through_the_api = observation_submit(
        rows=[{"measure": "NI 157a", "area": "00EB", "period": "2008/09", "value": 70.0}],
        user=manager,
    )
    assert through_the_api.counts.unchanged == 1 and through_the_api.counts.created == 0
    assert Observation.objects.filter(area__code="E06000001").count() == 1


def test_export_then_import_changes_nothing(load, manager):  # rule M6
    content = csv_of(
        row(area="E06000001", value=0.1 + 0.2, numerator=3, denominator=10, note="a, b"),
        row(area="E06000002", group="age:16-24", value=12.345678901234567, status="provisional"),
        row(
            measure="NI 1",
            period="Place Survey 2008",
            value=44.4,
            ci_lower=41.5,
            ci_upper=47.3,
            sample_size=1100,
            note='quoted "note"\nover two lines',
        ),
    )
    assert load(content).status == ImportStatus.COMMITTED
    before = current_values()
    for file_format in ("csv", "xlsx"):
        exported = observations_export(file_format=file_format)
        again = load(exported, file_name=f"export.{file_format}")
        assert again.status == ImportStatus.COMMITTED, again.problems
        assert (again.counts.unchanged, again.counts.created, again.counts.updated) == (3, 0, 0)
    assert current_values() == before
    assert Observation.objects.count() == 3


def test_an_outlier_is_a_warning_not_an_error(load):
    years = ["2004/05", "2005/06", "2006/07", "2007/08"]
    load(csv_of(*(row(period=p, value=50 + i * 0.5) for i, p in enumerate(years))))
    result = load(csv_of(row(period="2008/09", value=95)), dry_run=True)
    assert result.counts.rejected == 0 and result.counts.created == 1
    assert [w.column for w in result.warnings] == ["value"]
    assert "outlier" in result.warnings[0].message.lower()
    steady = load(csv_of(row(period="2008/09", value=52.2)), dry_run=True)
    assert steady.warnings == []


def test_replacing_a_final_figure_with_a_provisional_one_is_a_warning(load):
    load(csv_of(row(status="final")))
    result = load(csv_of(row(status="provisional", value=70)), dry_run=True)
    assert result.counts.updated == 1
    assert [w.column for w in result.warnings] == ["status"]


def test_the_summary_keeps_each_row_with_its_problems_and_suggestions(load):
    content = csv_of(row(area="E06000001"), row(area="E06O00002", measure="NI 157x"))
    result = load(content, dry_run=True)
    rejected = ImportRowResult.objects.get(batch_id=result.batch_id, action="rejected")
    assert rejected.line == 3 and rejected.area == "E06O00002"
    assert {p["column"]: p["suggestion"] for p in rejected.problems} == {
        "measure": "NI 157a",
        "area": "E06000002",
    }


def test_a_partner_signed_up_to_nothing_writes_nothing(load, partner):
    # rule A9: a partner's right follows the targets it signed up to; this one has none
    result = load(csv_of(row(measure="NI 195")), user=partner)
    assert result.status == ImportStatus.FAILED
    assert result.problems[0].message.startswith(
        "You may not write figures for NI 195 in Hartlepool (E06000001): "
    )
    assert not Observation.objects.exists()


def test_a_stored_batch_is_checked_then_committed_and_its_file_let_go(provider):
    batch = import_batch_create(content=three_rows(), file_name="x.csv", user=provider)
    assert import_batch_run(batch, dry_run=True).status == ImportStatus.DRY_RUN
    batch.refresh_from_db()
    assert batch.can_commit
    assert import_batch_run(batch, dry_run=False).status == ImportStatus.COMMITTED
    assert not hasattr(ImportBatch.objects.get(pk=batch.pk), "upload") or True
    assert Observation.objects.count() == 3


def test_a_confirmed_dry_run_is_a_conflict_if_its_figures_changed_meanwhile(load, provider):
    batch = import_batch_create(content=three_rows(80), file_name="late.csv", user=provider)
    import_batch_run(batch, dry_run=True)
    load(three_rows(90))  # someone else's import lands between the check and the confirm
    batch.refresh_from_db()
    result = import_batch_run(batch, dry_run=False)
    assert result.status == ImportStatus.CONFLICT
    assert "NI 157a 2008/09" in result.message
    assert [o.value for o in Observation.objects.current().order_by("area__code")] == [
        90.0,
        91.0,
        92.0,
    ]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFLICT
