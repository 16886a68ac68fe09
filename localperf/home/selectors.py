"""What each signed-in user's home page lists: the work that is overdue, due, waiting for
them, and waiting for others.

Extension point: each area of the system contributes a *work item source*, a function
``(user, *, today) -> Iterable[WorkItem]`` named in ``WORK_ITEM_SOURCES``. A source
returns only the items for that user's role and organisation, with few queries. To add
one (for example "progress report due" or "report awaiting Government Office review"),
write the function beside the area's other selectors and add its dotted path here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django.utils.module_loading import import_string

WORK_ITEM_SOURCES: tuple[str, ...] = (
    "localperf.reviews.selectors.agreement_work_items",
    "localperf.reviews.selectors.revision_work_items",
    "localperf.reports.selectors.report_work_items",
)


@dataclass(frozen=True)
class WorkItem:
    """One thing on someone's list.

    ``due_on`` is the timetable date it is due by (None when the timetable sets none).
    ``waiting_on`` names who must act when it is not the user (shown for information).
    """

    title: str
    url: str
    detail: str = ""
    due_on: datetime.date | None = None
    waiting_on: str = ""
    source: str = ""

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.waiting_on and self.due_on is not None and self.due_on < today


@dataclass
class WorkList:
    today: datetime.date
    overdue: list[WorkItem] = field(default_factory=list)
    due: list[WorkItem] = field(default_factory=list)
    waiting_for_you: list[WorkItem] = field(default_factory=list)
    waiting_for_others: list[WorkItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due or self.waiting_for_you or self.waiting_for_others)

    def add(self, item: WorkItem) -> None:
        if item.waiting_on:
            self.waiting_for_others.append(item)
        elif item.is_overdue(self.today):
            self.overdue.append(item)
        elif item.due_on is not None:
            self.due.append(item)
        else:
            self.waiting_for_you.append(item)


@cache
def _source(path: str) -> Callable[..., Iterable[WorkItem]]:
    return import_string(path)


def work_items_for(user, *, today: datetime.date) -> WorkList:
    """Every source's items for ``user``, sorted into the four lists, earliest due first."""
    work = WorkList(today=today)
    if not user.is_authenticated:
        return work
    for path in WORK_ITEM_SOURCES:
        for item in _source(path)(user, today=today):
            work.add(item)
    latest = datetime.date.max
    for items in (work.overdue, work.due, work.waiting_for_you, work.waiting_for_others):
        items.sort(key=lambda i: (i.due_on or latest, i.title))
    return work
