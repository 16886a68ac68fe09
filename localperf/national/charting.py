"""The national pages' charts, drawn by ``localperf.charts`` from what the selectors
found: each chart beside a table of the same figures on its page."""

from __future__ import annotations

from localperf import charts
from localperf.charts.ranked import RankedValue, ranked_bars_svg
from localperf.national.selectors import Ledger, Selection

MOST_CHOSEN = 20
# The ledger's two charts sit side by side, each in half a column (about 460 px).
HALF_WIDTH, HALF_LABELS = (
    460,
    190,
)  # the chart shows the most chosen; the table below holds every indicator


def selection_charts(selection: Selection) -> dict[str, charts.Markup | None]:
    """How many indicators were chosen by how many agreements, and the most chosen."""
    bands = selection.by_how_many()
    spread = ranked_bars_svg(
        [RankedValue(label, count) for label, count in bands],
        title="National indicators by how many agreements designated them",
        id="selection-spread",
        description="; ".join(f"{label}: {count} indicators" for label, count in bands)
        + ". The same counts are in the table of every indicator below.",
    )
    top = [row for row in selection.most_chosen()[:MOST_CHOSEN] if row.agreements]
    most = ranked_bars_svg(
        [RankedValue(f"{row.code} {row.title}", row.agreements) for row in top],
        title=f"The {len(top)} indicators designated by the most agreements",
        id="selection-most",
        description=f"One bar per indicator, the most chosen first; out of "
        f"{selection.agreement_count} agreements. The table below has every indicator.",
    )
    return {"spread_chart": spread, "most_chart": most}


def ledger_charts(ledger: Ledger) -> dict[str, charts.Markup | None]:
    """The nation's figures by way in, and their uses by kind: the tables beside them
    hold the same counts."""
    ways = ranked_bars_svg(
        [RankedValue(row.label, row.counts["supplied"]) for row in ledger.by_way],
        title="Figures supplied, by way in",
        id="ledger-ways",
        width=HALF_WIDTH,
        label_width=HALF_LABELS,
        description="; ".join(f"{row.label}: {row.counts['supplied']}" for row in ledger.by_way)
        + ". The same counts are in the table beside it.",
    )
    uses = ledger.uses_by_kind
    used = ranked_bars_svg(
        [RankedValue(label, count) for label, count in uses],
        title="Uses the figures served, by kind",
        id="ledger-uses",
        width=HALF_WIDTH,
        label_width=HALF_LABELS,
        description="; ".join(f"{label}: {count}" for label, count in uses)
        + ". The same counts are in the table beside it.",
    )
    return {"ways_chart": ways, "uses_chart": used}
