"""Admin with history. Agreements are changed through the services (sign-off, revisions);
the admin is for looking, and for correcting data with every change recorded."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localperf.agreements.models import (
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


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "term", "status", "approved_on"]
    list_filter = ["status", "term", "area__region"]
    search_fields = ["title", "area__name", "area__code"]
    raw_id_fields = ["area", "responsible_authority", "created_by"]
    inlines = [EventInline]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
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
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agreement", "category", "status", "theme"]
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
class TargetVersionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "effective_from", "effective_to", "setting", "not_stretching"]
    list_filter = ["setting", "not_stretching"]
    raw_id_fields = ["target", "relative_to", "revision"]
    inlines = [TrajectoryInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a version is superseded, never deleted


@admin.register(TargetPartner)
class TargetPartnerAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "target", "is_coordinating", "signed_up_on"]
    raw_id_fields = ["target", "organisation"]


class FigureValueInline(admin.TabularInline):
    model = ReferenceFigureValue
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(SimpleHistoryAdmin):
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
class RevisionProposalAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agreement", "status", "effective_from", "decided_on"]
    list_filter = ["status"]
    raw_id_fields = ["agreement", "created_by", "decided_by"]
    inlines = [ChangeInline, PartnerAgreementInline]


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    list_display = ["published_on", "agreement", "summary"]
    raw_id_fields = ["agreement", "revision", "target"]
