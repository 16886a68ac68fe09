"""Loading the demonstration data: partner organisations, users for every role, and
three Local Area Agreements built through the same services as the web pages, so that
every rule applies to them too.

The definitions are data files beside this module (``data/``): partner organisations,
users, the agreements' sign-off steps and revisions, and their targets.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from localperf.accounts.models import Role, User
from localperf.agreements import services
from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import Agreement, ReferenceFigure, ReferenceFigureValue
from localperf.agreements.rules_of_agreement import term_years
from localperf.demo.multi_area import USERS as MAA_USERS
from localperf.demo.multi_area import multi_area_load
from localperf.demo.observations import demo_observations_load
from localperf.demo.refresh import demo_refresh_load
from localperf.demo.reports import demo_reports_load
from localperf.demo.reward import demo_reward_load
from localperf.demo.statutory import demo_statutory_load
from localperf.demo.ways_in import demo_ways_in_load
from localperf.indicators.models import Indicator, IndicatorKind, Measure
from localperf.monitoring.services import assessments_recompute
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup

DATA_DIR = Path(__file__).resolve().parent / "data"
# Documented in the README and printed by the command; for demonstration only.
DEMO_PASSWORD = "localperf-demo-2008"
MEASURE_CODE = re.compile(r"^(NI \d+)([a-z])$")


@dataclass
class DemoSummary:
    organisations: int = 0
    users: list[str] = field(default_factory=list)
    agreements_created: list[str] = field(default_factory=list)
    agreements_kept: list[str] = field(default_factory=list)
    observations_loaded: bool = False
    assessments: int = 0


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text not in (None, "") else None


def _read_csv(name: str, data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_organisations(data_dir: Path) -> int:
    rows = _read_csv("organisations.csv", data_dir)
    for row in rows:
        Organisation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "area": Area.objects.get(code=row["area_code"]) if row["area_code"] else None,
                "active": True,
            },
        )
    return len(rows)


def load_users(data_dir: Path) -> list[str]:
    usernames = []
    # One hash for the one published demo password: hashing is slow on purpose (Argon2),
    # and a salt per demo account protects nothing when the password is in the README.
    password = make_password(DEMO_PASSWORD)
    for row in _read_csv("users.csv", data_dir):
        user, _ = User.objects.get_or_create(username=row["username"])
        user.role = row["role"]
        user.organisation = (
            Organisation.objects.get(slug=row["organisation"]) if row["organisation"] else None
        )
        user.first_name, user.last_name = row["first_name"], row["last_name"]
        user.is_staff = user.is_superuser = row["role"] == Role.ADMINISTRATOR
        user.password = password
        user.save()
        usernames.append(user.username)
    return usernames


def load_local_indicators(definitions: list[dict]) -> None:
    """Rule D9: indicators outside the NIS, owned by the council that defined them, each
    with its whole measure (as every national indicator has), which holds its figures:
    a return names it by the indicator's own code ("KENT-GVA")."""
    for spec in definitions:
        indicator, _ = Indicator.objects.update_or_create(
            code=spec["code"],
            defaults={
                "kind": IndicatorKind.LOCAL,
                "number": None,
                "title": spec["title"],
                "owner": Organisation.objects.get(slug=spec["owner"]),
                "polarity": spec["polarity"],
                "unit": spec["unit"],
                "theme": spec["theme"],
            },
        )
        if not indicator.measures.exists():
            Measure.objects.create(indicator=indicator, part="", title=indicator.title)


def load_reference_figures(definitions: list[dict]) -> None:
    """Rule A8: figures set outside the agreement that targets can follow."""
    for spec in definitions:
        figure, _ = ReferenceFigure.objects.update_or_create(
            name=spec["name"],
            defaults={
                "area": Area.objects.get(code=spec["area"]),
                "unit": spec["unit"],
                "source": spec["source"],
            },
        )
        for value in spec["values"]:
            ReferenceFigureValue.objects.get_or_create(
                figure=figure,
                effective_from=_date(value["effective_from"]),
                defaults={"value": Decimal(value["value"])},
            )


def _indicator_and_measure(code: str):
    match = MEASURE_CODE.match(code)
    if match:
        indicator = Indicator.objects.with_code(match[1]).get()
        return indicator, indicator.measures.get(part=match[2])
    return Indicator.objects.with_code(code).get(), None


def target_input(row: dict, agreement: Agreement) -> TargetInput:
    """One row of ``targets.csv`` (or a revision's target) as the services' input."""
    indicator, measure = _indicator_and_measure(row["indicator"])
    coordinating = row.get("coordinating") or ""
    partner_slugs = [s for s in (row.get("partners") or "").split(";") if s]
    partners = tuple(
        PartnerInput(Organisation.objects.get(slug=slug), slug == coordinating)
        for slug in partner_slugs
    )
    groups = []
    for ref in [g for g in (row.get("scope_groups") or "").split(";") if g]:
        dimension, _, code = ref.partition(":")
        groups.append(PopulationGroup.objects.get(dimension=dimension, code=code))
    figure_name = row.get("relative_to") or ""
    baseline = _decimal(row.get("baseline"))
    return TargetInput(
        category=row["category"],
        indicator=indicator,
        measure=measure,
        theme=row["theme"],
        outcome=agreement.outcomes.get(title=row["outcome"]) if row.get("outcome") else None,
        title=row.get("title") or "",
        related_psa=row.get("related_psa") or "",
        scope_areas=tuple(
            Area.objects.get(code=code)
            for code in (row.get("scope_areas") or "").split(";")
            if code
        ),
        scope_groups=tuple(groups),
        setting=row.get("setting") or "trajectory",
        baseline_value=baseline,
        baseline_period=row.get("baseline_period") or "",
        baseline_lower=_decimal(row.get("ci_lower")),
        baseline_upper=_decimal(row.get("ci_upper")),
        baseline_to_be_confirmed=baseline is None,
        improvement_percent=_decimal(row.get("improvement_percent")),
        trajectory={year: _decimal(row.get(year)) for year in term_years(agreement.term)},
        relative_to=ReferenceFigure.objects.get(name=figure_name) if figure_name else None,
        relative_ratio=_decimal(row.get("relative_ratio")),
        partners=partners,
    )


def _revision_target_row(spec: dict) -> dict:
    row = {key: spec.get(key, "") for key in ("category", "indicator", "theme", "outcome")}
    row.update(
        title=spec.get("title", ""),
        baseline=spec.get("baseline", ""),
        baseline_period=spec.get("baseline_period", ""),
        partners=";".join(spec.get("partners", [])),
        coordinating=spec.get("coordinating", ""),
        **spec.get("trajectory", {}),
    )
    return row


def load_agreement(spec: dict, rows: list[dict]) -> Agreement:
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    pm = users[spec["performance_manager"]]
    agreement = services.agreement_create(
        user=pm, title=spec["title"], on=_date(spec.get("created_on"))
    )
    seen: set[str] = set()
    for row in rows:
        if row["outcome"] and row["outcome"] not in seen:
            seen.add(row["outcome"])
            services.outcome_add(
                user=pm, agreement=agreement, theme=row["theme"], title=row["outcome"]
            )
    for row in rows:
        services.target_add(
            user=pm,
            agreement=agreement,
            data=target_input(row, agreement),
            on=_date(spec.get("created_on")),
        )
    for step in spec["steps"]:
        services.agreement_take_action(
            user=users[step["by"]],
            agreement=agreement,
            action=step["action"],
            comment=step.get("comment", ""),
            on=_date(step["on"]),
        )
    for revision_spec in spec.get("revisions", []):
        by = users[revision_spec["by"]]
        revision = services.revision_create(
            user=by,
            agreement=agreement,
            title=revision_spec["title"],
            reason=revision_spec["reason"],
            effective_from=_date(revision_spec["effective_from"]),
            on=_date(revision_spec["proposed_on"]),
        )
        services.revision_add_change(
            user=by,
            revision=revision,
            action="add",
            data=target_input(_revision_target_row(revision_spec["add"]), agreement),
        )
        services.revision_propose(
            user=by, revision=revision, on=_date(revision_spec["proposed_on"])
        )
        for agreed in revision_spec.get("agreements", []):
            services.revision_record_partner_agreement(
                user=users[agreed["by"]], revision=revision, on=_date(agreed["on"])
            )
        decision = revision_spec["approve"]
        services.revision_approve(
            user=users[decision["by"]],
            revision=revision,
            comment=decision.get("comment", ""),
            on=_date(decision["on"]),
        )
    agreement.refresh_from_db()
    return agreement


def demo_load(*, data_dir: Path = DATA_DIR) -> DemoSummary:
    """Idempotent and all or nothing: an agreement already present for an area is kept
    as it is; users get the demo password again."""
    definitions = json.loads((data_dir / "agreements.json").read_text(encoding="utf-8"))
    target_rows = _read_csv("targets.csv", data_dir)
    summary = DemoSummary()
    with transaction.atomic():
        summary.organisations = load_organisations(data_dir)
        summary.users = load_users(data_dir)
        load_local_indicators(definitions["local_indicators"])
        load_reference_figures(definitions["reference_figures"])
        for spec in definitions["agreements"]:
            area = Area.objects.get(code=spec["area"])
            existing = Agreement.objects.filter(area=area).first()
            if existing is not None:
                summary.agreements_kept.append(existing.title)
                continue
            rows = [r for r in target_rows if r["area"] == spec["area"]]
            summary.agreements_created.append(load_agreement(spec, rows).title)
        demo_statutory_load()
        demo_refresh_load()  # rules L6, L4: Manchester's refresh to its approval
        summary.agreements_created += multi_area_load()  # rules X1, X2: demo/multi_area.py
        summary.users += [username for username, *_ in MAA_USERS]
        summary.observations_loaded = demo_observations_load()
        demo_ways_in_load()  # rule M6: the grid, the API and a correction, for the ledger
        summary.assessments = assessments_recompute().assessments
        demo_reports_load()
        demo_reward_load()
    return summary
