"""The reward rule sets known from the sources (the migration ``0002`` wrote the same
rows): the older LPSA / first-round LAA rule as published; the 2008–11 rule, whose
threshold, cap and split were never confirmed (defaulting to the older rule's values,
marked unverified); the 2010/11 determination (30:70 split; outstanding payments halved
in June 2010)."""

from decimal import Decimal

RULE_SETS = [
    {
        "name": "LPSA and first-round LAA",
        "version": 1,
        "kind": "per_target",
        "capital_percent": Decimal(50),
        "reduction_factor": Decimal(1),
        "unverified": "",
        "source": "Local PSA reward schedules (e.g. Isle of Wight, Schedule 4): 2.5% of the "
        "net budget requirement, divided equally among the targets, 60% floor, 100% cap, "
        "one-fifth on account, the balance in two instalments.",
    },
    {
        "name": "LAA 2008–11",
        "version": 1,
        "kind": "average",
        "capital_percent": Decimal(50),
        "reduction_factor": Decimal(1),
        "unverified": "floor, cap, capital/revenue split",
        "source": "Reward by the average level of achievement across the reward element; "
        "threshold, cap and split not confirmed in the sources at hand.",
    },
    {
        "name": "2010/11 determination",
        "version": 1,
        "kind": "per_target",
        "capital_percent": Decimal(30),
        "reduction_factor": Decimal("0.5"),
        "unverified": "",
        "source": "Capital 30 : revenue 70; June 2010: outstanding payments halved.",
    },
]
