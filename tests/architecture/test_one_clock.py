"""One clock: every business date (what is due or overdue, the work list's day, the day
a report was submitted or a sign-off step taken) asks ``localperf.web.clock``, so that
replaying a day (``LOCALPERF_AS_AT``) replays all of it.

A module that reads the machine's date itself fails here unless it is on the allow-list
below, which names why its reading is an audit timestamp (what the machine did and
when), not a business date. A model's ``default=timezone.now`` (no call) is an audit
default and is not looked at; a business record sets its date from the clock in its
service.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "localperf"

# Reading the machine's own date or time: the calls a business date must not make.
MACHINE_CLOCK = re.compile(
    r"\b(?:date\.today\(|datetime\.now\(|datetime\.today\(|timezone\.now\(|"
    r"timezone\.localdate\(|timezone\.localtime\(|default=timezone\.localdate\b)"
)

# path (relative to localperf/) → why its readings are audit timestamps.
AUDIT_TIME = {
    "web/clock.py": "the one clock itself",
    "observations/importing/commit.py": "when an import finished",
    "observations/importing/outcomes.py": "when an import was checked or finished",
    "observations/importing/progress.py": "when an import last reported progress",
    "observations/importing/stale.py": "when an import's lock went stale, and when it was freed",
    "observations/tasks.py": "when a background import was queued or finished",
    "reports/files.py": "when a report's PDF last reported progress, to tell an abandoned one",
    "observations/services.py": (
        "a release covers the figures recorded before its real moment (their own "
        "recorded_at is real); its business day, released_on, is the clock's"
    ),
    "monitoring/selectors/history.py": "the time an unsaved history row is shown at",
    "operations/backups.py": "the name of a backup file: when it was taken",
    "operations/health.py": "whether a worker's heartbeat is recent",
    "operations/management/commands/worker.py": "a worker's heartbeat and start",
    "operations/recovery.py": "which workers are alive, and when abandoned work was settled",
}


def machine_clock_readings() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/migrations/" in f"/{relative}":
            continue
        lines = [
            f"{number}: {line.strip()}"
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if MACHINE_CLOCK.search(line) and not line.lstrip().startswith("#")
        ]
        if lines:
            found[relative] = lines
    return found


def test_business_dates_come_from_the_one_clock():
    readings = machine_clock_readings()
    unexplained = {path: lines for path, lines in readings.items() if path not in AUDIT_TIME}
    assert not unexplained, (
        "These read the machine's date for what looks like a business date; ask "
        "localperf.web.clock.today() or clock.now() instead (or, for an audit timestamp, "
        f"add the module to AUDIT_TIME with the reason): {unexplained}"
    )


def test_the_allow_list_names_only_modules_that_still_read_the_clock():
    stale = sorted(set(AUDIT_TIME) - set(machine_clock_readings()))
    assert not stale, f"Remove from AUDIT_TIME, they no longer read the clock: {stale}"
