"""Foreign keys without database constraints: integrity comes from the write path's join
against the dimension tables, so an import can never write an unknown id."""

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from localperf.observations.importing.parse import parse_file
from localperf.observations.importing.plan import current_keyed, plan_rows, stored_for
from localperf.observations.importing.reference import dimensions_load
from localperf.observations.importing.validate import observations_check
from localperf.observations.importing.write import Authorship, plan_write
from localperf.observations.models import Observation
from tests.observations.helpers import csv_of, measure, row

pytestmark = pytest.mark.django_db

REFERENCES = {
    "measure_id": "indicators_measure",
    "area_id": "places_area",
    "period_id": "observations_reportingperiod",
    "population_group_id": "places_populationgroup",
    "supersedes_id": "observations_observation",
    "import_batch_id": "observations_importbatch",
    "recorded_by_id": "accounts_user",
    "source_organisation_id": "organisations_organisation",
}


def orphans() -> dict[str, int]:
    """For each reference column, how many observations point at a row that is not there."""
    found = {}
    with connection.cursor() as cursor:
        for column, table in REFERENCES.items():
            cursor.execute(
                f"SELECT COUNT(*) FROM observations_observation o LEFT JOIN {table} t "
                f"ON t.id = o.{column} WHERE o.{column} IS NOT NULL AND t.id IS NULL"
            )
            found[column] = cursor.fetchone()[0]
    return found


def planned(content: bytes):
    parsed = parse_file(content)
    dimensions = dimensions_load()
    checked = observations_check(parsed, dimensions)
    valid = checked.valid()
    return plan_rows(valid, current_keyed(stored_for(valid), dimensions, checked.periods))


def test_every_reference_an_import_writes_exists(load):
    load(csv_of(row(area="E06000001"), row(area="00EC", group="sex:female")))
    load(csv_of(row(area="E06000001", value=80), row(measure="NI 195", value=3)))
    assert Observation.objects.count() == 4
    assert set(orphans().values()) == {0}


def test_the_write_refuses_an_id_that_no_dimension_row_has(manager):
    plan = planned(csv_of(row()))
    forged = plan.rows.with_columns(measure_id=pl.lit(987_654, dtype=pl.Int64))
    plan.rows = forged
    with pytest.raises(IntegrityError, match="unknown measure ids"), transaction.atomic():
        plan_write(plan, Authorship(None, manager.pk, None), expected_versions=plan.versions)
    assert not Observation.objects.exists()


def test_codes_that_join_nothing_never_reach_the_write(load):
    result = load(csv_of(row(measure="NI 999"), row(area="E99999999")))
    assert result.status == "failed" and result.counts.rejected == 2
    assert not Observation.objects.exists()


def test_a_dimension_row_with_figures_cannot_be_deleted(load):
    load(csv_of(row()))
    with pytest.raises(ProtectedError):
        measure("NI 157a").delete()
    with pytest.raises(ProtectedError):
        Observation.objects.get().area.delete()
