"""Read-only views of the stored statuses and overrides (they change only through the
services: a recompute, or an override recorded by the Government Office)."""

from django.contrib import admin

from localperf.monitoring.models import Assessment, RatingOverride


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly):
    list_display = ("target_id", "period", "profile", "actual", "variance", "rating", "direction")
    list_filter = ("rating", "direction")
    list_select_related = ("period",)


@admin.register(RatingOverride)
class RatingOverrideAdmin(ReadOnly):
    list_display = ("target", "period", "rating", "computed_rating", "overridden_by_name")
    list_filter = ("rating",)
    search_fields = ("reason", "overridden_by_name")
