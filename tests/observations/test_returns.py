"""The data-entry grid per agreement and period, the partner's view of it, and the
template file: a page of figures is saved all together through the importer's checks; a
change to a saved figure supersedes it with its own reason; a template sent back
unchanged changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from localperf.agreements import services
from localperf.observations.importing.services import observation_import
from localperf.observations.models import IndicatorRules, Observation
from localperf.observations.return_periods import PeriodState, return_periods
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
    return [
        (v.row.measure.code, v.row.area.code, v.row.group_code) for v in response.context["rows"]
    ]


def key_of(code: str, area_code: str = KENT, group=None) -> str:
    area = Area.objects.get(code=area_code)
    group = group or PopulationGroup.objects.whole_population()
    return f"{measure(code).pk}-{area.pk}-{group.pk}"


def current_id(code: str, period="2008/09") -> str:
    figure = Observation.objects.current().filter(
        measure=measure(code), area__code=KENT, period__label=period
    )
    return str(figure.first().pk) if figure.exists() else ""


def save_page(client, agreement, period="2008/09", status="final", **rows):
    """Post the grid's one form: ``rows`` maps a measure code to its fields, e.g.
    ``{"NI 112": {"value": "41.5"}}`` (keyword-safe: ``NI_112``)."""
    data = {"period": period, "status": status}
    for code, fields in rows.items():
        code = code.replace("_", " ")
        key = key_of(code)
        data[f"current-{key}"] = fields.pop("current", current_id(code, period))
        data.update({f"{name}-{key}": value for name, value in fields.items()})
    url = reverse("observations:return_grid", args=[agreement.pk])
    return client.post(f"{url}?period={period}", data)


def test_the_grid_shows_every_targets_measure(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = grid(client, agreement)
    assert response.status_code == 200
    assert keys(response) == [("NI 112", KENT, ""), ("NI 195", KENT, "")]


def test_a_quarter_lists_only_the_quarterly_measures(client, kent):
    # rule D5: each indicator is reported at the periods its definition sets
    _, users, agreement, *_ = kent
    ni112 = measure("NI 112").indicator
    IndicatorRules.objects.create(indicator=ni112, period_kinds=["quarter", "financial_year"])
    client.force_login(users["pm"])
    assert keys(grid(client, agreement, "2008/09 Q2")) == [("NI 112", KENT, "")]
    assert keys(grid(client, agreement, "2008/09")) == [("NI 195", KENT, "")]
    # The periods offered are the schedule's: NI 112's twelve quarters and the three years.
    labels = [p.label for p in grid(client, agreement).context["periods"]]
    assert labels[:4] == ["2008/09 Q1", "2008/09 Q2", "2008/09 Q3", "2008/09 Q4"]
    assert "2008/09" in labels and "2010/11 Q4" in labels and len(labels) == 15


def test_a_deferred_indicator_is_not_owed_before_its_first_year(client, kent):
    # rule D2: NI 32 and the other deferred indicators are first reported for 2009/10
    _, users, agreement, *_ = kent
    ni195 = measure("NI 195").indicator
    ni195.first_year = "2009/10"
    ni195.save()
    client.force_login(users["pm"])
    assert keys(grid(client, agreement, "2008/09")) == [("NI 112", KENT, "")]
    assert keys(grid(client, agreement, "2009/10")) == [("NI 112", KENT, ""), ("NI 195", KENT, "")]
    counts = {p.label: p.expected for p in grid(client, agreement).context["periods"]}
    assert (counts["2008/09"], counts["2009/10"]) == (1, 2)


def test_each_row_shows_the_target_the_unit_and_the_previous_figure(client, kent):
    # rule M1: the profile (trajectory) for the period; rule M3: the figure before
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    save_page(client, agreement, "2007/08", NI_195={"value": "52"})
    response = grid(client, agreement)
    row = {v.row.measure.code: v for v in response.context["rows"]}["NI 195"]
    assert (row.row.guide.profile_text, row.row.shown_previous) == ("48", "52")
    page = response.content.decode()
    assert "Unit: " + measure("NI 195").effective_unit in page
    assert '<span class="govuk-!-font-weight-bold">48</span>' in page
    assert "2007/08" in page


def test_a_large_jump_is_flagged_as_a_warning_and_saved(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    save_page(client, agreement, "2007/08", NI_195={"value": "52"})
    response = save_page(client, agreement, NI_195={"value": "90"})
    assert response.status_code == 302  # a warning never stops the save
    page = grid(client, agreement).content.decode()
    assert f'id="value-{key_of("NI 195")}-jump"' in page
    assert f'aria-describedby=" value-{key_of("NI 195")}-jump"' in page


def test_values_come_back_as_entered(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    save_page(client, agreement, NI_112={"value": "1480"}, NI_195={"value": "12.25"})
    page = grid(client, agreement).content.decode()
    assert f'id="value-{key_of("NI 112")}"' in page
    assert 'value="1480"' in page and 'value="12.25"' in page
    assert "1480.0" not in page
    # Shown again and saved unchanged: nothing is written.
    before = Observation.objects.count()
    response = save_page(client, agreement, NI_112={"value": "1480"}, NI_195={"value": "12.25"})
    assert response.status_code == 302 and Observation.objects.count() == before


def test_a_page_with_one_bad_row_saves_nothing_and_keeps_every_value(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = save_page(client, agreement, NI_112={"value": "41.5"}, NI_195={"value": "12,5"})
    assert response.status_code == 200
    assert not Observation.objects.exists()  # all or nothing
    page = response.content.decode()
    bad, good = key_of("NI 195"), key_of("NI 112")
    assert "There is a problem" in page
    assert f'<a href="#value-{bad}">NI 195, Kent: &#x27;12,5&#x27; is not a number' in page
    assert f'id="value-{bad}-error"' in page and 'value="12,5"' in page
    assert f'id="value-{good}"' in page and 'value="41.5"' in page  # nothing else lost
    assert response.context["errors"][0].field_id == f"value-{bad}"


def test_a_correction_needs_its_own_reason_shown_on_the_reason_field(client, kent):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    save_page(client, agreement, NI_112={"value": "41.5"}, NI_195={"value": "12"})
    first = Observation.objects.current().get(measure=measure("NI 112"))
    refused = save_page(client, agreement, NI_112={"value": "39"}, NI_195={"value": "13"})
    key = key_of("NI 112")
    page = refused.content.decode()
    assert f'<a href="#reason-{key}">NI 112, Kent: Give a reason for the correction.</a>' in page
    assert f'id="reason-{key}-error"' in page
    assert Observation.objects.count() == 2  # neither correction was saved
    saved = save_page(
        client,
        agreement,
        NI_112={"value": "39", "reason": "Recount"},
        NI_195={"value": "13", "reason": "Late returns"},
    )
    assert saved.status_code == 302
    current = Observation.objects.current().get(measure=measure("NI 112"))
    assert (current.value, current.supersedes_id) == (39, first.pk)
    assert current.correction_reason == "Recount"
    other = Observation.objects.current().get(measure=measure("NI 195"))
    assert other.correction_reason == "Late returns"  # each row its own reason
    assert "2 figures saved" in grid(client, agreement).content.decode()
    # Saving what the user saw when someone else has changed it since: a problem on the row.
    stale = save_page(
        client, agreement, NI_112={"value": "38", "reason": "Again", "current": str(first.pk)}
    )
    assert "Someone else changed this figure" in stale.content.decode()
    assert Observation.objects.current().get(measure=measure("NI 112")).value == 39


def test_a_partner_writes_only_its_own_measures(client, kent):
    # rule A9: the police authority signed up to NI 112, Ashford to NI 195
    _, users, agreement, *_ = kent
    client.force_login(users["partner"])
    assert keys(grid(client, agreement)) == [("NI 112", KENT, "")]
    client.force_login(users["district"])
    assert keys(grid(client, agreement)) == [("NI 195", KENT, "")]
    # Another's figure posted on the page is not one of its rows: nothing is written.
    response = save_page(client, agreement, NI_112={"value": "40"})
    assert response.status_code == 302
    assert not Observation.objects.exists()
    save_page(client, agreement, NI_195={"value": "40"})
    figure = Observation.objects.current().get()
    # Its own, and provisional whatever it asks: the area releases a partner's figures.
    assert (figure.measure.code, figure.status, figure.recorded_by) == (
        "NI 195",
        "provisional",
        users["district"],
    )


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
    response = grid(client, draft)
    assert keys(response) == [
        ("NI 112", KENT, ""),
        ("NI 112", ashford.code, ""),
        ("NI 112", KENT, f"{group.dimension}:{group.code}"),
    ]
    # Judged on the areas and groups combined: no row carries the target as its own.
    assert all(v.row.guide is None for v in response.context["rows"])
    assert "The target is for Ashford" in response.content.decode()


def test_the_periods_carry_their_state(client, kent):
    _, users, agreement, *_ = kent
    save_page_as = users["pm"]
    client.force_login(save_page_as)
    save_page(client, agreement, NI_112={"value": "41.5"})
    periods = {
        p.label: p
        for p in return_periods(agreement, user=save_page_as, today=datetime.date(2009, 11, 30))
    }
    year = periods["2008/09"]  # due 30 September 2009
    assert (year.entered, year.expected, year.state) == (1, 2, PeriodState.OVERDUE)
    assert periods["2009/10"].state is PeriodState.NOT_YET_DUE
    response = save_page(client, agreement, NI_195={"value": "12"})
    assert response.status_code == 302, response.context["errors"]
    periods = return_periods(agreement, user=save_page_as, today=datetime.date(2009, 9, 1))
    assert periods[0].state is PeriodState.COMPLETE
    # Without ?period=, the grid opens at the period most in need of figures.
    response = client.get(reverse("observations:return_grid", args=[agreement.pk]))
    assert response.context["period"] in {p.label for p in response.context["periods"]}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_template_round_trips(client, kent, file_format):
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    save_page(client, agreement, NI_112={"value": "41.5"}, NI_195={"value": "12.25"})
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


def test_a_template_is_in_the_import_layout_only(client, kent):
    # SDMX-CSV is an export of figures, not a return's template: 404, not a server error.
    _, users, agreement, *_ = kent
    client.force_login(users["district"])
    url = reverse("observations:return_template", args=[agreement.pk, "sdmx-csv"])
    assert client.get(url, {"period": "2009/10"}).status_code == 404


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
    # A page with a bad figure: allowed roles get the page back with the message (a
    # district, whose page has no NI 112 row, has nothing to save and goes back).
    bad = {"period": "2008/09", f"value-{key_of('NI 112')}": "x", f"current-{key_of('NI 112')}": ""}
    assert statuses(client, users, "post", grid_url, bad) == expect(
        403, anon=302, pm=200, partner=200, district=302, admin=200
    )
    assert not Observation.objects.exists()


def test_a_period_that_is_not_one_is_refused_with_a_suggestion(client, kent):
    # rule D5: the grid's period reads the period as every other period field does
    _, users, agreement, *_ = kent
    client.force_login(users["pm"])
    response = grid(client, agreement, period="2008/9")
    assert response.status_code == 404
    assert "Did you mean &#x27;2008/09&#x27;?" in response.content.decode()
