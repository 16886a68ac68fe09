from django.contrib import admin

from localperf.organisations.models import Organisation
from localperf.web.history_admin import HistoryAdmin


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "area", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "slug", "register_code"]
    raw_id_fields = ["area"]
