"""Partner organisations, the partnerships they form, the people who work for them, their
roles in each partnership, and the audit trail of every change a person makes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cypp.geography.models import Area


class Sector(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    POLICE = "police", "Police"
    SCHOOLS = "schools", "Schools"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A partner: the council, an NHS body, the police, schools, a voluntary organisation."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A children and young people's partnership: the organisations that plan together for
    an area. People hold their roles in it; its plans, bodies and comparator groups are
    its own."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="partnerships")
    description = models.TextField(blank=True)
    rating_rules = models.JSONField(
        default=dict,
        blank=True,
        help_text="How measures are rated red, amber or green (see docs/methods.md); "
        "empty for the defaults.",
    )

    class Meta:
        ordering = ["name"]
        # Made in the plans app: moved here (docs/adr/0016-layers.md) with its table, so that
        # the roles below point down a layer; no row was copied.
        db_table = "plans_partnership"

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A signed-in person's profile: the partner organisation they work for.

    One per user (``user.person``). The organisation decides which measures and commitments
    a contributor may edit: those their organisation owns.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    display_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class Role(models.TextChoices):
    """What a person may do in one partnership (see ``cypp.accounts.permissions``)."""

    VIEWER = "viewer", "Viewer"
    CONTRIBUTOR = "contributor", "Contributor"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"


class PartnershipRole(models.Model):
    """A person's one role in one partnership. Changed only through the accounts services,
    which record every change in the audit trail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    # A string reference: cypp.plans imports this module (Organisation), not the reverse.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["partnership", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_role_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display().lower()} in {self.partnership}"


class AuditEvent(models.Model):
    """Who changed what, when, with the values before and after.

    ``context`` names where the change belongs (e.g. ``plan:herefordshire-2015-2018``) so a
    plan's history can be read in one query whatever part of it changed.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        LOAD = "load", "Loaded from a file"
        # Sign-ins (password, two-factor, single sign-on) and refused ones, on the person.
        SIGN_IN = "sign_in", "Signed in"
        REFUSED = "refused", "Sign-in refused"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    user_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    object_repr = models.CharField(max_length=300)
    context = models.CharField(max_length=120, db_index=True, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="field: [before, after]")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} ({self.user_name}, {self.at:%Y-%m-%d %H:%M})"


class ApiToken(models.Model):
    """A person's key to the JSON API (``Authorization: Bearer <secret>``), named by them.

    Only a SHA-256 hash of the secret is kept: the secret is shown once, when it is made, and
    cannot be read again (a secret of 256 random bits needs no slow password hash; the hash
    is what a request is looked up by). ``prefix`` is the secret's start, shown in lists so a
    person can tell their tokens apart. A token acts with its person's roles as they are at
    each request, never more: ``scope`` "read" lets it read what the person may read, "write"
    also lets it send data. Revoked or past its expiry, it opens nothing.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, in your words.")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=16)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"API token '{self.name}' ({self.prefix}…)"
