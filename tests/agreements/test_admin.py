"""The admin cannot do what the workflow forbids (issue 11): it is for looking and for
correcting data, never for moving an agreement, a revision or a report along its path."""

from html.parser import HTMLParser

import pytest

from localperf.agreements.admin import RevisionProposalAdmin
from localperf.agreements.models import (
    AgreementEvent,
    AgreementStatus,
    ChangeLogEntry,
    Target,
    TargetVersion,
)
from localperf.reports.admin import AnnualReviewAdmin, ProgressReportAdmin

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would send back from an admin change form, unchanged."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "checkbox", "file"}:
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_of(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


@pytest.fixture
def approved_laa(approved):
    agreement, _designated, _local = approved
    return agreement


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return user


def test_the_admin_cannot_approve_a_draft(client, superuser, draft):
    # rule L1: it was set to "approved" with a date here and went public with no sign-off.
    url = f"/admin/agreements/agreement/{draft.pk}/change/"
    data = form_of(client, url)
    assert "status" not in data and "approved_on" not in data
    data.update(
        {"status": AgreementStatus.APPROVED, "approved_on": "2008-06-30", "title": "Renamed"}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.title == "Renamed"  # a correction still goes through, with history
    assert draft.status == AgreementStatus.DRAFT and draft.approved_on is None
    assert not AgreementEvent.objects.filter(agreement=draft, to_status="approved").exists()


def test_the_sign_off_dates_and_status_are_shown_not_edited(client, superuser, approved_laa):
    approved = approved_laa
    # rule L1
    page = client.get(f"/admin/agreements/agreement/{approved.pk}/change/").content.decode()
    for field in ("status", "submitted_on", "recommended_on", "approved_on", "in_force_from"):
        assert f'name="{field}"' not in page


def test_an_approved_agreement_cannot_be_deleted_in_the_admin(client, superuser, approved_laa):
    approved = approved_laa
    response = client.post(f"/admin/agreements/agreement/{approved.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    approved.refresh_from_db()


def test_a_target_in_force_is_changed_only_by_a_revision(client, superuser, approved_laa):
    approved = approved_laa
    # rule L3: every signed-up partner and the Secretary of State agree to a change.
    target = approved.targets.first()
    version = target.versions.first()
    url = f"/admin/agreements/target/{target.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="title"' not in page  # shown, not editable
    response = client.post(url, {"title": "Changed behind everyone's back"})
    assert response.status_code == 403
    assert Target.objects.get(pk=target.pk).title == target.title
    version_url = f"/admin/agreements/targetversion/{version.pk}/change/"
    assert client.post(version_url, {"baseline_value": "1"}).status_code == 403
    assert TargetVersion.objects.get(pk=version.pk).baseline_value == version.baseline_value
    assert (
        client.post(f"/admin/agreements/target/{target.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_no_target_is_added_to_an_agreement_past_drafting(client, superuser, approved_laa):
    approved = approved_laa
    # rule L3
    data = form_of(client, "/admin/agreements/target/add/")
    target = approved.targets.first()
    data.update({
        "agreement": str(approved.pk), "indicator": str(target.indicator_id),
        "category": "local", "theme": target.theme, "title": "Slipped in",
    })  # fmt: skip
    before = approved.targets.count()
    response = client.post("/admin/agreements/target/add/", data)
    assert response.status_code == 200
    assert "has left drafting" in response.content.decode()
    assert approved.targets.count() == before


def test_the_published_change_log_is_add_only(client, superuser, approved_laa):
    approved = approved_laa
    # rules L4, L5: every change is published, and what was published stays.
    entry = ChangeLogEntry.objects.create(
        agreement=approved, published_on="2009-03-01", summary="NI 112 trajectory revised"
    )
    url = f"/admin/agreements/changelogentry/{entry.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="summary"' not in page
    assert client.post(url, {"summary": "Nothing happened"}).status_code == 403
    delete = client.post(f"/admin/agreements/changelogentry/{entry.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "NI 112 trajectory revised"
    assert client.get("/admin/agreements/changelogentry/add/").status_code == 200


def test_a_revision_is_decided_only_through_its_services(client, superuser):
    # rules L3, L5: the admin form of a revision shows its status and dates, not as fields.
    assert {"status", "proposed_on", "decided_on", "effective_from"} <= set(
        RevisionProposalAdmin.readonly_fields
    )


def test_a_report_s_status_is_read_only_in_the_admin():
    assert "status" in ProgressReportAdmin.readonly_fields
    assert {"status", "issued_on"} <= set(AnnualReviewAdmin.readonly_fields)
