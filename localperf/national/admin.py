from django.contrib import admin

from localperf.national.models import AssessmentFlag, ComparatorGroup
from localperf.web.history_admin import HistoryAdmin


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(HistoryAdmin):
    list_display = ["name", "kind", "owner", "shared"]
    list_filter = ["kind", "shared"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(AssessmentFlag)
class AssessmentFlagAdmin(admin.ModelAdmin):
    """Read-only: flags are recorded and withdrawn through the service, never edited."""

    list_display = ["area", "colour", "action", "title", "recorded_by_name", "recorded_at"]
    list_filter = ["colour", "action"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
