"""Observations: one figure for measure × area × period × population group (rule D4, M6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone

from localperf.observations.models.release import Release

# In the order of the unique index. Period first: periods are created as figures for them
# arrive, so a bulk import of new periods appends at the right edge of the index (cheap,
# densely packed pages) instead of splitting pages all over it.
NATURAL_KEY = ("period", "measure", "area", "population_group")
VALUE_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "ci_lower",
    "ci_upper",
    "sample_size",
    "status",
    "note",
)


class ObservationStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    FINAL = "final", "Final"


class ObservationQuerySet(models.QuerySet):
    def current(self) -> ObservationQuerySet:
        return self.filter(is_current=True)

    def final(self) -> ObservationQuerySet:
        return self.filter(status=ObservationStatus.FINAL)

    def public(self) -> ObservationQuerySet:
        """What anyone may see: final figures, and provisional ones a release covers."""
        return self.filter(Q(status=ObservationStatus.FINAL) | Exists(_covering_releases()))

    def visible_in(self, provisional_areas: frozenset[int] | None) -> ObservationQuerySet:
        """What a reader sees: the public figures, and every figure of the areas whose
        provisional figures it may see (``rights.provisional_areas_for``; None: every
        area)."""
        if provisional_areas is None:
            return self
        if not provisional_areas:
            return self.public()
        return self.filter(
            Q(status=ObservationStatus.FINAL)
            | Exists(_covering_releases())
            | Q(area_id__in=sorted(provisional_areas))
        )

    def unreleased(self) -> ObservationQuerySet:
        """Provisional figures no release covers yet: hidden from the public."""
        return self.filter(status=ObservationStatus.PROVISIONAL).filter(
            ~Exists(_covering_releases())
        )

    def for_key(self, measure_id: int, area_id: int, period_id: int, group_id: int):
        return self.filter(
            measure_id=measure_id,
            area_id=area_id,
            period_id=period_id,
            population_group_id=group_id,
        )


def _covering_releases():
    """The releases that publish the outer observation (see ``Release``)."""
    return Release.objects.filter(
        Q(area__isnull=True) | Q(area_id=OuterRef("area_id")),
        Q(measure__isnull=True) | Q(measure_id=OuterRef("measure_id")),
        Q(period__isnull=True) | Q(period_id=OuterRef("period_id")),
        released_at__gte=OuterRef("recorded_at"),
    )


def _reference(to: str, related_name: str, **options) -> models.ForeignKey:
    """A foreign key without a database constraint and without its own index (see below)."""
    return models.ForeignKey(
        to,
        on_delete=options.pop("on_delete", models.PROTECT),
        related_name=related_name,
        db_constraint=False,
        db_index=False,
        **options,
    )


class Observation(models.Model):
    """A figure collected once and used by every agreement, report and view (rule M6).

    History: a correction never changes a row. It inserts a new current row that
    ``supersedes`` the old one and marks the old one not current, in one transaction;
    the chain of superseded rows is the history of the key (who: ``recorded_by``, when:
    ``recorded_at``, why: ``correction_reason`` and ``import_batch``). At most one row
    per natural key is current: a partial unique index enforces it.

    Foreign keys without database constraints (``db_constraint=False``): a PostgreSQL
    foreign key check is a trigger per row and per key, about 20 µs each, which would
    be most of the cost of a bulk import. Integrity comes instead from the only write
    path, ``importing.write``:

    - every id written comes from a join of the file's codes against the dimension
      tables (measures, areas, population groups, reporting periods), never from user
      input; a row whose code does not join is rejected before anything is written;
    - inside the writing transaction, the distinct ids are read back from the dimension
      tables ``FOR KEY SHARE`` (what a foreign key check would do, once per id instead
      of once per row): a missing id aborts the import, and no concurrent transaction
      can delete a dimension row until the import commits;
    - deletion of a dimension row through Django is refused (``on_delete=PROTECT``,
      which Django enforces itself, with or without a database constraint);
    - ``tests/observations/test_integrity.py`` proves that an import never writes an
      unknown id and that no observation refers to a missing row.

    Indexes: the primary key and the partial unique index on the natural key in the
    order (period, measure, area, group). It serves lookups by period, by period and
    measure, and by measure and area *for a list of periods* (``period__in=[…]``: one
    index probe per period; there are only dozens). Each further index costs every
    bulk write; history is walked through ``supersedes``
    (primary key lookups). ``recorded_at``, ``is_current``, ``note`` and
    ``correction_reason`` have database defaults, so the bulk write leaves them out (and
    any optional column that is empty in every row).
    """

    measure = _reference("indicators.Measure", "observations")
    area = _reference("places.Area", "observations")
    period = _reference("observations.ReportingPeriod", "observations")
    population_group = _reference(
        "places.PopulationGroup",
        "observations",
        help_text="The whole population when the figure is not broken down (never null).",
    )
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    ci_lower = models.FloatField("lower confidence limit", null=True, blank=True)
    ci_upper = models.FloatField("upper confidence limit", null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    # Provisional unless said otherwise: only a release, or a final status from someone
    # who may publish the figure (``rights``), makes it public.
    status = models.CharField(
        max_length=12, choices=ObservationStatus.choices, default=ObservationStatus.PROVISIONAL
    )
    source_organisation = _reference("organisations.Organisation", "+", null=True, blank=True)
    note = models.TextField(blank=True, default="", db_default="")
    # PROTECT: whoever recorded a figure stays on record; deactivate them, do not delete.
    recorded_by = _reference(settings.AUTH_USER_MODEL, "+", null=True, blank=True)
    # Database defaults: a bulk write need not send the same value a million times.
    recorded_at = models.DateTimeField(default=timezone.now, db_default=Now())
    import_batch = _reference("observations.ImportBatch", "observations", null=True, blank=True)
    is_current = models.BooleanField(default=True, db_default=True)
    supersedes = _reference(
        "self", "superseded_by", null=True, blank=True, on_delete=models.PROTECT
    )
    correction_reason = models.TextField(blank=True, default="", db_default="")

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "area", "period", "population_group", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=list(NATURAL_KEY),
                condition=Q(is_current=True),
                name="observation_one_current_per_key",
            ),
            models.CheckConstraint(
                condition=Q(ci_lower__isnull=True)
                | Q(ci_upper__isnull=True)
                | Q(ci_lower__lte=F("ci_upper")),
                name="observation_ci_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}/{self.area_id}/{self.period_id}/{self.population_group_id}"
