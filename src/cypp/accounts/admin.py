"""Admin for organisations, people and roles. Role and profile changes go through the
services, so a change made here is in the audit trail like any other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cypp.accounts.models import AuditEvent, Organisation, PartnershipRole, Person
from cypp.accounts.services import partnership_role_remove, partnership_role_set, person_save

if TYPE_CHECKING:  # ModelAdmin is generic for the type checker only, not at run time
    OrganisationModelAdmin = admin.ModelAdmin[Organisation]
    PersonModelAdmin = admin.ModelAdmin[Person]
    PartnershipRoleModelAdmin = admin.ModelAdmin[PartnershipRole]
    AuditEventModelAdmin = admin.ModelAdmin[AuditEvent]
else:
    OrganisationModelAdmin = PersonModelAdmin = admin.ModelAdmin
    PartnershipRoleModelAdmin = AuditEventModelAdmin = admin.ModelAdmin


@admin.register(Organisation)
class OrganisationAdmin(OrganisationModelAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(PersonModelAdmin):
    list_display = ["__str__", "user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["display_name", "user__username"]
    list_select_related = ["user", "organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user"] if obj else []

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        saved = person_save(
            by=request.user,
            user=obj.user,
            organisation=obj.organisation,
            display_name=obj.display_name,
        )
        obj.pk = saved.pk


@admin.register(PartnershipRole)
class PartnershipRoleAdmin(PartnershipRoleModelAdmin):
    list_display = ["user", "partnership", "role"]
    list_filter = ["partnership", "role"]
    search_fields = ["user__username"]
    list_select_related = ["user", "partnership"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A role belongs to one person in one partnership; to move it, remove it and add one.
        return ["user", "partnership"] if obj else []

    def save_model(
        self, request: HttpRequest, obj: PartnershipRole, form: Any, change: bool
    ) -> None:
        saved = partnership_role_set(
            by=request.user, user=obj.user, partnership=obj.partnership, role=obj.role
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: PartnershipRole) -> None:
        partnership_role_remove(by=request.user, user=obj.user, partnership=obj.partnership)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PartnershipRole]) -> None:
        for role in queryset.select_related("user", "partnership"):
            self.delete_model(request, role)


@admin.register(AuditEvent)
class AuditEventAdmin(AuditEventModelAdmin):
    """The audit trail is read, never written, here."""

    list_display = ["at", "user_name", "action", "object_type", "object_repr", "context"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "context", "user_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
