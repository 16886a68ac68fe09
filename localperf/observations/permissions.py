"""Who may do what with observations (django-rules), for the web and the API alike.

| who                                   | may                                                  |
| ------------------------------------- | ---------------------------------------------------- |
| anyone                                | read final and released figures                      |
| the area, its partners, its GO,       | read its provisional figures and histories as well   |
| central government, inspectors        | (``rights.provisional_areas_for``)                   |
| performance manager, partner officer, | import, submit and correct figures, each within its  |
| data provider, administrator          | right over areas and measures                        |
|                                       | (``rights.figure_rights_for``)                       |
| performance manager of a county or    | release provisional figures of its area and of the   |
| unitary council                       | districts in it                                      |
| administrator                         | release provisional figures of any scope             |

Which figures a writer may write, and mark final, is ``rights.figure_rights_for``: the
one rule the grid, file imports, the API and corrections all ask. Every row outside it
is rejected with a reason that names the line, the area and the measure.

A local indicator (rule D9) belongs to the organisation that defined it: its figures
come from that organisation or from a partner signed up to one of its targets, whatever
the submitter's role (``local_measure_ids_for``); an administrator, or the command line
without a user, may send any.
"""

from __future__ import annotations

from collections.abc import Iterable

import rules

from localperf.accounts.models import Role
from localperf.accounts.roles import is_administrator, is_signed_in, role_of
from localperf.agreements.models import AUTHORITY_STANDINGS, Agreement, MaaMember
from localperf.agreements.selectors import measure_ids_supplied_by, supplied_targets
from localperf.indicators.models import IndicatorKind, Measure
from localperf.observations import rights
from localperf.organisations.models import RESPONSIBLE_AUTHORITY_KINDS

WRITING_ROLES = frozenset(
    {Role.PERFORMANCE_MANAGER, Role.PARTNER_OFFICER, Role.DATA_PROVIDER, Role.ADMINISTRATOR}
)


@rules.predicate
def holds_writing_role(user) -> bool:
    return role_of(user) in WRITING_ROLES


can_submit = is_administrator | holds_writing_role
rules.add_perm("observations.submit", can_submit)


@rules.predicate
def sees_some_provisional(user) -> bool:
    return rights.may_view_any_provisional(user)


rules.add_perm("observations.view_provisional", sees_some_provisional)


@rules.predicate
def is_performance_manager_of(user, area) -> bool:
    """The LSP's performance manager decides when its area's provisional figures are
    published: its own area, or a district inside it (rule A12)."""
    organisation = getattr(user, "organisation", None)
    if role_of(user) != Role.PERFORMANCE_MANAGER or organisation is None or area is None:
        return False
    if organisation.kind not in RESPONSIBLE_AUTHORITY_KINDS or organisation.area_id is None:
        return False
    return organisation.area_id in {area.pk, area.parent_id}


rules.add_perm("observations.release", is_administrator | is_performance_manager_of)


def may_release(user, area=None) -> bool:
    """``area`` None: every area at once, which only an administrator may release."""
    return rules.has_perm("observations.release", user, area)


def may_submit(user) -> bool:
    # Asked of django-rules directly, so that Django's superuser shortcut is not needed.
    return rules.has_perm("observations.submit", user)


def provisional_areas(user) -> frozenset[int] | None:
    """The areas whose figures ``user`` sees before they are public (None: every area);
    the one answer pages, exports and the API pass to the selectors."""
    return rights.provisional_areas_for(user)


def local_measure_ids_for(user) -> frozenset[int] | None:
    """The local indicators' measures (rule D9) whose figures may be recorded as coming
    from the user's organisation: those it owns and those of targets it signed up to.
    ``None`` means any: an administrator, or no user (the command line, the demo)."""
    if user is None or not is_signed_in(user) or is_administrator(user):
        return None
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return frozenset()
    own = Measure.objects.filter(
        indicator__kind=IndicatorKind.LOCAL, indicator__owner_id=organisation_id
    ).values_list("pk", flat=True)
    return frozenset(own) | measure_ids_supplied_by(organisation_id)


def may_enter_returns_for(user, agreement) -> bool:
    """Who may use an agreement's data-entry grid and template: the responsible
    authority's performance manager, an administrator, and a partner officer of an
    organisation signed up to one of its targets once it is approved (its own rows only).
    """
    return agreement.pk in agreements_enterable(user, [agreement])


def agreements_enterable(user, agreements: Iterable[Agreement]) -> set[int]:
    """The ids of those of ``agreements`` whose grid the user may use
    (``may_enter_returns_for``, asked for many at once: the home page's shortcuts). One
    query at most, whatever their number."""
    agreements = list(agreements)
    if not agreements or not may_submit(user):
        return set()
    if is_administrator(user):
        return {a.pk for a in agreements}
    if role_of(user) == Role.PERFORMANCE_MANAGER:
        own = {a.pk for a in agreements if a.responsible_authority_id == user.organisation_id}
        # Rule X2: every member authority of an MAA supplies its own area's figures.
        maas = [a.pk for a in agreements if a.is_multi_area and a.pk not in own]
        if maas:
            member = MaaMember.objects.filter(
                agreement_id__in=maas,
                organisation_id=user.organisation_id,
                standing__in=AUTHORITY_STANDINGS,
            )
            own |= set(member.values_list("agreement_id", flat=True))
        return own
    supplied = supplied_targets(user.organisation_id).filter(
        agreement_id__in=[a.pk for a in agreements]
    )
    return set(supplied.values_list("agreement_id", flat=True))
