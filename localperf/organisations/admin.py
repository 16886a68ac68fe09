from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localperf.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "slug", "register_code"]
    raw_id_fields = ["area"]
