"""Changing what the national picture stores: comparator groups and assessment flags.

Every function checks permission itself (``PermissionDenied``) and refuses bad input
with a ``ValidationError`` naming the field, changing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from localperf.accounts.models import Role
from localperf.indicators.models import Indicator
from localperf.national.models import (
    AssessmentFlag,
    ComparatorGroup,
    ComparatorKind,
    FlagAction,
    FlagColour,
)
from localperf.national.permissions import has
from localperf.places.models import Area, Tier
from localperf.web import clock

MAX_MEMBERS = 200


def _members(members: Iterable[Area]) -> list[Area]:
    chosen = list(dict.fromkeys(members))
    if not chosen:
        raise ValidationError({"members": "Choose at least one area for the group."})
    if len(chosen) > MAX_MEMBERS:
        raise ValidationError({"members": f"A group holds at most {MAX_MEMBERS} areas."})
    no_tier = [a.name for a in chosen if not a.tiers]
    if no_tier:
        raise ValidationError(
            {"members": f"Only council areas can be compared: {', '.join(no_tier)}."}
        )
    # Rule N1: one tier, never mixed: some tier must hold every member.
    if not frozenset.intersection(*(a.tiers for a in chosen)):
        counties = [a.name for a in chosen if Tier.LOWER not in a.tiers]
        districts = [a.name for a in chosen if Tier.UPPER not in a.tiers]
        raise ValidationError(
            {
                "members": "A group holds areas of one tier: counties ("
                + ", ".join(counties)
                + ") and districts ("
                + ", ".join(districts)
                + ") are never compared together."
            }
        )
    return chosen


def _check_group_fields(*, user, name: str, kind: str, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the group."})
    if kind not in ComparatorKind.values:
        raise ValidationError({"kind": f"'{kind}' is not a kind of comparator group."})
    clash = ComparatorGroup.objects.filter(owner=user, name__iexact=name).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"You already have a group called '{name}'."})
    return name


@transaction.atomic
def comparator_group_create(
    *,
    user,
    name: str,
    kind: str,
    members: Iterable[Area],
    shared: bool = False,
    description: str = "",
) -> ComparatorGroup:
    if not has(user, "national.add_comparatorgroup"):
        raise PermissionDenied("Only government users can define comparator groups.")
    name = _check_group_fields(user=user, name=name, kind=kind)
    chosen = _members(members)
    group = ComparatorGroup.objects.create(
        name=name, kind=kind, owner=user, shared=shared, description=description.strip()
    )
    group.members.set(chosen)
    return group


@transaction.atomic
def comparator_group_update(
    *,
    user,
    group: ComparatorGroup,
    name: str,
    kind: str,
    members: Iterable[Area],
    shared: bool,
    description: str = "",
) -> ComparatorGroup:
    if not has(user, "national.change_comparatorgroup", group):
        raise PermissionDenied("Only the group's owner can change it.")
    name = _check_group_fields(user=group.owner, name=name, kind=kind, exclude_pk=group.pk)
    chosen = _members(members)
    group.name, group.kind, group.shared = name, kind, shared
    group.description = description.strip()
    group.save()
    group.members.set(chosen)
    return group


@transaction.atomic
def comparator_group_delete(*, user, group: ComparatorGroup) -> None:
    """Deleting a group loses no figures; its history keeps what it held."""
    if not has(user, "national.delete_comparatorgroup", group):
        raise PermissionDenied("Only the group's owner can delete it.")
    group.delete()


def _recorder(user) -> dict:
    organisation = getattr(user, "organisation", None)
    return {
        "recorded_by": user,
        "recorded_by_name": user.get_full_name() or user.get_username(),
        "recorded_by_role": Role(user.role).label if user.role else "",
        "recorded_by_organisation": organisation.name if organisation else "",
        "recorded_at": clock.now(),
    }


@transaction.atomic
def assessment_flag_raise(
    *,
    user,
    area: Area,
    colour: str,
    title: str,
    rationale: str,
    indicator: Indicator | None = None,
) -> AssessmentFlag:
    """Rule M7: an inspector records a red or green flag for an area, with its reasons."""
    if not has(user, "national.record_flag"):
        raise PermissionDenied("Only inspectors record red and green flags.")
    errors = {}
    if colour not in FlagColour.values:
        errors["colour"] = "Choose a red flag or a green flag."
    if not title.strip():
        errors["title"] = "Enter what the flag is about."
    if not rationale.strip():
        errors["rationale"] = "Give the rationale for the flag."
    if not area.upper_tier:
        errors["area"] = f"{area.name} does not hold an LAA: flags are for assessed areas."
    if errors:
        raise ValidationError(errors)
    return AssessmentFlag.objects.create(
        area=area,
        action=FlagAction.RAISED,
        colour=colour,
        title=title.strip(),
        rationale=rationale.strip(),
        indicator=indicator,
        **_recorder(user),
    )


@transaction.atomic
def assessment_flag_withdraw(*, user, flag: AssessmentFlag, rationale: str) -> AssessmentFlag:
    """Withdrawing adds a row that names the flag; the flag itself stays on record."""
    if not has(user, "national.record_flag"):
        raise PermissionDenied("Only inspectors withdraw red and green flags.")
    flag = AssessmentFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.action != FlagAction.RAISED:
        raise ValidationError({"flag": "Only a raised flag can be withdrawn."})
    if AssessmentFlag.objects.filter(withdraws=flag).exists():
        raise ValidationError({"flag": f"The flag '{flag.title}' is already withdrawn."})
    if not rationale.strip():
        raise ValidationError({"rationale": "Give the reason for withdrawing the flag."})
    return AssessmentFlag.objects.create(
        area_id=flag.area_id,
        action=FlagAction.WITHDRAWN,
        colour=flag.colour,
        title=flag.title,
        rationale=rationale.strip(),
        indicator_id=flag.indicator_id,
        withdraws=flag,
        **_recorder(user),
    )


def comparator_group_from_neighbours(*, user, neighbours, name: str) -> ComparatorGroup:
    """Save an area and its nearest neighbours as a comparator group of statistical
    neighbours, its description stating the method and the measures used (item 3)."""
    variables = ", ".join(
        f"{m.code} ({p.label if p else 'no figures'})" for m, p in neighbours.variables
    )
    return comparator_group_create(
        user=user,
        name=name or f"Nearest neighbours of {neighbours.area.name}",
        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
        members=[neighbours.area, *(row.area for row in neighbours.rows)],
        description=f"{neighbours.area.name} and its {len(neighbours.rows)} nearest "
        f"neighbours on {variables}. {neighbours.method}",
    )
