"""The admin's view of a model's history: looked at, never written back.

django-simple-history's admin lets anyone who may view an object POST one of its
historical rows back as the current object ("revert"). That writes every field of the old
row, the read-only ones too, so an approved agreement could be set back to a draft with no
sign-off event (rule L1) and a published change-log entry overwritten (rules L4, L5). Every
admin with history therefore uses this class: the history list and each old version can be
seen, and the revert is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin whose history is read-only: no revert button, and a revert POST is refused."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("An old version is shown here, never written back.")
        return super().history_form_view(request, object_id, version_id, extra_context)
