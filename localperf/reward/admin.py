"""The reward rule sets are configuration: changed in the admin, with history read but
never reverted."""

from django.contrib import admin

from localperf.reward.models import LockdownException, RewardRuleSet
from localperf.web.history_admin import HistoryAdmin


@admin.register(RewardRuleSet)
class RewardRuleSetAdmin(HistoryAdmin):
    list_display = ["name", "version", "kind", "floor_percent", "cap_percent", "unverified"]


@admin.register(LockdownException)
class LockdownExceptionAdmin(HistoryAdmin):
    list_display = ["target", "reason", "recorded_at"]
