"""The items of a signed-in user's work list, shared by every area that contributes one.

They live on the ground floor so that an area (reviews, reports) can offer its items to
the home page without importing the home page: the home page imports the areas.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkItem:
    """One thing on someone's list.

    ``due_on`` is the timetable date it is due by (None when the timetable sets none).
    ``due_now`` lists an item without a date under "Due" (a progress report on the
    half-year just ended, when the timetable names no date for it).
    ``waiting_on`` names who must act when it is not the user (shown for information).
    """

    title: str
    url: str
    detail: str = ""
    due_on: datetime.date | None = None
    waiting_on: str = ""
    source: str = ""
    due_now: bool = False
    figures: int = 0  # for an item asking for figures, how many

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
        elif item.due_on is not None or item.due_now:
            self.due.append(item)
        else:
            self.waiting_for_you.append(item)
