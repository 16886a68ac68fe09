"""Staff look at reports and reviews here; changes happen through the services (the
pages and the API), so snapshots and events are read-only, and every change to the
rest is kept (the History button)."""

from django.contrib import admin

from localperf.reports.models import (
    AnnualReview,
    AnnualReviewTarget,
    ProgressReport,
    ReportEvent,
    ReportSnapshot,
    TargetComment,
)
from localperf.web.history_admin import HistoryAdmin


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(HistoryAdmin):
    list_display = ["agreement", "kind", "period_label", "status"]
    list_filter = ["kind", "status", "agreement__area__region"]
    readonly_fields = [
        "agreement", "kind", "period_label", "periods", "status", "created_by", "created_at"
    ]  # fmt: skip


@admin.register(TargetComment)
class TargetCommentAdmin(HistoryAdmin):
    list_display = ["report", "target", "drafted_by_name", "updated_at"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnly):
    list_display = ["report", "number", "taken_at"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnly):
    list_display = ["occurred_at", "description", "actor_name", "report", "review"]


@admin.register(AnnualReview)
class AnnualReviewAdmin(HistoryAdmin):
    list_display = ["agreement", "year", "status", "issued_on"]
    # Issued only through the review service, which records the event (rule L6).
    readonly_fields = ["status", "issued_on"]


@admin.register(AnnualReviewTarget)
class AnnualReviewTargetAdmin(HistoryAdmin):
    list_display = ["review", "target", "judgement", "renegotiate"]
