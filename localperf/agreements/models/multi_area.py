"""Multi Area Agreements (rules X1, X2): who is party to one, who has signed, and which
constituent LAAs' designated targets it carries by link (rule M6: one set of figures)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localperf.web import clock

# Part 7 of the Local Democracy, Economic Development and Construction Act 2009 gave
# MAAs a statutory basis from this day (rule X1); an MAA records its own day, not before.
STATUTORY_BASIS_FROM = datetime.date(2010, 1, 12)


class AgreementKind(models.TextChoices):
    LAA = "laa", "Local Area Agreement"
    MAA = "maa", "Multi Area Agreement"


class MemberStanding(models.TextChoices):
    """What a party to an MAA is (rule X1). Every party but government signs."""

    MEMBER_AUTHORITY = "member_authority", "Member authority (county or unitary council)"
    DISTRICT_COUNCIL = "district_council", "District council"
    CONTRIBUTING_PARTNER = "contributing_partner", "Contributing partner"
    GOVERNMENT = "government", "Government"


# Parties listed as the agreement binds them: member authorities first, government last
# (their codes sort otherwise: contributing partners before member authorities).
STANDING_ORDER = list(MemberStanding)

SIGNATORY_STANDINGS = frozenset(
    {
        MemberStanding.MEMBER_AUTHORITY,
        MemberStanding.DISTRICT_COUNCIL,
        MemberStanding.CONTRIBUTING_PARTNER,
    }
)
AUTHORITY_STANDINGS = frozenset({MemberStanding.MEMBER_AUTHORITY, MemberStanding.DISTRICT_COUNCIL})


class MaaMember(models.Model):
    """One party to a Multi Area Agreement and, once given, its signature (rule X1)."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="maa_members"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="maa_memberships"
    )
    standing = models.CharField(max_length=24, choices=MemberStanding.choices)
    signed_on = models.DateField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "standing", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="maa_member_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.agreement}"

    @property
    def signs(self) -> bool:
        return self.standing in SIGNATORY_STANDINGS

    @property
    def is_authority(self) -> bool:
        return self.standing in AUTHORITY_STANDINGS


class MaaLink(models.Model):
    """A designated target of a constituent LAA that the MAA carries as its own (rule X2).

    The MAA holds no copy: its pages show the LAA's target, its figures and its status
    (rule M6). ``revision``: the LAA revision that moved the target here (rule L5)."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="maa_links"
    )
    target = models.ForeignKey(
        "agreements.Target", on_delete=models.PROTECT, related_name="maa_links"
    )
    revision = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maa_links",
    )
    linked_on = models.DateField(default=clock.today)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "target__indicator__number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "target"], name="maa_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.target} in {self.agreement}"
