"""Staff set the timetable here; every change is kept (the History button). The
under-performance steps are append-only: the admin shows them and changes nothing."""

from django.contrib import admin

from localperf.reviews.models import CycleYear, Milestone, UnderPerformanceStep
from localperf.web.history_admin import HistoryAdmin


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    fields = ["kind", "title", "starts_on", "due_on", "responsible", "source"]
    show_change_link = True


@admin.register(CycleYear)
class CycleYearAdmin(HistoryAdmin):
    list_display = ["name", "first_year"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["label", "due_on", "starts_on", "responsible", "cycle"]
    list_filter = ["cycle", "kind", "responsible"]
    search_fields = ["title", "source"]


@admin.register(UnderPerformanceStep)
class UnderPerformanceStepAdmin(admin.ModelAdmin):
    list_display = ["agreement", "step", "target", "taken_on", "recorded_by_name"]
    list_filter = ["step", "agreement__area__region"]
    readonly_fields = [f.name for f in UnderPerformanceStep._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
