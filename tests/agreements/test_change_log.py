"""The published change log (rules L4, L5) only grows, and says who published each entry.

The entries are written by the real services (approval, revision, reference figure); the
admin may add one but never change, delete or "revert" one.
"""

import datetime

import pytest

from localperf.agreements import services
from localperf.agreements.models import AgreementStatus, ChangeLogEntry
from tests.agreements.test_admin import form_of
from tests.agreements.test_lifecycle import local_revision

pytestmark = pytest.mark.django_db


def creations(entry: ChangeLogEntry) -> list[tuple[str, str | None]]:
    return [
        (row.history_type, row.history_user.username if row.history_user else None)
        for row in entry.history.order_by("history_id")
    ]


def test_a_revision_s_published_change_names_who_published_it(approved, users):
    # rule L4: every change is published, with who published it and when
    agreement, _, _ = approved
    revision = local_revision(agreement, users)
    services.revision_propose(user=users["pm"], revision=revision, on=datetime.date(2008, 7, 30))
    services.revision_approve(user=users["pm"], revision=revision, on=datetime.date(2008, 8, 1))
    entry = agreement.change_log.get(revision=revision)
    assert "NI 33" in entry.summary
    assert creations(entry) == [("+", "test-pm")]
    assert entry.history.get().history_date is not None
    approval = agreement.change_log.get(revision__isnull=True)
    assert creations(approval) == [("+", "test-approver")]


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return user


def test_the_admin_shows_who_published_an_entry_and_cannot_revert_it(client, superuser, approved):
    # rules L4, L5: the history is shown; its form cannot write the entry back
    agreement, _, _ = approved
    entry = agreement.change_log.get()
    row = entry.history.get()
    listing = client.get(f"/admin/agreements/changelogentry/{entry.pk}/history/")
    assert listing.status_code == 200
    assert "test-approver" in listing.content.decode()
    url = f"/admin/agreements/changelogentry/{entry.pk}/history/{row.history_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    assert creations(entry) == [("+", "test-approver")]


def test_an_entry_added_in_the_admin_names_the_administrator(client, superuser, approved):
    # rule L4: an entry may be added by hand (a correction is a new entry), and says by whom
    agreement, _, _ = approved
    response = client.post(
        "/admin/agreements/changelogentry/add/",
        {
            "agreement": str(agreement.pk),
            "published_on": "2009-03-01",
            "summary": "Correction: NI 112's 2008/09 figure was misprinted.",
            "recorded_at_0": "2009-03-01",
            "recorded_at_1": "12:00:00",
        },
    )
    assert response.status_code == 302
    entry = agreement.change_log.get(summary__startswith="Correction")
    assert creations(entry) == [("+", "root")]


def test_an_agreement_s_history_form_cannot_undo_its_sign_off(client, superuser, approved):
    # rule L1: "reverting" to the draft's historical row set the status back to draft
    # with no sign-off event, though the status field itself is read-only
    agreement, _, _ = approved
    draft_row = agreement.history.filter(status=AgreementStatus.DRAFT).earliest("history_id")
    url = f"/admin/agreements/agreement/{agreement.pk}/history/{draft_row.history_id}/"
    data = form_of(client, url)
    response = client.post(url, data)
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED
