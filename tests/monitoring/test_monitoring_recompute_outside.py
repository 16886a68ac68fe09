"""A recompute outside a transaction (on PostgreSQL: the observations read on one
connection while a second reads the rest, and every row replaced with the table's
indexes built again) gives the same statuses as one inside a transaction (everything on
one connection), on the demonstration data."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from localperf.monitoring.models import Assessment
from localperf.monitoring.services import assessments_recompute

AS_AT = datetime.date(2009, 11, 30)
COLUMNS = [
    f.attname for f in Assessment._meta.concrete_fields if f.attname not in ("id", "computed_at")
]


def stored() -> list[tuple]:
    return list(Assessment.objects.order_by("target_id", "period_id").values_list(*COLUMNS))


def random_page_cost_is_the_sessions_own() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setting = reset_val FROM pg_settings WHERE name = 'random_page_cost'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_recompute_outside_a_transaction_equals_one_inside(live_reference):
    # rules M1, M3, M5: the same rating, direction and projection either way
    call_command("load_demo", stdout=StringIO())
    outside = assessments_recompute(today=AS_AT)
    # The observations are read with random reads priced low; the session's own price
    # comes back afterwards, for every other query.
    assert random_page_cost_is_the_sessions_own()
    rows = stored()
    with transaction.atomic():
        inside = assessments_recompute(today=AS_AT)
    assert outside == inside and outside.assessments == len(rows) > 0
    assert stored() == rows
    # The table keeps one row per target and period.
    first = Assessment.objects.order_by("id").first()
    duplicate = {name: getattr(first, name) for name in COLUMNS}
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(**duplicate)
