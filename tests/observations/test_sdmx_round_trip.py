"""The demo's figures through SDMX-CSV and back (issue 15 item 7, rule M6): exported as the
dataflow LOCALPERF:NIS_OBS(1.0.0), checked against the store (nothing would change), then
imported into a store emptied of figures, row for row the same."""

import pytest
from django.db import connection

from localperf.observations.importing.export import observations_export, observations_frame
from localperf.observations.importing.services import observation_import
from localperf.observations.models import ImportStatus, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_demo(demo_for_the_module, db):
    return None


def test_the_demos_figures_survive_sdmx_csv_row_for_row():  # rule M6
    before = observations_frame()
    kinds = {label.split(" ")[-1][:1] for label in before["period"].unique()}
    assert before.height > 100 and {"Q", "H"} <= kinds  # quarters and halves too
    exported = observations_export(file_format="sdmx-csv")

    # Against the store it came from: every figure unchanged.
    check = observation_import(file=exported, user=None, dry_run=True, file_name="demo.csv")
    assert not check.problems, check.problems[:5]
    assert (check.counts.created, check.counts.updated) == (0, 0)
    assert check.counts.unchanged == before.height

    # Into a store without figures: every figure again, and nothing else.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Observation._meta.db_table}")
    result = observation_import(file=exported, user=None, dry_run=False, file_name="demo.csv")
    assert result.status == ImportStatus.COMMITTED, result.problems[:5]
    assert result.counts.created == before.height
    after = observations_frame()
    assert after.equals(before), after.join(before, on=list(before.columns), how="anti").head()
