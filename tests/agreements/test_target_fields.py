"""A target's fields are written once, in ``TargetInput``: the revision payload, the web
form and the API read and write every one of them by its name and type, so a target
goes through each and comes back the same (rules A5–A9, L3)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from localperf.agreements.forms import TargetForm
from localperf.agreements.inputs import from_payload, to_payload
from localperf.agreements.models import ReferenceFigure, TargetSetting
from localperf.places.models import PopulationGroup
from tests.agreements.factories import target_input, with_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(draft, partners, kent):
    """A target using every field: scope, groups, a relative setting, partners."""
    figure = ReferenceFigure.objects.create(name="Regional housing figure", area=kent)
    districts = kent.children.order_by("code")[:2]
    return with_partners(
        replace(
            target_input("NI 154", title="More homes", related_psa="PSA 20"),
            scope_areas=tuple(districts),
            scope_groups=tuple(PopulationGroup.objects.breakdowns().order_by("pk")[:1]),
            setting=TargetSetting.RELATIVE,
            relative_to=figure,
            relative_ratio=Decimal("1.1000"),
            relative_offset=Decimal("25"),
            baseline_lower=Decimal("48.5"),
            baseline_upper=Decimal("51.5"),
            trajectory={"2008/09": Decimal("51"), "2009/10": None, "2010/11": Decimal("53")},
            notes="Agreed with the districts.",
        ),
        partners["police"],
        partners["pct"],
        coordinating=partners["pct"],
    )


def test_the_revision_payload_keeps_every_field(everything):
    # rule L3: a proposed target is stored as JSON and read back unchanged when approved
    payload = json.loads(json.dumps(to_payload(everything)))
    assert from_payload(payload) == everything
    assert payload["relative_ratio"] == "1.1000" and payload["trajectory"]["2009/10"] is None


def test_the_form_shows_and_returns_every_field(everything, draft):
    # the edit form starts from the target as it is and gives the same target back
    initial = TargetForm.initial_from(everything)
    data = {name: _posted(value) for name, value in initial.items() if value not in (None, "")}
    posted = TargetForm(data, agreement=draft)
    assert posted.is_valid(), posted.errors
    assert posted.to_input() == everything


def _posted(value):
    """A value as the browser posts it."""
    if isinstance(value, list):
        return [item.pk for item in value]
    if value is True:
        return "on"
    return getattr(value, "pk", value)


def test_the_api_and_the_form_take_every_field_of_a_target(db):
    # one list of a target's fields (TargetInput): the API's input names each of them,
    # and the form has a field for each but the two it gathers from several fields
    from localperf.agreements.api.targets import TargetIn
    from localperf.agreements.forms.target import GATHERED, TARGET_FIELDS
    from localperf.agreements.inputs import HINTS

    assert set(TargetIn.model_fields) == set(HINTS)
    assert set(TARGET_FIELDS) | GATHERED == set(HINTS)
    assert set(TARGET_FIELDS) <= set(TargetForm.base_fields)
