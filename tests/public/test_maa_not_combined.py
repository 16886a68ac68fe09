"""An MAA target's public page says why a period has no combined figure (rule X2), in the
words of the signed-in target page (``maa_member_figures``, one truth), from released
figures only (rule M2), and anew once a member's figure changes (the kept pages)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localperf.agreements.models import Agreement, Target
from tests.observations.helpers import row
from tests.public.conftest import _import

pytestmark = pytest.mark.django_db

WIGAN = "E08000010"


def _gva() -> Target:
    gm = Agreement.objects.get(title="Greater Manchester Multi Area Agreement")
    return gm.targets.get(indicator__code="GM-GVA")


def _public_page(client, target: Target):
    response = client.get(
        reverse("public:target", kwargs={"code": target.agreement.area.code, "pk": target.pk})
    )
    assert response.status_code == 200
    return response


def _public_reasons(client, target: Target) -> dict[str, str]:
    return {r.period: r.not_combined for r in _public_page(client, target).context["progress"].rows}


def _wigan_2007_08(user, *, value: str, numerator: str, status: str) -> None:
    """Wigan's 2007/08 GVA per head sent again, now with its total and population."""
    _import(
        user,
        row(
            "GM-GVA",
            WIGAN,
            "2007/08",
            value=value,
            numerator=numerator,
            denominator="190000",
            status=status,
        ),
    )


def test_the_public_page_names_wigan_for_2007_08(client, public_data):
    # rule X2: the period is not skipped; it says why, naming the member
    target = _gva()
    reasons = _public_reasons(client, target)
    assert reasons["2007/08"].startswith("Not combined: Wigan’s figure came without")
    assert reasons["2008/09"] == ""
    page = _public_page(client, target).content.decode()
    assert "Wigan’s figure came without its numerator and denominator" in page


def test_the_public_and_signed_in_pages_give_the_same_reason(client, public_data):
    # rule X2, one truth: both pages read maa_member_figures
    target = _gva()
    public = _public_reasons(client, target)["2007/08"]
    client.force_login(public_data.users["admin"])
    response = client.get(
        reverse("monitoring:target", kwargs={"pk": target.agreement.pk, "target_pk": target.pk})
    )
    assert response.status_code == 200
    signed_in = {p.period_label: p.reason for p in response.context["members"]}
    assert signed_in["2007/08"] == public
    assert public in response.content.decode()


def test_a_corrected_figure_is_combined_on_the_next_request(client, public_data):
    # the kept public page follows the figures' stamp: no stale reason after a change
    target = _gva()
    assert _public_reasons(client, target)["2007/08"]
    _wigan_2007_08(
        public_data.users["admin"], value="16000", numerator="3040000000", status="final"
    )
    response = _public_page(client, target)
    year = next(r for r in response.context["progress"].rows if r.period == "2007/08")
    assert year.not_combined == ""
    assert year.actual is not None


def test_an_unreleased_member_figure_does_not_leak(client, public_data):
    # rule M2: Wigan's unreleased figure with both counts is neither combined nor told of
    target = _gva()
    _wigan_2007_08(
        public_data.users["admin"],
        value="16123.4567",
        numerator="3063456773",
        status="provisional",
    )
    response = _public_page(client, target)
    year = next(r for r in response.context["progress"].rows if r.period == "2007/08")
    assert year.actual is None
    assert year.not_combined.startswith("Not combined: no figure yet from Wigan")
    page = response.content.decode()
    for secret in ("16123", "3063456773", "3,063,456,773"):
        assert secret not in page
