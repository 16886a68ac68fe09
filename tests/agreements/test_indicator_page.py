"""The indicator page lists the agreements that set a target on the indicator (issue 2),
showing drafts only to those who may see them (rules L1, L2: nobody else sees drafts)."""

from __future__ import annotations

import pytest

from localperf.agreements import services
from tests.agreements.factories import target_input

pytestmark = pytest.mark.django_db

URL = "/indicators/ni-112/"
KENT = "Kent Local Area Agreement 2008–11"
MANCHESTER = "Manchester Local Area Agreement 2008–11"


@pytest.fixture
def manchester_draft(users):
    agreement = services.agreement_create(user=users["other_pm"])
    services.target_add(user=users["other_pm"], agreement=agreement, data=target_input("NI 112"))
    return agreement


def usage_section(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index("Agreements with a target on NI 112")
    return html[start:]


def test_the_public_sees_only_approved_agreements(client, approved, manchester_draft):
    section = usage_section(client)
    assert KENT in section
    assert f'href="/agreements/{approved[0].pk}/"' in section
    assert "designated target" in section
    assert MANCHESTER not in section


def test_the_drafting_council_sees_its_own_draft(client, users, approved, manchester_draft):
    client.force_login(users["other_pm"])
    section = usage_section(client)
    assert KENT in section and MANCHESTER in section


def test_another_council_does_not_see_the_draft(client, users, approved, manchester_draft):
    client.force_login(users["pm"])
    section = usage_section(client)
    assert KENT in section and MANCHESTER not in section


def test_an_indicator_without_targets_says_so(client, approved):
    response = client.get("/indicators/ni-1/")
    assert "No agreement you can see sets a target on this indicator." in response.content.decode()
