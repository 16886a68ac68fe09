"""The home page's shortcuts: straight to the user's own agreements (the agreement, its
progress dashboard, its entry grid and its reports) and, for a partner, to its
commitments with their status."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from localperf.agreements.models import PUBLISHED_STATUSES, Agreement
from localperf.calculations.rag import Rating
from localperf.monitoring.selectors.work import commitments_with_standing
from localperf.observations.permissions import agreements_enterable
from localperf.web.work import WorkList


@dataclass(frozen=True)
class Shortcut:
    label: str
    url: str


@dataclass(frozen=True)
class AgreementShortcuts:
    title: str
    status_label: str
    links: tuple[Shortcut, ...]


@dataclass(frozen=True)
class Commitments:
    """How the targets the user's organisation signed up to stand, for the home page."""

    total: int
    counts: tuple[tuple[Rating, int], ...]
    overdue: int
    url: str


def agreement_shortcuts(user) -> list[AgreementShortcuts]:
    """The agreements the user's council is responsible for or its organisation signed
    up to a target of, with the pages the user works on. Two queries, whatever their
    number (a partner may have signed up to targets in several)."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return []
    agreements = (
        Agreement.objects.filter(
            Q(responsible_authority_id=organisation_id)
            | Q(targets__partners__organisation_id=organisation_id)
        )
        .distinct()
        .order_by("title")
    )
    enterable = agreements_enterable(user, agreements)
    result = []
    for agreement in agreements:
        own = agreement.responsible_authority_id == organisation_id
        published = agreement.status in PUBLISHED_STATUSES
        if not (own or published):
            continue  # a partner's view of a draft is its commitments page
        links = [Shortcut("Agreement", reverse("agreements:detail", args=[agreement.pk]))]
        if published:
            links.append(
                Shortcut("Progress dashboard", reverse("monitoring:dashboard", args=[agreement.pk]))
            )
        if agreement.pk in enterable:
            links.append(
                Shortcut("Enter figures", reverse("observations:return_grid", args=[agreement.pk]))
            )
        if own:
            links.append(
                Shortcut("Reports", reverse("reports:agreement_reports", args=[agreement.pk]))
            )
        result.append(
            AgreementShortcuts(agreement.title, agreement.get_status_display(), tuple(links))
        )
    return result


def commitments_summary(user, *, today: datetime.date, work: WorkList) -> Commitments | None:
    """The user's organisation's commitments counted by status, or None when it signed
    up to none; the figures it owes that are overdue are its work list's (``work``: the
    same ``figures_due``, read once for the page). Three queries."""
    rows = commitments_with_standing(user, today=today, count_overdue=False)
    if not rows:
        return None
    counts = Counter(row.rating for row in rows)
    return Commitments(
        total=len(rows),
        counts=tuple((rating, counts[rating]) for rating in Rating if counts[rating]),
        overdue=sum(item.figures for item in work.overdue),
        url=reverse("my_commitments"),
    )
