"""The day the product acts on: ``settings.LOCALPERF_AS_AT`` when set (to show and to
replay the demonstration data as during the agreements, 2008–2011), else today. The one
answer: monitoring judges statuses on it, and the steps dated on the framework's own
calendar (DCSF's changes to statutory targets, the refresh) default to it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def as_at_today() -> datetime.date:
    configured = getattr(settings, "LOCALPERF_AS_AT", "")
    if configured:
        return (
            configured
            if isinstance(configured, datetime.date)
            else datetime.date.fromisoformat(str(configured))
        )
    return timezone.localdate()
