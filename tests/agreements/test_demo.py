"""The demonstration data: three realistic agreements, loaded through the services."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from localperf.accounts.models import Role, User
from localperf.agreements.models import Agreement, TargetCategory, TargetPartner
from localperf.demo.loading import DATA_DIR, DEMO_PASSWORD, demo_load
from localperf.indicators.models import Indicator, IndicatorKind

pytestmark = pytest.mark.django_db


def test_load_demo_builds_three_agreements_and_users_for_every_role(client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    agreements = {a.area.code: a for a in Agreement.objects.select_related("area")}
    assert set(agreements) == {"E10000016", "E08000003", "E09000007"}
    for agreement in agreements.values():
        designated = agreement.targets.filter(category=TargetCategory.DESIGNATED).count()
        assert 25 <= designated <= 35, agreement  # rule A2
        assert agreement.targets.filter(category=TargetCategory.STATUTORY).count() >= 16  # D3
        assert agreement.targets.filter(category=TargetCategory.LOCAL).exists()  # A4
        assert agreement.outcomes.values("theme").distinct().count() == 4  # A11
        assert TargetPartner.objects.filter(target__agreement=agreement).exists()  # A9
    # As the demo README lists them (rule A2: at most 35 designated).
    designated = {
        code: a.targets.filter(category=TargetCategory.DESIGNATED).count()
        for code, a in agreements.items()
    }
    assert designated == {"E10000016": 33, "E08000003": 33, "E09000007": 28}
    # Manchester's NI 113 has no polarity in the reference data: its figure is not rated.
    chlamydia = agreements["E08000003"].targets.get(indicator__code="NI 113")
    assert chlamydia.category == TargetCategory.DESIGNATED and chlamydia.indicator.polarity == ""
    # Rule D9: each local indicator has its whole measure, so returns name it by its code.
    for indicator in Indicator.objects.filter(kind=IndicatorKind.LOCAL):
        assert indicator.measures.get(part="").code == indicator.code
    kent = agreements["E10000016"]
    assert kent.status == "in_force" and kent.approved_on.isoformat() == "2008-06-30"
    # Two-tier (rule A12): Kent's districts sign up to its targets.
    assert TargetPartner.objects.filter(
        target__agreement=kent, organisation__kind="district_council"
    ).exists()
    assert kent.revisions.get().status == "approved"
    # The revision of 2008 and DCSF's four changes to statutory targets (rules A3, D3).
    assert kent.change_log.count() == 6
    assert {u.role for u in User.objects.filter(username__startswith="demo-")} == set(Role.values)

    # Idempotent: a second run keeps what is there.
    counts = (Agreement.objects.count(), TargetPartner.objects.count(), User.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (
        Agreement.objects.count(),
        TargetPartner.objects.count(),
        User.objects.count(),
    ) == counts

    # The users sign in with the documented password.
    response = client.post(
        "/account/sign-in/", {"username": "demo-go-rd-london", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    camden = agreements["E09000007"]
    page = client.get(f"/agreements/{camden.pk}/").content.decode()
    assert "Recommend sign-off" in page


def test_load_demo_is_all_or_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    targets = data / "targets.csv"
    lines = targets.read_text().splitlines()
    # The first Kent target becomes a 36th-style error: an indicator that does not exist.
    lines[1] = lines[1].replace("NI 110", "NI 999", 1)
    targets.write_text("\n".join(lines) + "\n")
    with pytest.raises(Exception, match="does not exist|matching query"):
        demo_load(data_dir=data)
    assert not User.objects.filter(username__startswith="demo-").exists()
    assert not Agreement.objects.exists()
