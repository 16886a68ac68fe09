from django.contrib import admin

from localperf.indicators.models import DefinitionVersion, Indicator, Measure
from localperf.web.history_admin import HistoryAdmin


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


class DefinitionVersionInline(admin.TabularInline):
    model = DefinitionVersion
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["code", "title", "theme", "department", "survey", "polarity", "status"]
    list_filter = ["kind", "status", "theme", "polarity", "statutory_education", "first_year"]
    search_fields = ["code", "title", "department", "survey"]
    inlines = [MeasureInline, DefinitionVersionInline]
    history_list_display = ["title", "department", "survey", "polarity", "unit"]


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["indicator", "part", "title", "unit", "polarity"]
    search_fields = ["indicator__code", "title"]
    list_select_related = ["indicator"]


@admin.register(DefinitionVersion)
class DefinitionVersionAdmin(HistoryAdmin):
    list_display = ["indicator", "version", "effective_from", "effective_to", "breaks_comparison"]
    list_select_related = ["indicator"]
