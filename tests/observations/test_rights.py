"""Who may write which figures: the permission matrix over every write route (the entry
grid, a file upload, the API, a correction) × every role × the writer's own area and
another, on the demo data; each verdict proved by what is stored, and nothing stored on
a refusal. Then the findings of the probe, one test each.

Kent (E10000016) is Kent County Council's area; Kent Police Authority signed up to Kent's
NI 15 target (rule A9). Camden (E09000007) is the other area: its agreement is submitted,
and Kent Police is no partner of it.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localperf.accounts.models import Role, User
from localperf.agreements import services as agreements
from localperf.agreements.models import Agreement
from localperf.observations.importing.services import observation_correct, observation_import
from localperf.observations.models import ImportBatch, Observation, ObservationStatus
from localperf.observations.rights import department_keys, figure_rights_for
from localperf.observations.selectors import observation_list
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup
from tests.observations.helpers import csv_of, measure, row

pytestmark = pytest.mark.django_db

KENT, CAMDEN, MANCHESTER, HARTLEPOOL = "E10000016", "E09000007", "E08000003", "E06000001"
PERIOD = "2009/10"
API = "/api/v1/observations"
DRAFT_PM = "test-pm-hartlepool-draft"


@pytest.fixture(autouse=True)
def on_the_demo(demo_for_the_module, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def draft_pm(db) -> User:
    """A performance manager whose own agreement is only a draft (Hartlepool)."""
    pm = User.objects.create_user(
        username=DRAFT_PM,
        password="test-password-123",
        role=Role.PERFORMANCE_MANAGER,
        organisation=Organisation.objects.get(slug="hartlepool-borough-council"),
    )
    agreements.agreement_create(user=pm)
    return pm


def who(username: str | None) -> User | None:
    return User.objects.get(username=username) if username else None


def stored(area: str, measure_code: str = "NI 15") -> list[float]:
    return sorted(
        Observation.objects.filter(
            measure=measure(measure_code), area__code=area, period__label=PERIOD
        ).values_list("value", flat=True)
    )


def seed(area: str, value: float = 1.0) -> Observation:
    """A provisional figure already there (recorded by the administrator)."""
    result = observation_import(
        file=csv_of(row("NI 15", area, PERIOD, value=value)), user=who("demo-admin"), dry_run=False
    )
    assert result.committed, result.problems
    return Observation.objects.current().get(
        measure=measure("NI 15"), area__code=area, period__label=PERIOD
    )


# --- the routes: each tries to write NI 15 for the area, provisional, and returns ------


def by_api(client, user, area, value):
    body = {"observations": [{"measure": "NI 15", "area": area, "period": PERIOD, "value": value}]}
    return client.post(API, json.dumps({**body, "reason": "matrix"}), "application/json")


def by_upload(client, user, area, value):
    content = csv_of(row("NI 15", area, PERIOD, value=value))
    response = client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile("return.csv", content, "text/csv"), "reason": "matrix"},
    )
    batch = ImportBatch.objects.filter(created_by=user).order_by("-pk").first() if user else None
    if batch is not None and batch.can_commit:
        client.post(reverse("observations:confirm", args=[batch.pk]))
    return response


def by_grid(client, user, area, value):
    agreement = Agreement.objects.get(area__code=area)
    key = f"{measure('NI 15').pk}-{Area.objects.get(code=area).pk}"
    key += f"-{PopulationGroup.objects.whole_population().pk}"
    current = Observation.objects.current().filter(
        measure=measure("NI 15"), area__code=area, period__label=PERIOD
    )
    return client.post(
        reverse("observations:return_grid", args=[agreement.pk]),
        {
            "period": PERIOD,
            f"value-{key}": value,
            "status": "provisional",
            f"current-{key}": current.first().pk if current.exists() else "",
            f"reason-{key}": "matrix",
        },
    )


def by_correction(client, user, area, value):
    """The service the grid and every other correction call (a user who may not even
    reach the grid page is refused by the rule itself)."""
    existing = Observation.objects.current().get(
        measure=measure("NI 15"), area__code=area, period__label=PERIOD
    )
    return observation_correct(observation=existing, user=user, reason="matrix", value=value)


ROUTES = {"api": by_api, "upload": by_upload, "grid": by_grid, "correction": by_correction}
# Corrections (and the grid's second case) start from a figure already there.
SEEDED = {"correction"}

ROLES = {
    "anonymous": None,
    "pm_own": "demo-pm-kent",
    "pm_other": "demo-pm-manchester",
    "pm_draft_only": DRAFT_PM,
    "partner_own": "demo-partner-kent-police",
    "provider": "demo-provider-clg",
    "go": "demo-go-lm-south-east",
    "approver": "demo-approver",
    "inspector": "demo-inspector",
    "admin": "demo-admin",
}
# Who may write NI 15 (provisional) for (Kent, Camden), whatever the way in (rule M6:
# one rule for every route) — except the grid, which is a performance manager's and its
# partners' page for one agreement (a data provider sends files or uses the API).
MAY_WRITE = {
    "anonymous": (False, False),
    "pm_own": (True, False),
    "pm_other": (False, False),
    "pm_draft_only": (False, False),
    "partner_own": (True, False),  # rule A9: its target's measure, in its target's area
    "provider": (True, True),
    "go": (False, False),
    "approver": (False, False),
    "inspector": (False, False),
    "admin": (True, True),
}
GRID_EXCEPTIONS = {("provider", KENT): False, ("provider", CAMDEN): False}


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", sorted(ROLES))
def test_the_permission_matrix(client, draft_pm, route, role):
    # rules M6 (one rule for every way in), A9 (partners), A12 (the county's area)
    user = who(ROLES[role])
    if user is not None:
        client.force_login(user)
    for area, allowed in zip((KENT, CAMDEN), MAY_WRITE[role], strict=True):
        if route == "grid":
            allowed = GRID_EXCEPTIONS.get((role, area), allowed)
        if route in SEEDED:
            seed(area)
        before = stored(area)
        total = Observation.objects.count()
        if route == "correction" and user is None:
            continue  # a correction needs someone to record it: no anonymous service call
        ROUTES[route](client, user, area, 42.5)
        after = stored(area)
        if allowed:
            assert 42.5 in after, (route, role, area)
        else:
            assert after == before, (route, role, area)
            assert Observation.objects.count() == total  # nothing written anywhere


def test_the_refusal_names_the_line_the_area_and_the_measure(client, draft_pm):
    client.force_login(draft_pm)
    content = csv_of(row("NI 15", HARTLEPOOL, PERIOD, value=2), row("NI 15", KENT, PERIOD, value=3))
    client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile("return.csv", content, "text/csv")},
    )
    batch = ImportBatch.objects.get(created_by=draft_pm)
    assert (batch.created_count, batch.rejected_count) == (1, 1)  # all or nothing: refused
    rejected = batch.row_results.get(action="rejected")
    assert rejected.line == 3
    assert rejected.problems[0]["message"] == (
        "You may not write figures for NI 15 in Kent (E10000016): Hartlepool Borough Council "
        "writes the figures of its own area, of the areas of the agreements it is responsible "
        "for, and of the targets it signed up to."
    )
    page = client.get(reverse("observations:batch", args=[batch.pk])).content.decode()
    assert "Kent" in page and "Hartlepool" in page  # the dry run names each row's area
    assert not batch.can_commit and not stored(KENT) and not stored(HARTLEPOOL)


# --- the findings of the probe, one by one ------------------------------------------


def test_finding_another_areas_manager_cannot_correct_kent_as_final(client):
    # demo-pm-manchester corrected Kent NI 15 2008/09 from 1.0 to 99.9 as final
    seed(KENT, 1.0)
    client.force_login(who("demo-pm-manchester"))
    figure = {"measure": "NI 15", "area": KENT, "period": PERIOD, "value": 99.9, "status": "final"}
    body = json.dumps({"observations": [figure], "reason": "Typo"})
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["problems"][0]["message"].startswith(
        "You may not write figures for NI 15 in Kent (E10000016): Manchester City Council"
    )
    assert stored(KENT) == [1.0]
    assert not Observation.objects.filter(value=99.9).exists()


def test_finding_a_partner_cannot_overwrite_another_areas_figure(client):
    # demo-partner-kent-police overwrote Camden's NI 15
    seed(CAMDEN, 5.0)
    client.force_login(who("demo-partner-kent-police"))
    response = by_api(client, None, CAMDEN, 6.0)
    assert response.status_code == 422
    assert (
        "in Camden (E09000007): Kent Police Authority supplies figures only"
        in (response.json()["problems"][0]["message"])
    )
    assert stored(CAMDEN) == [5.0]


def test_finding_a_manager_whose_own_agreement_is_a_draft_writes_only_its_own_area(draft_pm):
    # a PM whose own LAA is only a draft wrote Kent: through the file import
    refused = observation_import(
        file=csv_of(row("NI 15", KENT, PERIOD, value=7)), user=draft_pm, dry_run=False
    )
    assert refused.status == "failed" and not stored(KENT)
    own = observation_import(
        file=csv_of(row("NI 15", HARTLEPOOL, PERIOD, value=7)), user=draft_pm, dry_run=False
    )
    assert own.committed and stored(HARTLEPOOL) == [7.0]


def test_finding_the_rule_limits_a_manager_by_area_and_a_partner_by_area_too():
    # allowed_measure_ids_for returned None (everything) for a manager and limited a
    # partner by measure only
    kent, camden = Area.objects.get(code=KENT), Area.objects.get(code=CAMDEN)
    ni15 = measure("NI 15").pk
    manager = figure_rights_for(who("demo-pm-kent"))
    assert manager.allows(kent.pk, ni15, national=True)
    assert not manager.allows(camden.pk, ni15, national=True)
    ashford = Area.objects.get(name="Ashford")
    assert manager.allows(ashford.pk, ni15, national=True)  # rule A12: the county's districts
    partner = figure_rights_for(who("demo-partner-kent-police"))
    assert partner.allows(kent.pk, ni15, national=True)
    assert not partner.allows(camden.pk, ni15, national=True)
    assert not partner.allows(kent.pk, measure("NI 157a").pk, national=True)


def test_finding_a_blank_status_is_provisional_and_waits_for_a_release(client):
    # a blank status in a template imported as final and went public at once
    kent = Agreement.objects.get(area__code=KENT)
    client.force_login(who("demo-pm-kent"))
    template = client.get(
        reverse("observations:return_template", args=[kent.pk, "csv"]), {"period": "2010/11"}
    ).content.decode()
    header, *lines = template.splitlines()
    columns = header.split(",")
    ni15 = next(line.split(",") for line in lines if line.startswith("NI 15,"))
    ni15[columns.index("value")] = "0.7"
    assert ni15[columns.index("status")] == ""
    result = observation_import(
        file=f"{header}\n{','.join(ni15)}\n".encode(), user=who("demo-pm-kent"), dry_run=False
    )
    assert result.committed, result.problems
    figure = Observation.objects.current().get(
        measure=measure("NI 15"), area__code=KENT, period__label="2010/11"
    )
    assert figure.status == ObservationStatus.PROVISIONAL
    assert figure not in observation_list()  # not public until released


def test_a_blank_status_through_the_api_and_the_grid_is_provisional_too(client):
    client.force_login(who("demo-pm-kent"))
    by_api(client, None, KENT, 0.8123)
    assert Observation.objects.current().get(value=0.8123).status == ObservationStatus.PROVISIONAL
    assert Observation._meta.get_field("status").default == ObservationStatus.PROVISIONAL
    kent = Agreement.objects.get(area__code=KENT)
    grid = client.get(reverse("observations:return_grid", args=[kent.pk]), {"period": "2010/11"})
    page = grid.content.decode()
    assert 'value="provisional" checked' in page  # new figures start provisional
    assert 'value="final" checked' not in page


# --- final: publishing at once is for those who may publish -------------------------


def final_row(area: str, code: str = "NI 15", value: float = 3.0) -> bytes:
    return csv_of(row(code, area, PERIOD, value=value, status="final"))


def test_the_areas_manager_may_mark_its_figures_final_a_partner_may_not():
    # a final figure is public at once: the partner's goes through the area's release
    assert observation_import(
        file=final_row(KENT), user=who("demo-pm-kent"), dry_run=False
    ).committed
    partner = observation_import(
        file=final_row(KENT, value=4.0), user=who("demo-partner-kent-police"), dry_run=False
    )
    assert partner.status == "failed"
    assert [(p.line, p.column) for p in partner.problems] == [(2, "status")]
    assert partner.problems[0].message.startswith(
        "You may not mark NI 15 in Kent (E10000016) final: only the area's performance manager"
    )
    provisional = csv_of(row("NI 15", KENT, PERIOD, value=4.0, status="provisional"))
    assert observation_import(
        file=provisional, user=who("demo-partner-kent-police"), dry_run=False
    ).committed


def test_a_provider_marks_final_only_its_own_departments_indicators():
    # NI 157 is CLG's; NI 15 is the Home Office's
    provider = who("demo-provider-clg")
    own = observation_import(file=final_row(KENT, "NI 157a", 70), user=provider, dry_run=False)
    assert own.committed, own.problems
    other = observation_import(file=final_row(CAMDEN), user=provider, dry_run=False)
    assert other.status == "failed"
    assert "Communities and Local Government marks final only the national indicators it owns" in (
        other.problems[0].message
    )
    assert not stored(CAMDEN)
    local = observation_import(
        file=csv_of(row("KENT-GVA", KENT, PERIOD, value=1)), user=provider, dry_run=False
    )
    assert "a data provider sends national indicators' figures only" in local.problems[0].message


def test_a_template_sent_back_unchanged_is_not_refused_for_its_final_figures():
    observation_import(file=final_row(KENT), user=who("demo-pm-kent"), dry_run=False)
    again = observation_import(
        file=final_row(KENT), user=who("demo-partner-kent-police"), dry_run=True
    )
    assert (again.counts.unchanged, again.counts.rejected) == (1, 0)


def test_departments_are_read_as_the_handbook_writes_them():
    assert department_keys("DCSF / DH") == {"dcsf", "department-of-health"}
    assert department_keys("") == set()


def test_the_command_line_imports_with_the_users_rights(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "kent.csv"
    path.write_bytes(csv_of(row("NI 15", KENT, PERIOD, value=9)))
    with pytest.raises(CommandError):
        call_command(
            "import_observations", str(path), "--user", "demo-pm-camden", stdout=StringIO()
        )
    assert not stored(KENT)
    call_command("import_observations", str(path), "--user", "demo-pm-kent", stdout=StringIO())
    assert stored(KENT) == [9.0]


@pytest.mark.parametrize("username", ["demo-pm-kent", "demo-pm-camden", "demo-partner-ashford"])
def test_marking_final_follows_the_release_rule(username):
    # one truth: whoever may release an area may mark its figures final (rule A12)
    from localperf.observations.permissions import may_release

    user = who(username)
    final_areas = figure_rights_for(user).final_areas
    kent = Area.objects.get(code=KENT)
    for area in [kent, *kent.children.all(), *Area.objects.filter(code__in=[CAMDEN, MANCHESTER])]:
        assert may_release(user, area) == (area.pk in final_areas), area
