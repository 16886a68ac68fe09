"""The site's one clock (``localperf.web.clock``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from localperf.monitoring.selectors import as_at_today
from localperf.web import clock


def test_the_as_at_day_is_today_for_every_business_date(settings):
    settings.LOCALPERF_AS_AT = "2009-11-30"
    assert clock.today() == datetime.date(2009, 11, 30)
    assert as_at_today() == clock.today()  # the statuses are judged on the same day
    moment = clock.now()
    assert timezone.is_aware(moment) and timezone.localtime(moment).date() == clock.today()


def test_a_date_setting_is_read_as_it_is(settings):
    settings.LOCALPERF_AS_AT = datetime.date(2008, 6, 2)
    assert clock.today() == datetime.date(2008, 6, 2)


def test_without_the_setting_it_is_the_real_day(settings):
    settings.LOCALPERF_AS_AT = ""
    assert clock.today() == timezone.localdate()
    assert abs(clock.now() - timezone.now()) < datetime.timedelta(minutes=1)
