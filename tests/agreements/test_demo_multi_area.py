"""The demo's Multi Area Agreements (rules X1, X2): Greater Manchester in force with
targets of all three kinds and every status; Tees Valley waiting for two signatures."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from localperf.accounts.models import User
from localperf.agreements import multi_area, services
from localperf.agreements.models import Agreement
from localperf.monitoring.selectors import agreement_progress

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
