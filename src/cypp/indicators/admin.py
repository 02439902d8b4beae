"""Admin: reading the refresh schedules. They are added and removed with ``cypp data
schedule`` (whose service records who did it); the admin only shows how each last ran."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cypp.indicators.models import RefreshSchedule


@admin.register(RefreshSchedule)
class RefreshScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "api", "every_hours", "enabled", "last_run_at", "last_result")
    list_filter = ("api", "enabled")
    readonly_fields = ("queued_at", "last_run_at", "last_batch", "last_result", "last_error")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
