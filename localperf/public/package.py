"""The open data set described as a Frictionless Data Package (issue 15 item 7, rule
M6): every column of ``selectors.OPEN_DATA_COLUMNS`` with its type, meaning, unit and
code list, so that other systems read the file by an agreed standard, not by guessing.
The descriptor names the CSV beside it (``local-area-agreements.csv``)."""

from __future__ import annotations

from localperf.agreements.holdings import ALL_KIND_LABELS
from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    AgreementKind,
    AgreementStatus,
    LaaTheme,
    TargetCategory,
)
from localperf.calculations.rag import Rating
from localperf.public import selectors

LICENCE = {
    "name": "OGL-UK-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
}


def _field(name: str, kind: str, description: str, **extra) -> dict:
    return {"name": name, "type": kind, "description": description, **extra}


def _one_of(labels) -> dict:
    return {"constraints": {"enum": sorted(set(labels))}}


def _codes(labels: dict[str, str]) -> str:
    """ "laa: Local Area Agreement; maa: Multi Area Agreement"."""
    return "; ".join(f"{code}: {label}" for code, label in labels.items())


AGREEMENT_STATUSES = _one_of(AgreementStatus(s).label for s in PUBLISHED_STATUSES)
STATUSES = _one_of(
    [*(r.label for r in Rating), selectors.NOT_PUBLISHED.label, selectors.NOT_ASSESSED.label]
)
FIELDS = [
    _field("area_code", "string", "GSS code of the agreement's area.",
           constraints={"required": True}),
    _field("area_name", "string", "Name of the agreement's area."),
    _field("agreement", "string",
           "Title of the agreement: a Local Area Agreement in this file; a Multi Area "
           "Agreement's own file (from its public page) has the same columns."),
    _field("agreement_status", "string",
           "Where the agreement stands: only approved and in-force agreements are published.",
           **AGREEMENT_STATUSES),
    _field("agreement_kind", "string",
           "Which kind of agreement, as a code: "
           f"{_codes({k.value: k.label for k in AgreementKind})}.",
           **_one_of(AgreementKind.values)),
    _field("target_id", "integer",
           "The target's identifier in this service: one target has a row per period."),
    _field("category", "string",
           "The target's category in the agreement it sits in: designated (one of up to "
           "35), statutory education and early years, or local (a Multi Area Agreement's own "
           "targets are local). What it is in this row's agreement: target_kind.",
           **_one_of(c.label for c in TargetCategory)),
    _field("target_kind", "string",
           "What the target is in this agreement, as a code (rule X2): "
           f"{_codes(ALL_KIND_LABELS)}. A linked target is a constituent LAA's own target, "
           "carried by the Multi Area Agreement: the same figures appear under the LAA. Only "
           "targets in a Local Area Agreement carry the statutory duties.",
           **_one_of(ALL_KIND_LABELS)),
    _field("theme", "string", "The LAA theme the target serves (rule A11).",
           **_one_of(t.label for t in LaaTheme)),
    _field("outcome", "string", "The outcome the target is grouped under; blank when none."),
    _field("indicator", "string", 'National indicator ("NI 117") or local indicator code.'),
    _field("measure", "string",
           'The measure judged ("NI 157a" for one part of a multi-part indicator); blank '
           "when the indicator has several and the target names none."),
    _field("title", "string", "The target in words."),
    _field("unit", "string",
           "The unit of target_value and actual_value, as the indicator defines it (for "
           "example %, or a rate per 100,000)."),
    _field("figure_area_code", "string",
           "GSS code of the area the figure is for: the agreement's area, or a sub-region "
           "(rule A7)."),
    _field("period", "string",
           'Reporting period: a financial year "2009/10", a quarter "2009/10 Q2", a Place '
           'Survey round "Place Survey 2008", …'),
    _field("target_value", "number",
           "What the target aims at for the period (the profile of its trajectory), in "
           "the unit of the unit column; blank when not set."),
    _field("actual_value", "number",
           "The released figure for the period, in the unit of the unit column; blank when "
           "none is published."),
    _field("actual_status", "string",
           "final, or provisional (released before it is final); blank without a figure.",
           **_one_of(["final", "provisional"])),
    _field("status", "string", "The target's status for the period, in words.", **STATUSES),
]  # fmt: skip


def open_data_package() -> dict:
    """The descriptor of the open data set (Data Package v1, Tabular Data Resource)."""
    return {
        "profile": "tabular-data-package",
        "name": "local-area-agreements",
        "title": "Local Area Agreements 2008–11: published targets and released figures",
        "description": "Every target of every approved or in-force Local Area Agreement, one "
        "row per target and period: what was aimed at, the released figure and its status. "
        "Only released figures are included.",
        "licenses": [LICENCE],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "local-area-agreements",
                "path": "local-area-agreements.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": FIELDS, "missingValues": [""]},
            }
        ],
    }
