"""Admin with history. Agreements are changed through the services (sign-off, revisions);
the admin is for looking, and for correcting data with every change recorded.

The admin cannot do what the workflow forbids (issue 11): an agreement's status and the
dates of its sign-off path (rule L1) are read-only, as are a revision's; once an
agreement has left drafting its targets, their versions and partners change only through
a revision (rule L3), so here they are shown, not edited; the published change log
(rules L4, L5) can be added to but never changed or deleted.
"""

from django import forms
from django.contrib import admin

from localperf.agreements.models import (
    EDITABLE_STATUSES,
    Agreement,
    AgreementEvent,
    ChangeLogEntry,
    Outcome,
    PartnerAgreement,
    ReferenceFigure,
    ReferenceFigureValue,
    RevisionChange,
    RevisionProposal,
    Target,
    TargetPartner,
    TargetVersion,
    TrajectoryValue,
)
from localperf.web.history_admin import HistoryAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = AgreementEvent
    fields = ["occurred_at", "description", "actor_name", "comment"]
    readonly_fields = fields


def in_drafting(agreement: Agreement | None) -> bool:
    """Whether an agreement's targets may still be edited freely (no agreement yet: yes)."""
    return agreement is None or agreement.status in EDITABLE_STATUSES


# Rule L1: these move only by the sign-off services, which record the event.
SIGN_OFF_FIELDS = ["status", "submitted_on", "recommended_on", "approved_on", "in_force_from"]


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["title", "area", "term", "status", "approved_on"]
    list_filter = ["status", "term", "area__region"]
    search_fields = ["title", "area__name", "area__code"]
    raw_id_fields = ["area", "responsible_authority", "created_by"]
    readonly_fields = SIGN_OFF_FIELDS
    inlines = [EventInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A submitted or published agreement has a record others rely on.
        return in_drafting(obj) and super().has_delete_permission(request, obj)


PAST_DRAFTING = (
    "{agreement} has left drafting: its targets change only through a revision (rule L3)."
)


class FrozenOnceSubmitted(HistoryAdmin):
    """An object of an agreement past drafting is only looked at (rule L3: revisions),
    and none is added to one."""

    def agreement_of(self, obj) -> Agreement | None:
        return obj.agreement if obj is not None else None

    def agreement_chosen(self, cleaned: dict) -> Agreement | None:
        return cleaned.get("agreement")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        chosen = self.agreement_chosen

        class RefusingPastDrafting(form):
            def clean(self):
                cleaned = super().clean()
                agreement = chosen(cleaned)
                if agreement is not None and not in_drafting(agreement):
                    raise forms.ValidationError(PAST_DRAFTING.format(agreement=agreement))
                return cleaned

        return RefusingPastDrafting

    def has_change_permission(self, request, obj=None) -> bool:
        return in_drafting(self.agreement_of(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return in_drafting(self.agreement_of(obj)) and super().has_delete_permission(request, obj)


@admin.register(Outcome)
class OutcomeAdmin(HistoryAdmin):
    list_display = ["title", "agreement", "theme"]
    list_filter = ["theme"]
    raw_id_fields = ["agreement"]


class VersionInline(ReadOnlyInline):
    model = TargetVersion
    fields = ["number", "effective_from", "effective_to", "setting", "baseline_value"]
    readonly_fields = fields


class PartnerInline(admin.TabularInline):
    model = TargetPartner
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Target)
class TargetAdmin(FrozenOnceSubmitted):
    list_display = ["__str__", "agreement", "category", "status", "theme"]
    readonly_fields = ["status", "added_by_revision"]
    list_filter = ["category", "status", "theme"]
    search_fields = ["indicator__code", "title", "agreement__title"]
    raw_id_fields = [
        "agreement",
        "indicator",
        "measure",
        "outcome",
        "sub_regional_area",
        "added_by_revision",
    ]
    filter_horizontal = ["scope_areas", "scope_groups"]
    inlines = [VersionInline, PartnerInline]


class TrajectoryInline(admin.TabularInline):
    model = TrajectoryValue
    extra = 0
    can_delete = False


@admin.register(TargetVersion)
class TargetVersionAdmin(FrozenOnceSubmitted):
    list_display = ["__str__", "effective_from", "effective_to", "setting", "not_stretching"]
    list_filter = ["setting", "not_stretching"]
    raw_id_fields = ["target", "relative_to", "revision"]
    inlines = [TrajectoryInline]

    def agreement_of(self, obj) -> Agreement | None:
        return obj.target.agreement if obj is not None else None

    def agreement_chosen(self, cleaned: dict) -> Agreement | None:
        target = cleaned.get("target")
        return target.agreement if target is not None else None

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a version is superseded, never deleted


@admin.register(TargetPartner)
class TargetPartnerAdmin(FrozenOnceSubmitted):
    list_display = ["organisation", "target", "is_coordinating", "signed_up_on"]
    raw_id_fields = ["target", "organisation"]

    def agreement_of(self, obj) -> Agreement | None:
        return obj.target.agreement if obj is not None else None

    def agreement_chosen(self, cleaned: dict) -> Agreement | None:
        target = cleaned.get("target")
        return target.agreement if target is not None else None


class FigureValueInline(admin.TabularInline):
    model = ReferenceFigureValue
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(HistoryAdmin):
    list_display = ["name", "area", "unit"]
    raw_id_fields = ["area"]
    inlines = [FigureValueInline]


class ChangeInline(ReadOnlyInline):
    model = RevisionChange
    fields = ["action", "category", "summary"]
    readonly_fields = fields


class PartnerAgreementInline(ReadOnlyInline):
    model = PartnerAgreement
    fields = ["organisation", "recorded_by", "recorded_at", "comment"]
    readonly_fields = fields


@admin.register(RevisionProposal)
class RevisionProposalAdmin(HistoryAdmin):
    list_display = ["__str__", "agreement", "status", "effective_from", "decided_on"]
    list_filter = ["status"]
    raw_id_fields = ["agreement", "created_by"]
    # Rules L3, L5: proposed, agreed and decided only through the revision services.
    readonly_fields = [
        "status", "effective_from", "proposed_on", "decided_on", "decided_by", "decision_comment"
    ]  # fmt: skip
    inlines = [ChangeInline, PartnerAgreementInline]


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(HistoryAdmin):
    """Rules L4, L5: every change is published, and what was published stays as it was:
    an entry can be added, never changed, deleted or reverted (a correction is a new
    entry); its history says who published it and when."""

    list_display = ["published_on", "agreement", "summary"]
    raw_id_fields = ["agreement", "revision", "target"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
