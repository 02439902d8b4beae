"""Admin: reading governance records. Changes go through the pages (and their services),
which record who changed what; the admin is read-only for that reason."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cypp.governance.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Body,
    BodyRelation,
    Meeting,
    Resolution,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Body)
class BodyAdmin(ReadOnly):
    list_display = ("name", "partnership", "kind")
    list_filter = ("partnership", "kind")


@admin.register(BodyRelation)
class BodyRelationAdmin(ReadOnly):
    list_display = ("from_body", "kind", "to_body")


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("body", "date", "status")
    list_filter = ("status",)


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnly):
    list_display = ("title", "meeting")


@admin.register(Resolution)
class ResolutionAdmin(ReadOnly):
    list_display = ("label", "text", "agenda_item")


@admin.register(Action)
class ActionAdmin(ReadOnly):
    list_display = ("text", "body", "status", "due_date")
    list_filter = ("status",)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnly):
    list_display = ("action", "by_name", "at", "status_after")
