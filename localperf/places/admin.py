from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localperf.places.models import Area, PopulationGroup


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "ons_code", "name", "area_type", "upper_tier", "valid_to"]
    list_filter = ["area_type", "upper_tier", "region"]
    search_fields = ["code", "gss_code", "ons_code", "name"]
    raw_id_fields = ["region", "parent"]
    filter_horizontal = ["members", "successors"]


@admin.register(PopulationGroup)
class PopulationGroupAdmin(SimpleHistoryAdmin):
    list_display = ["dimension", "code", "label"]
    list_filter = ["dimension"]
