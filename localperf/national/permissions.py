"""Who may see the national picture and act on it (django-rules).

| who                                                   | may                                  |
| ----------------------------------------------------- | ------------------------------------ |
| GO locality manager, GO Regional Director, central    | see every national and regional page |
| approver, central analyst, inspector, administrator   | and API; define comparator groups    |
| the owner of a comparator group, an administrator     | change or delete it                  |
| any government user                                   | use a shared group, or their own     |
| inspector                                             | raise and withdraw red/green flags   |
| the area's own users (its council and the partners    | see the area's flags                 |
| that serve it), and every government user             |                                      |

LSP performance managers, partner officers and anonymous users do not see the national
pages: the picture of every area is government's view (rule N1).
"""

from __future__ import annotations

import rules

from localperf.accounts.roles import (
    has,
    is_administrator,
    is_government,
    is_inspector,
    is_signed_in,
)


@rules.predicate
def owns_group(user, group) -> bool:
    return group is not None and is_signed_in(user) and group.owner_id == user.pk


@rules.predicate
def may_use_group(user, group) -> bool:
    return group is not None and is_government(user) and (group.shared or owns_group(user, group))


@rules.predicate
def belongs_to_area(user, area) -> bool:
    """The area's own users: an organisation serving the area, or the council responsible
    for one of its agreements."""
    organisation = getattr(user, "organisation", None) if is_signed_in(user) else None
    if organisation is None or area is None:
        return False
    if organisation.area_id == area.pk:
        return True
    return area.agreements.filter(responsible_authority_id=organisation.pk).exists()


rules.add_perm("national.view_picture", is_government)
rules.add_perm("national.add_comparatorgroup", is_government)
rules.add_perm("national.view_comparatorgroup", may_use_group)
rules.add_perm("national.change_comparatorgroup", is_government & (owns_group | is_administrator))
rules.add_perm("national.delete_comparatorgroup", is_government & (owns_group | is_administrator))
rules.add_perm("national.record_flag", is_inspector)
rules.add_perm("national.view_flags", is_government | belongs_to_area)


def may_view_picture(user) -> bool:
    return has(user, "national.view_picture")


def may_record_flag(user) -> bool:
    return has(user, "national.record_flag")
