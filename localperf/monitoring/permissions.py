"""Who may override a computed rating (django-rules).

- may override: the Government Office locality manager or Regional Director of the
  agreement's region, and administrators;
- may not: everyone else (performance managers, partners, other regions' Government
  Offices, central government, inspectors, the public).

Rule M1: the Government Office reviews the six-monthly report and may set its own risk
rating, with a reason; the computed rating is kept beside it.
"""

from __future__ import annotations

import rules

from localperf.accounts.roles import has, is_administrator
from localperf.agreements.models import Target
from localperf.agreements.permissions import is_government_office_for


@rules.predicate
def is_government_office_for_target(user, target: Target) -> bool:
    return is_government_office_for(user, target.agreement)


can_override_rating = is_administrator | is_government_office_for_target
rules.add_perm("monitoring.override_rating", can_override_rating)


def may_override_rating(user, target: Target) -> bool:
    return has(user, "monitoring.override_rating", target)
