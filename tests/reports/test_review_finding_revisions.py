"""The annual review's finding form offers a revision to carry a renegotiation; a
Government Office is never shown the title of one it may not open (a draft)."""

from __future__ import annotations

import datetime

import pytest

from localperf.agreements import services as agreement_services
from localperf.reports import services
from tests.agreements.factories import take_to_approval, target_input, with_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(users, partners):
    agreement = agreement_services.agreement_create(user=users["pm"])
    target = agreement_services.target_add(
        user=users["pm"],
        agreement=agreement,
        data=with_partners(target_input("NI 112"), partners["police"]),
    )
    take_to_approval(agreement, users)
    review = services.annual_review_create(user=users["go_lm"], agreement=agreement, year="2009/10")
    return agreement, target, review


def revision(users, agreement, title):
    return agreement_services.revision_create(
        user=users["pm"], agreement=agreement, title=title,
        reason="Renegotiation", effective_from=datetime.date(2010, 4, 1),
    )  # fmt: skip


def test_the_finding_form_names_no_draft_revision_to_the_government_office(client, users, reviewed):
    # rules L3, L6: a draft proposal is the area's own until it is proposed
    agreement, target, review = reviewed
    draft = revision(users, agreement, "Secret draft: drop NI 112")
    url = f"/annual-reviews/{review.pk}/targets/{target.pk}/"
    client.force_login(users["go_lm"])
    page = client.get(url).content.decode()
    assert "Secret draft" not in page
    response = client.post(
        url, {"judgement": "at_risk", "renegotiate": "on", "renegotiation": draft.pk}
    )
    assert response.status_code == 200  # refused: not a choice it can see
    assert "Secret draft" not in response.content.decode()
