"""The end of the framework on the demo: the revocation of every designation on 13
October 2010 as one act, its dry run, the pages after, nothing lost, and its undo."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from localperf.accounts.models import User
from localperf.agreements import services as agreement_services
from localperf.agreements.models import Agreement, Target, TargetVersion
from localperf.organisations.models import Organisation
from localperf.reward import selectors, services
from localperf.reward.models import ClaimStatus, Revocation, RewardClaim

REVOKED_ON = datetime.date(2010, 10, 13)
REASON = "The Secretary of State revoked every designation of local improvement targets."
WORDS = "Designations revoked on 13 October 2010"

pytestmark = pytest.mark.usefixtures("demo_for_the_module")


def user(name: str) -> User:
    return User.objects.get(username=name)


def snapshot() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        Target.objects.count(),
        TargetVersion.objects.count(),
        RewardClaim.objects.count(),
    )


@pytest.mark.django_db
def test_dry_run_counts_then_revoke_then_undo(client):
    counts = selectors.revocation_counts()
    assert (counts.agreements, counts.claims) == (2, 1)  # Kent and Manchester; Kent's claim
    assert counts.targets > 50
    out = StringIO()
    call_command("revoke_designations", "--on", "2010-10-13", "--dry-run", stdout=out)
    assert f"{counts.agreements} agreements, {counts.targets} designated targets" in out.getvalue()
    assert not Revocation.objects.exists()  # the dry run changed nothing
    before = snapshot()

    with pytest.raises(PermissionDenied):
        services.revocation_record(
            user=user("demo-go-rd-south-east"), revoked_on=REVOKED_ON, reason=REASON
        )
    revocation = services.revocation_record(
        user=user("demo-approver"), revoked_on=REVOKED_ON, reason=REASON
    )
    assert (revocation.agreements_count, revocation.claims_count) == (2, 1)
    assert snapshot() == before  # nothing lost
    kent_claim = RewardClaim.objects.get(element__agreement__area__code="E10000016")
    assert kent_claim.status == ClaimStatus.CLOSED and WORDS in kent_claim.closed_reason
    determined = RewardClaim.objects.get(element__agreement__area__code="E08000003")
    assert determined.status == ClaimStatus.DETERMINED  # its figures are kept

    kent = Agreement.objects.get(area__code="E10000016")
    client.force_login(user("demo-pm-kent"))
    assert WORDS in client.get(reverse("agreements:detail", args=[kent.pk])).content.decode()
    assert WORDS in client.get(reverse("reward:agreement", args=[kent.pk])).content.decode()
    client.logout()
    assert WORDS in client.get(reverse("public:area", args=[kent.area.code])).content.decode()
    with pytest.raises(ValidationError, match="No claim can start"):
        services.reward_claim_create(user=user("demo-pm-kent"), agreement=kent, year="2009/10")

    undone = services.revocation_undo(
        user=user("demo-approver"), revocation=revocation, reason="Recorded in error"
    )
    assert Revocation.objects.filter(pk=undone.pk, undone_at__isnull=False).exists()  # kept
    kent_claim.refresh_from_db()
    assert kent_claim.status == ClaimStatus.CHECKED
    assert selectors.revocation_standing() is None
    client.force_login(user("demo-pm-kent"))
    assert WORDS not in client.get(reverse("agreements:detail", args=[kent.pk])).content.decode()


@pytest.mark.django_db
def test_no_new_agreement_starts_after_the_revocation():
    services.revocation_record(user=None, revoked_on=REVOKED_ON, reason=REASON)
    essex = Organisation.objects.get(slug="essex-county-council")
    pm = User.objects.create(
        username="test-pm-essex", role="performance_manager", organisation=essex
    )
    with pytest.raises(ValidationError, match="no new Local Area Agreement can be started"):
        agreement_services.agreement_create(user=pm, on=datetime.date(2011, 4, 1))
    assert not Agreement.objects.filter(area=essex.area).exists()
    assert services.agreement_start_problem(on=datetime.date(2010, 1, 1)) == ""


@pytest.mark.django_db
def test_the_revocation_page_is_central_governments(client):
    url = reverse("reward:revocation")
    client.force_login(user("demo-go-rd-south-east"))
    assert client.get(url).status_code == 403
    client.force_login(user("demo-approver"))
    page = client.get(url).content.decode()
    assert "What this would touch (dry run)" in page
    refused = client.post(url, {"reason": REASON})
    assert refused.status_code == 200 and not Revocation.objects.exists()
    done = client.post(
        url,
        {
            "revoked_on_0": "13",
            "revoked_on_1": "10",
            "revoked_on_2": "2010",
            "reason": REASON,
            "confirm": "on",
        },
    )
    assert done.status_code == 302
    assert WORDS in client.get(url).content.decode()
    client.post(url, {"reason": "Recorded in error"})
    assert selectors.revocation_standing() is None and Revocation.objects.count() == 1
