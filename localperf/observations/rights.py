"""Who may write which figures, and who may see figures not yet public: one rule each,
asked by the entry grid, file imports (web upload, background task, command line), the
API and corrections alike, and by every page and API that lists figures.

Writing is by right over (area, measure), never by measure alone:

| who                          | writes figures for                                        |
| ---------------------------- | --------------------------------------------------------- |
| performance manager          | its council's own area and the areas below it (a county's |
|                              | districts, rule A12), the areas of the LAAs its council   |
|                              | is responsible for (smaller areas A6, sub-regions A7; not |
|                              | an MAA's members, X2), and what it supplies as a partner  |
| partner officer              | the measures of the targets its organisation signed up to |
|                              | in approved or in-force agreements, in those targets'     |
|                              | areas (rule A9)                                           |
| data provider (a department, | every national indicator, in every area (the national     |
| the national collection)     | collection that fed the Data Interchange Hub)             |
| administrator, the command   | everything                                                |
| line without a user          |                                                           |
| anyone else                  | nothing                                                   |

Marking a figure *final* publishes it at once, so it is kept for those who may publish:
whoever may release the area (its performance manager, an administrator) and a data
provider for the national indicators its own department owns. Anyone else's figures are
provisional, and become public when the area releases them. A figure without a status is
provisional, whoever sends it.

Figures not yet public (provisional and unreleased) are the area's business and
government's: the area's own councils, the partners signed up to its targets, its
Government Office, central government, data providers, inspectors and administrators
(``provisional_areas_for``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from localperf.accounts.roles import (
    has_organisation,
    is_administrator,
    is_central_government,
    is_data_provider,
    is_government_office,
    is_inspector,
    is_partner_officer,
    is_performance_manager,
    is_signed_in,
)
from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    Agreement,
    AgreementKind,
    Target,
    TargetStatus,
)
from localperf.indicators.models import Indicator, IndicatorKind, Measure
from localperf.organisations.models import RESPONSIBLE_AUTHORITY_KINDS, OrganisationKind
from localperf.places.models import Area

# Councils whose performance manager writes the figures of the council's own area.
COUNCIL_KINDS = frozenset({*RESPONSIBLE_AUTHORITY_KINDS, OrganisationKind.DISTRICT_COUNCIL})
# Who sees every area's figures before they are public.
sees_every_area = is_administrator | is_central_government | is_inspector | is_data_provider
# The short names the National Indicator Set handbook gives departments, where they are
# not the organisation's own slug ("CLG" is ``clg``, "Home Office" is ``home-office``).
DEPARTMENT_ALIASES = {"dh": "department-of-health", "yjb": "ministry-of-justice"}


@dataclass(frozen=True)
class FigureRights:
    """The figures one user may write, as sets a whole import is tested against at once.

    A figure for (area, measure) may be written when ``everything``, or the area is in
    ``areas`` (any measure there), or the pair is in ``pairs``, or the measure is a
    national indicator's and ``national_everywhere``. It may be marked final when
    ``everything``, or the area is in ``final_areas``, or the measure in
    ``final_measures``. ``why`` says, for a refusal, what the user's right is.
    """

    everything: bool = False
    areas: frozenset[int] = frozenset()
    pairs: frozenset[tuple[int, int]] = frozenset()
    national_everywhere: bool = False
    final_areas: frozenset[int] = frozenset()
    final_measures: frozenset[int] = frozenset()
    why: str = "your role does not write figures"
    why_not_final: str = ""

    def allows(self, area_id: int, measure_id: int, *, national: bool) -> bool:
        return (
            self.everything
            or area_id in self.areas
            or (area_id, measure_id) in self.pairs
            or (national and self.national_everywhere)
        )

    def allows_final(self, area_id: int, measure_id: int) -> bool:
        return self.everything or area_id in self.final_areas or measure_id in self.final_measures

    @property
    def writes_anything(self) -> bool:
        return self.everything or bool(self.areas or self.pairs) or self.national_everywhere

    @property
    def measure_limited(self) -> bool:
        """Whether the user writes only particular measures (a partner): the grid says so."""
        return not (self.everything or self.areas or self.national_everywhere)


EVERYTHING = FigureRights(everything=True, why="")


def figure_rights_for(user) -> FigureRights:
    """What ``user`` may write (``None``: the command line or the demo, everything)."""
    if user is None or is_administrator(user):
        return EVERYTHING
    writer = is_performance_manager | is_partner_officer | is_data_provider
    if not (has_organisation(user) and writer(user)):
        return FigureRights()
    organisation = user.organisation
    if is_data_provider(user):
        owned = department_measure_ids(organisation)
        return FigureRights(
            national_everywhere=True,
            final_measures=owned,
            why="a data provider sends national indicators' figures only",
            why_not_final=(
                f"{organisation.name} marks final only the national indicators it owns; "
                "send this figure as provisional: it becomes public when the area releases it"
            ),
        )
    pairs = partner_pairs(organisation.pk)
    if is_partner_officer(user):
        return FigureRights(
            pairs=pairs,
            why=(
                f"{organisation.name} supplies figures only for the measures of the targets "
                "it signed up to, in those targets' areas (rule A9)"
            ),
            why_not_final=_why_not_final(organisation.name),
        )
    own = council_areas(organisation)
    return FigureRights(
        areas=own | agreement_areas(organisation.pk),
        pairs=pairs,
        final_areas=releasable_area_ids(organisation),
        why=(
            f"{organisation.name} writes the figures of its own area, of the areas of the "
            "agreements it is responsible for, and of the targets it signed up to"
        ),
        why_not_final=_why_not_final(organisation.name),
    )


def _why_not_final(name: str) -> str:
    return (
        f"only the area's performance manager marks its figures final; {name} sends them "
        "as provisional, and they become public when the area releases them"
    )


def council_areas(organisation) -> frozenset[int]:
    """A council's own area and every area below it (a county's districts, rule A12, and
    their wards)."""
    if organisation.kind not in COUNCIL_KINDS or organisation.area_id is None:
        return frozenset()
    found = {organisation.area_id}
    level = found
    while level:
        level = set(Area.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return frozenset(found)


def releasable_area_ids(organisation) -> frozenset[int]:
    """The areas whose figures the organisation's performance manager releases: the
    same rule as ``permissions.is_performance_manager_of`` (its area and the districts in
    it)."""
    if organisation.kind not in RESPONSIBLE_AUTHORITY_KINDS or organisation.area_id is None:
        return frozenset()
    children = Area.objects.filter(parent_id=organisation.area_id).values_list("pk", flat=True)
    return frozenset({organisation.area_id, *children})


def agreement_areas(organisation_id: int) -> frozenset[int]:
    """The areas of the agreements the organisation is responsible for, in any status (a
    draft needs its baselines): each agreement's area, its targets' smaller areas (A6)
    and sub-regions (A7). Not a Multi Area Agreement's: its figures are its members'
    areas', each supplied by its own council (rule X2), never by the responsible one."""
    agreements = Agreement.objects.filter(
        responsible_authority_id=organisation_id, kind=AgreementKind.LAA
    )
    targets = Target.objects.filter(agreement__in=agreements)
    found = set(agreements.values_list("area_id", flat=True))
    found |= set(
        targets.exclude(sub_regional_area=None).values_list("sub_regional_area_id", flat=True)
    )
    found |= set(targets.values_list("scope_areas", flat=True))
    found.discard(None)
    return frozenset(found)


def partner_pairs(organisation_id: int) -> frozenset[tuple[int, int]]:
    """(area, measure) for every active target of an approved or in-force agreement the
    organisation signed up to (rule A9): the target's measure (a target is on one measure,
    rule D4: on the whole indicator, its whole measure, not its parts) in the agreement's
    area, the target's smaller areas and its sub-region."""
    targets = Target.objects.filter(
        status=TargetStatus.ACTIVE,
        agreement__status__in=PUBLISHED_STATUSES,
        partners__organisation_id=organisation_id,
    ).distinct()
    rows = list(
        targets.values_list(
            "pk", "measure_id", "indicator_id", "agreement__area_id", "sub_regional_area_id"
        )
    )
    if not rows:
        return frozenset()
    scope: dict[int, set[int]] = {}
    through = Target.scope_areas.through.objects.filter(target_id__in=[r[0] for r in rows])
    for target_id, area_id in through.values_list("target_id", "area_id"):
        scope.setdefault(target_id, set()).add(area_id)
    by_indicator: dict[int, list[int]] = {}
    whole = {indicator_id for _, measure_id, indicator_id, *_ in rows if not measure_id}
    for pk, indicator_id in Measure.objects.filter(indicator_id__in=whole, part="").values_list(
        "pk", "indicator_id"
    ):
        by_indicator.setdefault(indicator_id, []).append(pk)
    pairs = set()
    for pk, measure_id, indicator_id, area_id, sub_region_id in rows:
        measures = [measure_id] if measure_id else by_indicator.get(indicator_id, [])
        areas = {area_id, sub_region_id, *scope.get(pk, ())} - {None}
        pairs |= {(a, m) for a in areas for m in measures}
    return frozenset(pairs)


def department_keys(text: str) -> set[str]:
    """The organisations (by slug) an indicator's department names, as the National
    Indicator Set handbook writes it.

    >>> sorted(department_keys("Home Office / DH (NTA)"))
    ['department-of-health', 'home-office']
    >>> sorted(department_keys("CLG"))
    ['clg']
    >>> sorted(department_keys("Ministry of Justice (YJB)"))
    ['ministry-of-justice']
    """
    keys = set()
    for part in text.split("/"):
        name = re.sub(r"\(.*?\)", "", part).strip().lower()
        if name:
            slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")
            keys.add(DEPARTMENT_ALIASES.get(slug, slug))
    return keys


def department_measure_ids(organisation) -> frozenset[int]:
    """The measures of the national indicators the organisation's department owns: the
    data it may mark final as a data provider."""
    owned = [
        pk
        for pk, department in Indicator.objects.filter(kind=IndicatorKind.NATIONAL)
        .exclude(department="")
        .values_list("pk", "department")
        if organisation.slug in department_keys(department)
    ]
    return frozenset(Measure.objects.filter(indicator_id__in=owned).values_list("pk", flat=True))


# --- Seeing figures before they are public ------------------------------------------


def provisional_areas_for(user) -> frozenset[int] | None:
    """The areas whose unreleased provisional figures the user may see; ``None`` for
    every area (central government, data providers, inspectors, administrators), none
    for the public.

    An area's own: the councils of the area and of the areas above it (a county sees
    its districts'), the organisations based in it, the partners signed up to targets of
    its agreements (in their targets' areas), the responsible authority of an agreement
    for it, every party to a Multi Area Agreement for it (X1), and the Government Office
    of its region."""
    if not is_signed_in(user):
        return frozenset()
    if sees_every_area(user):
        return None
    if not has_organisation(user):
        return frozenset()
    organisation = user.organisation
    if is_government_office(user):
        if organisation.kind != OrganisationKind.GOVERNMENT_OFFICE or not organisation.area_id:
            return frozenset()
        return frozenset(
            Area.objects.filter(
                Q(region_id=organisation.area_id) | Q(pk=organisation.area_id)
            ).values_list("pk", flat=True)
        )
    found = set(council_areas(organisation))
    if organisation.area_id:
        found.add(organisation.area_id)
    found |= agreement_areas(organisation.pk)
    found |= maa_areas(organisation.pk)
    found |= {area for area, _ in partner_pairs(organisation.pk)}
    return frozenset(found)


def maa_areas(organisation_id: int) -> frozenset[int]:
    """The areas of the Multi Area Agreements the organisation is party to (rule X1):
    each party follows the MAA's combined figures on its working screens."""
    return frozenset(
        Agreement.objects.filter(
            kind=AgreementKind.MAA, maa_members__organisation_id=organisation_id
        ).values_list("area_id", flat=True)
    )


def may_view_provisional_in(user, area: Area) -> bool:
    """Whether the user sees ``area``'s figures before they are public."""
    areas = provisional_areas_for(user)
    return areas is None or area.pk in areas


def may_view_any_provisional(user) -> bool:
    areas = provisional_areas_for(user)
    return areas is None or bool(areas)
