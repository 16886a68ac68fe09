"""The timetable of each cycle, and the Government Office's response to
under-performance (rule M4)."""

from localperf.reviews.models.refresh import (
    ListingKind,
    Refresh,
    RefreshListing,
    RefreshStatus,
)
from localperf.reviews.models.timetable import (
    CycleYear,
    Milestone,
    MilestoneKind,
    Responsible,
)
from localperf.reviews.models.underperformance import (
    LADDER,
    LadderStep,
    UnderPerformanceStep,
)

__all__ = [
    "LADDER",
    "CycleYear",
    "LadderStep",
    "ListingKind",
    "Milestone",
    "MilestoneKind",
    "Refresh",
    "RefreshListing",
    "RefreshStatus",
    "Responsible",
    "UnderPerformanceStep",
]
