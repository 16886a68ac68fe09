from django.contrib import admin

from localperf.places.models import Area, PopulationGroup
from localperf.web.history_admin import HistoryAdmin


@admin.register(Area)
class AreaAdmin(HistoryAdmin):
    list_display = ["code", "ons_code", "name", "area_type", "upper_tier", "valid_to"]
    list_filter = ["area_type", "upper_tier", "region"]
    search_fields = ["code", "gss_code", "ons_code", "name"]
    raw_id_fields = ["region", "parent"]
    filter_horizontal = ["members", "successors"]


@admin.register(PopulationGroup)
class PopulationGroupAdmin(HistoryAdmin):
    list_display = ["dimension", "code", "label"]
    list_filter = ["dimension"]
