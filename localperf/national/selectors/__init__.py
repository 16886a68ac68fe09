"""Reading the national picture (rules N1, M3, M5, M7), one module per screen:

- ``selection``: indicator selection across agreements, and targets still waiting;
- ``indicator``: one indicator across every area;
- ``comparators``: the comparator groups a user may use;
- ``evidence``: one area's evidence for assessment, and its flags;
- ``region``: the region view for a Government Office;
- ``ledger``: the collect-once ledger (rule M6): figures supplied, their ways in and uses;
- ``common``: what they share (which agreements count, the stated methods, figures).

Every selector runs a fixed, small number of queries whatever the number of areas or
agreements: rows are fetched in one query each (or counted by SQL aggregates) and the
statistics are computed in memory by the stated methods of
``calculations.national`` (quartiles, ranks, bands, comparison with England),
``direction`` (direction of travel) and ``rates`` (combined rates).

Which agreements count: approved and in-force agreements (``COUNTED_STATUSES``), the
ones the Secretary of State has signed; drafts and agreements under negotiation do not.
Which figures: the current figure for the whole population, final or provisional (the
national pages are for signed-in government users, who may see provisional figures;
a provisional figure is marked as such).

Callers import from here (``from localperf.national import selectors``); the modules
are the layout, not the interface.
"""

from localperf.national.selectors.common import (
    CATEGORY_PREFERENCE,
    COUNTED_STATUSES,
    COUNTED_STATUSES_TEXT,
    ENGLAND_COMBINED,
    ENGLAND_FIGURE,
    ENGLAND_GSS_CODE,
    FEW_AGREEMENTS,
    FIGURE_FIELDS,
    METHODS,
    WHOLE_AREA_SCOPE_SUFFIX,
    Figure,
    GroupFigure,
    combined_figure,
    england_area_id,
    england_figure,
    estimate_of,
    figure_from_row,
    measure_accumulation,
    measure_polarity,
    previous_comparable_period,
    upper_tier_figures_q,
)
from localperf.national.selectors.comparators import (
    comparable_areas,
    comparator_group_get_for,
    comparator_groups_for,
    comparator_tiers,
)
from localperf.national.selectors.evidence import (
    EvidenceRow,
    Flags,
    area_evidence,
    area_evidence_page,
    area_flags,
    area_flags_page,
)
from localperf.national.selectors.indicator import (
    AreaFigure,
    IndicatorPicture,
    indicator_picture,
    periods_with_figures,
)
from localperf.national.selectors.ledger import Ledger, LedgerRow, collect_once_ledger
from localperf.national.selectors.neighbours import Neighbours, nearest_areas
from localperf.national.selectors.region import (
    REGION_RATINGS,
    RegionReport,
    RegionRow,
    RegionSummary,
    half_year_before,
    progress_report_dates,
    region_agreements,
    region_reports,
    region_summary,
    regions,
)
from localperf.national.selectors.review import Review, ReviewRow, nis_review
from localperf.national.selectors.selection import (
    Selection,
    SelectionRow,
    WaitingTarget,
    indicator_selection,
    waiting_targets,
)

__all__ = [
    "AreaFigure",
    "CATEGORY_PREFERENCE",
    "COUNTED_STATUSES",
    "COUNTED_STATUSES_TEXT",
    "ENGLAND_COMBINED",
    "ENGLAND_FIGURE",
    "ENGLAND_GSS_CODE",
    "EvidenceRow",
    "FEW_AGREEMENTS",
    "FIGURE_FIELDS",
    "Figure",
    "Flags",
    "GroupFigure",
    "IndicatorPicture",
    "Ledger",
    "LedgerRow",
    "METHODS",
    "REGION_RATINGS",
    "RegionReport",
    "RegionRow",
    "RegionSummary",
    "Neighbours",
    "Review",
    "ReviewRow",
    "Selection",
    "SelectionRow",
    "WHOLE_AREA_SCOPE_SUFFIX",
    "WaitingTarget",
    "area_evidence",
    "area_evidence_page",
    "area_flags",
    "area_flags_page",
    "collect_once_ledger",
    "combined_figure",
    "comparable_areas",
    "comparator_group_get_for",
    "comparator_groups_for",
    "comparator_tiers",
    "england_area_id",
    "england_figure",
    "estimate_of",
    "figure_from_row",
    "half_year_before",
    "indicator_picture",
    "indicator_selection",
    "nearest_areas",
    "nis_review",
    "measure_accumulation",
    "measure_polarity",
    "periods_with_figures",
    "previous_comparable_period",
    "progress_report_dates",
    "region_agreements",
    "region_reports",
    "region_summary",
    "regions",
    "upper_tier_figures_q",
    "waiting_targets",
]
