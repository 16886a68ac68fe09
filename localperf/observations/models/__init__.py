"""Observations, reporting periods, import batches and per-indicator data rules."""

from localperf.observations.models.batch import (
    FINISHED_STATUSES,
    STOPPED_PHASE,
    ImportBatch,
    ImportFormat,
    ImportRowResult,
    ImportStatus,
    ImportUpload,
    RowAction,
    WayIn,
)
from localperf.observations.models.indicator_rules import IndicatorRules
from localperf.observations.models.observation import (
    NATURAL_KEY,
    VALUE_FIELDS,
    Observation,
    ObservationStatus,
)
from localperf.observations.models.periods import PeriodKindChoice, ReportingPeriod
from localperf.observations.models.release import Release

__all__ = [
    "FINISHED_STATUSES",
    "NATURAL_KEY",
    "STOPPED_PHASE",
    "VALUE_FIELDS",
    "ImportBatch",
    "ImportFormat",
    "ImportRowResult",
    "ImportStatus",
    "ImportUpload",
    "IndicatorRules",
    "Observation",
    "ObservationStatus",
    "PeriodKindChoice",
    "Release",
    "ReportingPeriod",
    "RowAction",
    "WayIn",
]
