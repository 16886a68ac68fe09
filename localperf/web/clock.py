"""The site's one clock: what "today" is for every page, work list, status and recorded
action.

The demonstration replays the 2008–11 agreements, so the day can be fixed with the
setting ``LOCALPERF_AS_AT`` (an ISO date, or a ``date``). Every business date asks here:
when a figure is due or overdue, what the work list shows, the day a report was
submitted or a sign-off step taken. Audit timestamps (when a row was written, when an
import finished, when a lock went stale) stay on the real clock, ``timezone.now()``,
because they say what the machine did, not what the partnership did.

``tests/architecture/test_one_clock.py`` fails when a module reads the date itself.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def _configured_day() -> datetime.date | None:
    configured = getattr(settings, "LOCALPERF_AS_AT", "")
    if not configured:
        return None
    if isinstance(configured, datetime.datetime):
        return configured.date()
    if isinstance(configured, datetime.date):
        return configured
    return datetime.date.fromisoformat(str(configured).strip())


def today() -> datetime.date:
    """The site's today: ``LOCALPERF_AS_AT`` when set, else the local date."""
    return _configured_day() or timezone.localdate()


def now() -> datetime.datetime:
    """The moment a business action is recorded at: the real time of day on the site's
    today, so that actions taken one after another keep their order."""
    real = timezone.localtime()
    day = _configured_day()
    if day is None or day == real.date():
        return real
    return timezone.make_aware(datetime.datetime.combine(day, real.time().replace(tzinfo=None)))
