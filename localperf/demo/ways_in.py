"""Figures through every way in, for the collect-once ledger (rule M6): the demo's figures
arrive as one file from the command line; here the councils' performance managers
confirm a few of them through the entry grid (Manchester), the API (Kent) and the
correction form (Camden). Each confirmation adds a note and keeps the figure's value and
status, so no status, report or reward in the demo changes; the ledger shows who
supplied the figures and how. Once: skipped when already done."""

from __future__ import annotations

from localperf.accounts.models import User
from localperf.observations.importing.services import (
    observation_correct,
    observation_record,
    observation_submit,
    observations_enter,
)
from localperf.observations.models import ImportBatch, ImportStatus, Observation, WayIn

NOTE = "Checked against the council's own performance system before the six-monthly report."
# (user, area code, figures, way in)
CONFIRMATIONS = (
    ("demo-pm-manchester", "E08000003", 3, WayIn.GRID),
    ("demo-pm-kent", "E10000016", 2, WayIn.API),
    ("demo-pm-camden", "E09000007", 1, WayIn.CORRECTION),
)


def demo_ways_in_load() -> bool:
    """Confirm the figures through the grid, the API and a correction; True when done now."""
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    done = ImportBatch.objects.filter(
        created_by__in=users.values(),
        way_in__in=[WayIn.GRID, WayIn.API, WayIn.CORRECTION],
        status=ImportStatus.COMMITTED,
    )
    if len(users) < len(CONFIRMATIONS) or done.exists():
        return False
    for username, area_code, count, way_in in CONFIRMATIONS:
        _confirm(users[username], _latest_figures(area_code, count), way_in)
    return True


def _usernames() -> list[str]:
    return [username for username, *_ in CONFIRMATIONS]


def _latest_figures(area_code: str, count: int) -> list[Observation]:
    """The area's latest current figures, in a fixed order."""
    return list(
        Observation.objects.current()
        .filter(area__code=area_code)
        .select_related("measure__indicator", "area", "period", "population_group")
        .order_by("-period__end", "measure_id", "population_group_id")[:count]
    )


def _confirm(user: User, figures: list[Observation], way_in: str) -> None:
    rows = [observation_record(figure) | {"note": NOTE} for figure in figures]
    reason = "Confirmed from the council's own system."
    if way_in == WayIn.GRID:
        result = observations_enter(
            rows=rows, reasons={line: reason for line in range(1, len(rows) + 1)}, user=user
        )
    elif way_in == WayIn.API:
        result = observation_submit(rows=rows, user=user, reason=reason)
    else:
        (figure,) = figures
        result = observation_correct(observation=figure, user=user, reason=reason, note=NOTE)
    if result.status != ImportStatus.COMMITTED:
        raise RuntimeError(f"demo {way_in} refused: {result.message} {result.problems[:3]}")
