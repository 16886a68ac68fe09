"""Read-only admin for observations and imports (figures change only through imports and
corrections, which keep their history); the per-indicator data rules are editable."""

from django.contrib import admin

from localperf.observations.models import (
    ImportBatch,
    IndicatorRules,
    Observation,
    ReportingPeriod,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["id", "measure", "area", "period", "population_group", "value", "status"]
    list_filter = ["is_current", "status"]
    list_select_related = ["measure__indicator", "area", "period", "population_group"]
    raw_id_fields = ["supersedes", "import_batch"]
    show_full_result_count = False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["id", "file_name", "created_by", "created_at", "status", "row_count"]
    list_filter = ["status", "way_in", "file_format"]
    exclude = ["planned_versions"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["label", "kind", "start", "end"]
    list_filter = ["kind"]


@admin.register(IndicatorRules)
class IndicatorRulesAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_kinds", "area_types"]
    autocomplete_fields = ["indicator"]
