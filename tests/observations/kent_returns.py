"""Kent's approved LAA (see tests/agreements/factories.py) as the ground for data-return
tests: its partners, its users by role, and the measures they supply."""

from __future__ import annotations

from localperf.agreements.selectors import supplied_targets
from tests.agreements.factories import approved_kent, make_partners, make_users
from tests.agreements.factories import org as organisation

KENT = "E10000016"


def kent_world():
    """Partners, users and Kent's approved agreement: NI 112 (designated: police and PCT
    signed up) and NI 195 (local: Ashford and a voluntary body)."""
    kent = organisation("kent-county-council").area
    partners = make_partners(kent)
    users = make_users()
    agreement, designated, local = approved_kent(users, partners)
    return partners, users, agreement, designated, local


def supplied_codes(organisation_id: int) -> set[str]:
    return {t.measure_code for t in supplied_targets(organisation_id)}
