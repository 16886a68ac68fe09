"""The demo's Multi Area Agreements (rules X1, X2): Greater Manchester in force with
targets of all three kinds and every status; Tees Valley waiting for two signatures;
South Yorkshire a draft, half signed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from localperf.accounts.models import User
from localperf.agreements import multi_area, services
from localperf.agreements.models import Agreement
from localperf.agreements.services.maa_members import maa_members_refusal
from localperf.agreements.workflow import every_party_signed
from localperf.home.selectors import work_items_for
from localperf.monitoring.selectors import agreement_progress
from localperf.monitoring.selectors.members import maa_member_figures

TODAY = datetime.date(2009, 11, 30)


@pytest.fixture(scope="module", autouse=True)
def demo(demo_for_the_module):
    return None


def maa(title: str) -> Agreement:
    return Agreement.objects.get(kind="maa", title=title)


@pytest.mark.django_db
def test_greater_manchester_has_every_kind_of_target_and_every_status():
    # rules X1, X2
    gm = maa("Greater Manchester Multi Area Agreement")
    assert gm.status == "in_force"
    members = {a.name for a in gm.area.members.all()}
    assert len(members) == 10 and {"Manchester", "Wigan", "Bolton"} <= members
    summary = multi_area.maa_summary(gm)
    assert not summary.unsigned
    assert all(summary.count(kind) for kind in multi_area.KIND_LABELS)
    linked = [r.target for r in summary.targets if r.kind == multi_area.LINKED]
    assert {t.agreement.title for t in linked} == {"Manchester Local Area Agreement 2008–11"}
    ratings = {p.rating.value for p in agreement_progress(gm, today=TODAY)}
    assert {"green", "amber", "red", "overdue"} <= ratings


@pytest.mark.django_db
def test_tees_valley_waits_for_its_last_signatures():
    # rule X1
    tv = maa("Tees Valley Multi Area Agreement")
    assert tv.status == "submitted"
    director = User.objects.get(username="demo-go-rd-north-east")
    with pytest.raises(ValidationError, match="Hartlepool Borough Council"):
        services.agreement_recommend(user=director, agreement=tv)


@pytest.mark.django_db
def test_south_yorkshire_is_a_half_signed_draft_its_responsible_pm_may_change(client):
    # rule X1: every member authority and contributing partner signs; the responsible
    # authority's performance manager holds the pen while it is drafted
    sy = maa("South Yorkshire Multi Area Agreement")
    assert sy.status == "draft"
    summary = multi_area.maa_summary(sy)
    assert {m.organisation.name for m in summary.authorities} == {
        "Barnsley Metropolitan Borough Council",
        "Doncaster Metropolitan Borough Council",
        "Rotherham Metropolitan Borough Council",
        "Sheffield City Council",
    }
    assert {m.organisation.name for m in summary.unsigned} == {
        "Barnsley Metropolitan Borough Council",
        "Doncaster Metropolitan Borough Council",
        "South Yorkshire Passenger Transport Executive",
    }
    assert summary.count(multi_area.NATIONAL) == 2 and summary.count(multi_area.LOCAL_INDICATOR)
    sheffield = User.objects.get(username="demo-pm-sheffield")
    assert sy.responsible_authority == sheffield.organisation
    assert maa_members_refusal(sheffield, sy) == ""
    doncaster = User.objects.get(username="demo-pm-doncaster")
    assert summary.signable_by(doncaster).organisation == doncaster.organisation
    assert maa_members_refusal(doncaster, sy).startswith("Only ")
    client.force_login(sheffield)
    page = client.get(f"/agreements/{sy.pk}/multi-area/members/")
    assert page.status_code == 200
    assert "a change now withdraws the 3 signatures given so far" in page.content.decode()
    # rule X2: the targets page tags each target with its kind in the MAA, as holdings
    targets = " ".join(client.get(f"/agreements/{sy.pk}/targets/").content.decode().split())
    assert targets.count('govuk-tag--turquoise">National indicator<') == 2
    assert targets.count('govuk-tag--grey">Local indicator<') == 1
    services.agreement_submit(user=sheffield, agreement=sy)
    assert "Waiting for Barnsley Metropolitan Borough Council, Doncaster" in every_party_signed(sy)


@pytest.mark.django_db
def test_greater_manchester_gva_per_head_is_combined_from_gva_and_population():
    # rules X2, D9: each borough's GVA and population; Wigan's 2007/08 figure came alone
    gm = maa("Greater Manchester Multi Area Agreement")
    target = gm.targets.get(indicator__code="GM-GVA")
    periods = {p.period_label: p for p in maa_member_figures(target)}
    year = periods["2008/09"]
    assert year.combined == pytest.approx(year.numerators / year.denominators)
    assert len(year.figures) == 10
    progress = next(p for p in agreement_progress(gm, today=TODAY) if p.target == target)
    assert progress.period.period_label == "2008/09"
    assert progress.period.actual == pytest.approx(year.combined)
    assert periods["2007/08"].combined is None
    assert periods["2007/08"].reason.startswith("Not combined: Wigan’s figure came without")


@pytest.mark.django_db
def test_a_party_yet_to_sign_finds_it_on_its_work_list():
    # rule X1: the members still to sign are asked to, on their home page
    def titles(username: str) -> list[str]:
        work = work_items_for(User.objects.get(username=username), today=TODAY)
        return [item.title for item in work.waiting_for_you]

    assert (
        "Sign South Yorkshire Multi Area Agreement for Doncaster Metropolitan Borough Council"
        in titles("demo-pm-doncaster")
    )
    assert "Sign Tees Valley Multi Area Agreement for Hartlepool Borough Council" in titles(
        "demo-pm-hartlepool"
    )
    assert not [t for t in titles("demo-pm-sheffield") if t.startswith("Sign ")]
