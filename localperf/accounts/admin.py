from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from localperf.accounts.models import User


@admin.register(User)
class LocalperfUserAdmin(UserAdmin):
    list_display = ["username", "email", "organisation", "role", "is_staff"]
    list_filter = ["role", "is_staff", "is_active"]
    raw_id_fields = ["organisation"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Organisation and role", {"fields": ["organisation", "role"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Organisation and role", {"fields": ["organisation", "role"]}),
    ]
