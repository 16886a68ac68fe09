"""The data-entry grid per agreement and period, the partner's view of it, and the
template file: every save goes through the importer's checks; a change to a saved figure
supersedes it with a reason; a template sent back unchanged changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localperf.agreements import services
from localperf.observations.importing.services import observation_import
from localperf.observations.models import Observation
from localperf.places.models import Area, PopulationGroup
from tests.agreements.factories import target_input
from tests.agreements.test_permissions import expect, statuses
from tests.observations.helpers import measure
from tests.observations.kent_returns import KENT, kent_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return kent_world()


def grid(client, agreement, period="2008/09"):
    return client.get(reverse("observations:return_grid", args=[agreement.pk]), {"period": period})


def keys(response) -> list[tuple[str, str, str]]:
    return [(r.measure.code, r.area.code, r.group_code) for r in response.context["rows"]]


def key_of(code: str, area_code: str = KENT, group=None) -> str:
    area = Area.objects.get(code=area_code)
    group = group or PopulationGroup.objects.whole_population()
    return f"{measure(code).pk}-{area.pk}-{group.pk}"


def save(client, agreement, key, htmx=False, **fields):
    data = {"period": "2008/09", "status": "final", **fields}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("observations:return_row", args=[agreement.pk, key])
    return client.post(url, data, **headers)


def test_the_grid_shows_every_targets_measure(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = grid(client, agreement)
    assert response.status_code == 200
    assert keys(response) == [("NI 112", KENT, ""), ("NI 195", KENT, "")]


def test_a_partner_sees_only_the_measures_it_supplies(client, kent):
    # rule A9: the police authority signed up to NI 112, Ashford to NI 195
    _, users, agreement, *_ = kent
    client.force_login(users["partner"])
    assert keys(grid(client, agreement)) == [("NI 112", KENT, "")]
    client.force_login(users["district"])
    assert keys(grid(client, agreement)) == [("NI 195", KENT, "")]
    # Another's row cannot be saved, even by guessing its address.
    response = save(client, agreement, key_of("NI 112"), value="40")
    assert response.status_code == 404
    assert not Observation.objects.exists()


def test_smaller_areas_and_groups_have_rows_as_well_as_the_whole_area(client, db, settings):
    # rule A6: a target for smaller areas or groups is also reported for the whole area
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.agreements.factories import make_partners, make_users, org

    make_partners(org("kent-county-council").area)
    users = make_users()
    draft = services.agreement_create(user=users["pm"])
    ashford = Area.objects.get(name="Ashford", parent__code=KENT)
    group = PopulationGroup.objects.breakdowns().order_by("dimension", "code").first()
    services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 112", scope_areas=(ashford,), scope_groups=(group,)),
    )
    client.force_login(users["pm"])
    assert keys(grid(client, draft)) == [
        ("NI 112", KENT, ""),
        ("NI 112", ashford.code, ""),
        ("NI 112", KENT, f"{group.dimension}:{group.code}"),
    ]


def test_a_new_figure_is_saved_without_javascript(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = save(client, agreement, key_of("NI 112"), value="41.5", numerator="", current="")
    assert response.status_code == 302
    assert "period=2008%2F09" in response["Location"]
    figure = Observation.objects.current().get()
    assert (figure.value, figure.recorded_by) == (41.5, users["pm"])
    assert "NI 112" in grid(client, agreement).content.decode()


def test_a_bad_figure_is_refused_with_the_importers_message(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = save(client, agreement, key_of("NI 195"), value="12", ci_lower="13", ci_upper="20")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "govuk-form-group--error" in page
    assert response.context["saves"][key_of("NI 195")].problems
    assert not Observation.objects.exists()


def test_changing_a_saved_figure_needs_a_reason_and_keeps_the_old_one(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    key = key_of("NI 112")
    save(client, agreement, key, value="41.5", current="")
    first = Observation.objects.current().get()
    refused = save(client, agreement, key, htmx=True, value="39", current=str(first.pk))
    assert refused.status_code == 200
    assert "Give a reason for the correction." in refused.content.decode()
    assert Observation.objects.current().get() == first
    saved = save(
        client, agreement, key, htmx=True, value="39", current=str(first.pk), reason="Recount"
    )
    assert "Saved" in saved.content.decode() and 'id="row-' in saved.content.decode()
    current = Observation.objects.current().get()
    assert (current.value, current.supersedes_id) == (39, first.pk)
    assert "Recount" in (current.correction_reason or current.import_batch.reason)
    assert Observation.objects.count() == 2
    # Saving what the user saw when someone else has changed it since: a conflict.
    stale = save(client, agreement, key, value="38", current=str(first.pk), reason="Again")
    assert "changed by someone else" in stale.content.decode()
    unchanged = save(client, agreement, key, htmx=True, value="39", current=str(current.pk))
    assert "Nothing changed" in unchanged.content.decode()
    assert Observation.objects.count() == 2


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_template_round_trips(client, kent, file_format):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    save(client, agreement, key_of("NI 112"), value="41.5", current="")
    save(client, agreement, key_of("NI 195"), value="12.25", ci_lower="10", ci_upper="14.5")
    url = reverse("observations:return_template", args=[agreement.pk, file_format])
    response = client.get(url, {"period": "2008/09"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if file_format == "csv":
        lines = response.content.decode().splitlines()
        assert lines[0].startswith("measure,area,period,group,value")
        assert lines[1].startswith(f"NI 112,{KENT},2008/09,,41.5")
    result = observation_import(
        file=response.content, user=users["pm"], dry_run=True, file_name=f"t.{file_format}"
    )
    assert (result.counts.unchanged, result.counts.created, result.counts.updated) == (2, 0, 0)
    assert result.counts.rejected == 0


def test_an_empty_template_has_the_keys(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["district"])
    url = reverse("observations:return_template", args=[agreement.pk, "csv"])
    lines = client.get(url, {"period": "2009/10"}).content.decode().splitlines()
    assert lines[1].startswith(f"NI 195,{KENT},2009/10,,")
    assert len(lines) == 2


def test_the_agreement_page_links_the_grid_and_templates(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert reverse("observations:return_grid", args=[agreement.pk]) in page
    assert reverse("observations:return_template", args=[agreement.pk, "xlsx"]) in page
    client.force_login(users["inspector"])
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert reverse("observations:return_grid", args=[agreement.pk]) not in page


def test_permissions(client, kent):
    # Every role: the responsible authority and the partners signed up enter figures.
    _, users, agreement, *_ = kent
    grid_url = reverse("observations:return_grid", args=[agreement.pk])
    template = reverse("observations:return_template", args=[agreement.pk, "csv"])
    allowed = expect(403, anon=302, pm=200, partner=200, district=200, admin=200)
    assert statuses(client, users, "get", grid_url) == allowed
    assert statuses(client, users, "get", template) == allowed
    # A row with no value: allowed roles get the form back with the message.
    row = reverse("observations:return_row", args=[agreement.pk, key_of("NI 112")])
    assert statuses(client, users, "post", row, {"period": "2008/09", "value": ""}) == expect(
        403, anon=302, pm=200, partner=200, district=404, admin=200
    )
    assert not Observation.objects.exists()


def test_a_period_that_is_not_one_is_refused_with_a_suggestion(client, kent):
    # rule D5: the grid's period box reads the period as every other period field does
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = grid(client, agreement, period="2008/9")
    assert response.status_code == 404
    assert "Did you mean &#x27;2008/09&#x27;?" in response.content.decode()
