"""What the signed-in home page shows: the work list for the day asked for, the
timetable's coming dates, and the shortcuts to the user's own agreements and
commitments."""

from __future__ import annotations

from localperf.accounts.roles import is_performance_manager
from localperf.home.forms import AsAtForm
from localperf.home.selectors import work_items_for
from localperf.home.shortcuts import agreement_shortcuts, commitments_summary
from localperf.reviews.selectors import upcoming_milestones


def work_page(user, form: AsAtForm) -> dict:
    today = form.day()
    work = work_items_for(user, today=today)
    # A performance manager's council is the responsible authority, not a partner: its
    # figures are on the work list itself.
    commitments = (
        None if is_performance_manager(user) else commitments_summary(user, today=today, work=work)
    )
    return {
        "form": form,
        "today": today,
        "work": work,
        "milestones": upcoming_milestones(user, today=today),
        "shortcuts": agreement_shortcuts(user),
        "commitments": commitments,
    }
