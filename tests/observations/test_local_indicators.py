"""Local indicators (rules A4, D9) in data returns, on the demo data: figures for KENT-GVA
(Kent County Council's) and MCR-NVQ4 (Manchester City Council's) are imported by the
indicator's own code, from the owner or a partner signed up to one of its targets, and
refused from anyone else whatever the way in; a mistyped code gets the nearest one."""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.indicators.models import Indicator, IndicatorKind
from localperf.observations.importing.services import observation_import
from localperf.observations.models import ImportBatch, ImportStatus, Observation
from localperf.organisations.models import Organisation
from tests.observations.helpers import csv_of, row
from tests.observations.test_template_blank_rows import filled

pytestmark = pytest.mark.django_db

KENT = "E10000016"
MANCHESTER = "E08000003"
API = "/api/v1/observations"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``load_demo`` once for the module, rolled back afterwards (each test's own
    transaction is a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def on_the_demo(demo, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def user(username: str) -> User:
    return User.objects.get(username=username)


def gva(value: object = 19650, period: str = "2009/10", code: str = "KENT-GVA") -> bytes:
    return csv_of(row(measure=code, area=KENT, period=period, value=value))


def run(content: bytes, username: str | None, *, dry_run: bool = False):
    """As the upload page does it: with the user's rights (none: the command line)."""
    who = user(username) if username else None
    return observation_import(file=content, user=who, dry_run=dry_run, file_name="return.csv")


def test_the_owner_imports_a_local_indicator_by_its_own_code():
    # rule D9: Kent County Council's own indicator, written as people write codes
    content = csv_of(
        row(measure="KENT-GVA", area=KENT, period="2009/10", value=19650),
        row(measure=" kent gva ", area=KENT, period="2010/11", value=20010),
    )
    result = run(content, "demo-pm-kent")
    assert result.status == ImportStatus.COMMITTED, result.problems
    assert result.counts.created == 2
    figures = Observation.objects.current().filter(
        measure__indicator__code="KENT-GVA", period__label__in=["2009/10", "2010/11"]
    )
    assert sorted(figures.values_list("period__label", "value")) == [
        ("2009/10", 19650.0),
        ("2010/11", 20010.0),
    ]
    assert {f.source_organisation.slug for f in figures} == {"kent-county-council"}


def test_a_partner_signed_up_to_its_target_supplies_it_and_another_may_not(client):
    # rule A9: Ashford signed up to Kent's GVA target; Kent Police did not
    def upload(username: str) -> ImportBatch:
        client.force_login(user(username))
        client.post(
            reverse("observations:upload"),
            {"file": SimpleUploadedFile("gva.csv", gva(), "text/csv"), "reason": ""},
        )
        return ImportBatch.objects.filter(created_by__username=username).latest("pk")

    accepted = upload("demo-partner-ashford")
    assert (accepted.status, accepted.created_count, accepted.rejected_count) == (
        ImportStatus.DRY_RUN,
        1,
        0,
    )
    refused = upload("demo-partner-kent-police")
    assert refused.rejected_count == 1
    problem = refused.row_results.get().problems
    assert [p["column"] for p in problem] == ["area"]
    assert problem[0]["message"].startswith(
        "You may not write figures for KENT-GVA in Kent (E10000016): Kent Police Authority "
        "supplies figures only for the measures of the targets it signed up to"
    )


def test_another_councils_manager_may_not_send_its_figures_whatever_the_way_in(client, tmp_path):
    words = "KENT-GVA is a local indicator of Kent County Council (rule D9)"
    # Kent's own figures are not Manchester's to write at all: the area is refused first.
    refused = run(gva(), "demo-pm-manchester")
    assert [(p.line, p.column) for p in refused.problems] == [(2, "area")]
    assert (
        "You may not write figures for KENT-GVA in Kent (E10000016)" in refused.problems[0].message
    )
    # In Manchester's own area, Kent's local indicator is still not Manchester's (D9).
    in_manchester = csv_of(row(measure="KENT-GVA", area=MANCHESTER, period="2009/10", value=1))
    result = run(in_manchester, "demo-pm-manchester")
    assert result.status == ImportStatus.FAILED
    assert [(p.line, p.column) for p in result.problems] == [(2, "measure")]
    assert words in result.problems[0].message
    # The API.
    client.force_login(user("demo-pm-manchester"))
    figure = {"measure": "KENT-GVA", "area": MANCHESTER, "period": "2009/10", "value": 19650}
    body = json.dumps({"observations": [figure]})
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 422
    assert words in response.json()["problems"][0]["message"]
    # The command line, recording the figures as Manchester's.
    path = tmp_path / "gva.csv"
    path.write_bytes(in_manchester)
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_observations", str(path), "--user", "demo-pm-manchester", stdout=out)
    assert words in out.getvalue()
    assert not Observation.objects.filter(
        period__label="2009/10", measure__indicator__code="KENT-GVA"
    )
    # Manchester's own local indicator is its to send; an administrator may send any.
    own = csv_of(row(measure="MCR-NVQ4", area=MANCHESTER, period="2009/10", value=29.8))
    assert run(own, "demo-pm-manchester", dry_run=True).counts.created == 1
    assert run(gva(), "demo-admin", dry_run=True).counts.created == 1
    assert run(gva(), None, dry_run=True).counts.created == 1  # the command, no user


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    # NI 1955 is one keystroke from NI 195 and from NI 195a; a tie goes to the same length.
    [("KENT-GAV", "KENT-GVA"), ("MCR NVQ5", "MCR-NVQ4"), ("NI 1955", "NI 195a")],
)
def test_a_mistyped_code_gets_the_nearest_national_or_local_code(typed, suggestion):
    result = run(gva(code=typed), "demo-pm-kent", dry_run=True)
    assert [(p.line, p.column, p.suggestion) for p in result.problems] == [
        (2, "measure", suggestion)
    ]
    assert "or a local indicator's own code" in result.problems[0].message


def test_a_local_indicator_with_no_measure_is_named_as_such():
    Indicator.objects.create(
        kind=IndicatorKind.LOCAL,
        code="KENT-JOBS",
        title="Jobs created in Kent's growth areas",
        owner=Organisation.objects.get(slug="kent-county-council"),
        polarity="higher",
    )
    result = run(gva(code="KENT-JOBS"), "demo-pm-kent", dry_run=True)
    assert [(p.line, p.column) for p in result.problems] == [(2, "measure")]
    assert "KENT-JOBS is a local indicator (rule D9) with no measure" in result.problems[0].message


def test_kents_template_lists_its_local_indicator_and_takes_its_figure(client):
    # The return for 2009/10 with only the GVA figure known yet: the rest is skipped.
    kent = Agreement.objects.get(area__code=KENT)
    client.force_login(user("demo-partner-ashford"))
    url = reverse("observations:return_template", args=[kent.pk, "csv"])
    content = client.get(url, {"period": "2009/10"}).content
    codes = [line.split(",")[0] for line in content.decode().splitlines()[1:]]
    assert "KENT-GVA" in codes and len(codes) > 1
    result = run(filled(content, "csv", {"KENT-GVA": {"value": 19650}}), "demo-partner-ashford")
    assert result.status == ImportStatus.COMMITTED, result.problems
    assert (result.counts.created, result.counts.skipped) == (1, len(codes) - 1)
    figure = Observation.objects.current().get(
        measure__indicator__code="KENT-GVA", period__label="2009/10"
    )
    assert figure.source_organisation.slug == "ashford-borough-council"
