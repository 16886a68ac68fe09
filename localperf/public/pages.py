"""What the public site's pages and files hold, built from ``selectors`` (which alone
decides what is published): the area page, the target page with its chart, and the open
data set as one CSV text per agreement. The views only choose which to answer with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from localperf import charts
from localperf.agreements.models import Agreement, ChangeLogEntry
from localperf.monitoring.charting import chart_periods
from localperf.monitoring.selectors import agreement_progress_stamp, as_at_today, tables_stamp
from localperf.observations.selectors import figures_stamp
from localperf.organisations.models import Organisation
from localperf.places.models import Area
from localperf.places.selectors import area_find
from localperf.public import selectors
from localperf.web.downloads import csv_lines
from localperf.web.kept import KeptResults


def open_data_cells(rows: Iterable[dict]) -> Iterator[list]:
    """Open data rows as cells in the order of ``OPEN_DATA_COLUMNS``."""
    return ([row[c] for c in selectors.OPEN_DATA_COLUMNS] for row in rows)


def open_data_files(agreements: Iterable[Agreement]) -> Iterator[tuple[str, str]]:
    """Each agreement's open data as a CSV text, with its file name."""
    for agreement in agreements:
        rows = open_data_cells(selectors.open_data_rows([agreement]))
        lines = csv_lines(selectors.OPEN_DATA_COLUMNS, rows)
        yield f"{agreement.area.code}-{agreement.term}.csv", "".join(lines)


def area_url(area: Area, *, searched: Area) -> str:
    """The public page of ``area``; when the searcher asked for one of its districts,
    the page is told which, so that it can say why it answers (rule A12)."""
    url = reverse("public:area", kwargs={"code": area.code})
    return url if searched.pk == area.pk else f"{url}?{urlencode({'from': searched.code})}"


def _searched_district(area: Area, code: str) -> Area | None:
    """The district of ``area`` the searcher asked for, by its code; None for any other."""
    if not code:
        return None
    district = area_find(code)
    return district if district is not None and district.parent_id == area.pk else None


@dataclass(frozen=True)
class Found:
    """What a public address names: the area with the code (None if there is none), its
    published agreement (``selectors.public_agreement_for``; None if it has none) and
    that agreement's change log (``selectors.change_log``, newest first)."""

    area: Area | None
    agreement: Agreement | None = None
    change_log: tuple[ChangeLogEntry, ...] = ()


# What the lookup is read from; every write to these tables leaves a history row.
_FOUND_FROM = (Area, Organisation, Agreement, ChangeLogEntry)
_FOUND: KeptResults[Found] = KeptResults(size=1024)  # a few kB each: every area's


def found(code: str) -> Found:
    """The area, published agreement and change log of the public address with this
    code, kept between requests under the stamp of the areas, organisations, agreements
    and change logs (``tables_stamp``): two of the public pages' queries and their
    change log's, one cheap query instead."""

    def build() -> Found:
        area = area_find(code)
        agreement = area and selectors.public_agreement_for(area)
        if agreement is None:
            return Found(area)
        return Found(area, agreement, tuple(selectors.change_log(agreement)))

    return _FOUND.get(code, tables_stamp(_FOUND_FROM), build)


@dataclass(frozen=True)
class _Published:
    """What the public site shows of an agreement's progress, kept between requests (see
    ``_published``): every active target's progress and, once the area page asked for
    it, its table of targets by theme."""

    progress: list[selectors.PublicProgress]
    multi_area: bool = False
    drawn: dict[str, SafeString] = field(default_factory=dict)
    charts: dict[int, tuple] = field(default_factory=dict)  # by target, once asked for

    def priorities(self, area: Area) -> SafeString:
        if area.code not in self.drawn:
            self.drawn[area.code] = render_to_string(
                "public/includes/priorities.html",
                {
                    "area": area,
                    "multi_area": self.multi_area,
                    "themes": selectors.progress_by_theme(self.progress),
                },
            )
        return self.drawn[area.code]


# About 1.5 MB each for 53 targets (and up to 0.2 MB of charts, drawn as asked for): the
# 32 most asked for in each process, so that a worker stays within its 250 MB (issue 16)
# with the kept dashboards beside them.
_PUBLISHED: KeptResults[_Published] = KeptResults(size=32)


def _published(agreement: Agreement) -> _Published:
    """``selectors.agreement_public_progress`` of every active target, kept between
    requests under the stamps of what it is read from: the agreement's targets and
    assessments (``agreement_progress_stamp``) and the figures and releases
    (``figures_stamp``); statuses are judged on the day, which is in the key."""
    return _PUBLISHED.get(
        (agreement.pk, as_at_today()),
        (agreement_progress_stamp(agreement), figures_stamp()),
        lambda: _Published(
            selectors.agreement_public_progress(agreement), multi_area=agreement.is_multi_area
        ),
    )


def area_page(place: Found, *, searched: str = "") -> dict:
    """The area's published agreement: its targets' progress by theme, how many hold
    each status, and its change log; and, when the searcher asked for one of its
    districts, that district."""
    area, agreement = place.area, place.agreement
    published = _published(agreement)
    progress = published.progress
    counts = selectors.status_counts(progress)
    return {
        "searched_district": _searched_district(area, searched),
        "area": area,
        "agreement": agreement,
        "themes": selectors.progress_by_theme(progress),
        "priorities": published.priorities(area),
        "status_counts": counts,
        "status_total": sum(n for _, n in counts),
        "change_log": place.change_log,
    }


def target_page(place: Found, pk: int) -> dict | None:
    """One published target: its progress, the chart of its target and published figures
    by period, and its changes; None when the agreement has no such target."""
    # The kept answer for the whole agreement holds every active target's; another (a
    # withdrawn one) is read on its own, by the same selectors.
    agreement = place.agreement
    published = _published(agreement)
    progress = next((p for p in published.progress if p.target.pk == pk), None)
    if progress is None:
        target = selectors.public_target(agreement, pk)
        if target is None:
            return None
        (progress,) = selectors.agreement_public_progress(agreement, targets=[target])
        return _target_context(agreement, progress, _chart(progress), place.change_log)
    if pk not in published.charts:
        published.charts[pk] = _chart(progress)
    return _target_context(agreement, progress, published.charts[pk], place.change_log)


def _chart(progress: selectors.PublicProgress) -> tuple[SafeString | None, str]:
    """A target's chart of its target and published figures by period, and its note."""
    target = progress.target
    drawn = charts.line_chart(
        chart_periods(
            (
                charts.ChartPeriod(r.period, r.target, r.actual)
                for r in selectors.chart_rows(progress.rows)
            ),
            progress.accumulation,
        ),
        to_the_end=True,  # the target of every year of the agreement
    )
    chart = drawn and charts.line_chart_svg(
        drawn,
        title=f"{target.indicator.code} in {progress.area.name}: target and published figures "
        "by period",
        id="chart",
        profile_name="Target",
        actual_name="Published figure",
    )
    return chart, charts.running_total_note(drawn)


def _target_context(
    agreement: Agreement,
    progress: selectors.PublicProgress,
    chart: tuple[SafeString | None, str],
    change_log: tuple[ChangeLogEntry, ...],
) -> dict:
    target = progress.target
    return {
        "agreement": agreement,
        "area": agreement.area,
        "progress": progress,
        "chart": chart[0],
        "chart_note": chart[1],
        "change_log": [e for e in change_log if e.target_id == target.pk],
    }
