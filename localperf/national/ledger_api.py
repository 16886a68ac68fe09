"""The collect-once ledger as JSON (rule M6): the same ledger the pages show
(``selectors.collect_once_ledger``), its national totals and its rows by area and period.

- ``GET /api/v1/ledger``: anyone, no sign-in; the public's ledger, of the released
  figures only, by supplying organisation without users' names, as
  ``/public/compare/ledger/`` shows it.
- ``GET /api/v1/national/ledger`` (on the national router): signed-in government users
  (rule N1); every current figure, as ``/national/ledger/`` shows it.
"""

from __future__ import annotations

from ninja import Field, Router, Schema

from localperf.national import selectors
from localperf.national.selectors.ledger import USE_KINDS, USE_LABELS, WAY_LABELS, WAYS

router = Router(tags=["collect-once ledger"])


class LedgerCountsOut(Schema):
    supplied: int = Field(description="Current figures supplied.")
    ways_in: dict[str, int] = Field(
        description="Figures by the way they came in: " + ", ".join(WAYS) + "."
    )
    uses: dict[str, int] = Field(
        description="Uses the figures served, by kind: " + ", ".join(USE_KINDS) + "."
    )
    uses_in_all: int
    duplicates_avoided: int = Field(
        description="A figure serving n uses was collected once instead of n times: n − 1."
    )


class LedgerAreaRowOut(Schema):
    area: str = Field(description="The area's code.")
    name: str
    period: str
    suppliers: str = Field(description="The organisations that supplied the figures, by name.")
    counts: LedgerCountsOut


class LedgerGroupRowOut(Schema):
    label: str = Field(description="The way in, or the supplying organisation.")
    user: str = Field(description="The user who recorded the figures; blank in public.")
    counts: LedgerCountsOut


class LedgerOut(Schema):
    released_only: bool = Field(
        description="True: the figures anyone may see (final, or provisional and released)."
    )
    way_labels: dict[str, str]
    use_labels: dict[str, str]
    totals: LedgerCountsOut = Field(description="England: every figure counted.")
    areas: list[LedgerAreaRowOut] = Field(description="By area (by name) and period.")
    by_way: list[LedgerGroupRowOut]
    by_supplier: list[LedgerGroupRowOut]


def _counts(row: selectors.LedgerRow) -> dict:
    counts = row.counts
    return {
        "supplied": counts["supplied"],
        "ways_in": {way: counts[f"way_{way}"] for way in WAYS},
        "uses": {kind: counts[kind] for kind in USE_KINDS},
        "uses_in_all": counts["uses"],
        "duplicates_avoided": counts["duplicates_avoided"],
    }


def ledger_out(*, released_only: bool) -> dict:
    """The ledger, public or whole, in the API's shape."""
    ledger = selectors.collect_once_ledger(released_only=released_only)
    return {
        "released_only": released_only,
        "way_labels": WAY_LABELS,
        "use_labels": USE_LABELS,
        "totals": _counts(ledger.totals),
        "areas": [
            {
                "area": row.code,
                "name": row.label,
                "period": row.period,
                "suppliers": row.suppliers,
                "counts": _counts(row),
            }
            for row in ledger.rows
        ],
        "by_way": [{"label": r.label, "user": "", "counts": _counts(r)} for r in ledger.by_way],
        "by_supplier": [
            {"label": r.label, "user": r.period, "counts": _counts(r)} for r in ledger.by_supplier
        ],
    }


@router.get(
    "",
    response={200: LedgerOut},
    summary="The collect-once ledger of the released figures (public)",
)
def public_ledger(request):
    return ledger_out(released_only=True)
