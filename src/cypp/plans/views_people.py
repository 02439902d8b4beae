"""A partnership's people, for its administrators: who has which role, inviting someone,
changing a role or an organisation, taking a role away. Every change goes through the
accounts services, which record it in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from cypp.accounts.forms_people import InviteForm, PeopleFilterForm, PersonChangeForm
from cypp.accounts.models import Partnership, PartnershipRole, Person
from cypp.accounts.selectors import partnership_people, two_factor_status
from cypp.accounts.services import (
    AccountsError,
    partnership_role_remove,
    partnership_role_set,
    person_invite,
    person_save,
)
from cypp.plans.selectors import partnership_organisations


def partnership_managed(request: HttpRequest, key: str) -> Partnership:
    """The partnership, if this person administers it (or is a superuser); else 403.

    A missing partnership is a 404; one that exists but is not theirs is a 403, which says
    no more than its public plans list does."""
    partnership = get_object_or_404(Partnership, key=key)
    if not request.user.has_perm("accounts.manage_roles", partnership):
        raise PermissionDenied
    return partnership


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One line of the people page."""

    role: PartnershipRole
    person: Person | None
    two_factor: bool | None

    @property
    def name(self) -> str:
        return (self.person.display_name if self.person else "") or self.role.user.get_username()


def _person(user: Any) -> Person | None:
    try:
        person: Person = user.person
    except Person.DoesNotExist:
        return None
    return person


@login_required
def people_list(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = partnership_managed(request, partnership)
    organisations = partnership_organisations(partnership_id=the_partnership.pk)
    form = PeopleFilterForm(request.GET or None, organisations=organisations)
    role, organisation = "", None
    if form.is_valid():
        role = form.cleaned_data["role"] or ""
        organisation = form.cleaned_data["organisation"]
    roles = partnership_people(
        partnership_id=the_partnership.pk,
        role=role,
        organisation_id=organisation.pk if organisation else None,
    )
    two_factor = two_factor_status(user_ids=[r.user_id for r in roles])
    rows = [PersonRow(r, _person(r.user), two_factor[r.user_id]) for r in roles]
    return render(
        request,
        "accounts/people_list.html",
        {
            "partnership": the_partnership,
            "form": form,
            "rows": rows,
            "filtered": bool(role or organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def people_invite(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = partnership_managed(request, partnership)
    form = InviteForm(
        request.POST or None,
        organisations=partnership_organisations(partnership_id=the_partnership.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = person_invite(
                by=request.user,
                partnership=the_partnership,
                email=data["email"],
                name=data["name"],
                organisation=data["organisation"],
                role=data["role"],
                # The configured address, as reminders use: never the Host header of the request.
                link_base=str(settings.SITE_URL),
            )
        except AccountsError as error:
            form.add_error(None, str(error))
        else:
            who = invitation.user.get_username()
            messages.success(
                request,
                f"{who} is invited: they have been sent a link to set their password."
                if invitation.created
                else f"{who} already had an account and now has the role.",
            )
            return redirect("accounts_admin:people", partnership=the_partnership.key)
    return render(
        request, "accounts/people_invite.html", {"partnership": the_partnership, "form": form}
    )


def _role_held(partnership: Partnership, user_id: int) -> PartnershipRole:
    role = (
        PartnershipRole.objects.filter(partnership=partnership, user_id=user_id)
        .select_related("user", "user__person", "user__person__organisation")
        .first()
    )
    if role is None:
        raise Http404("This person has no role in this partnership")
    return role


@login_required
@require_http_methods(["GET", "POST"])
def people_change(request: HttpRequest, partnership: str, user_id: int) -> HttpResponse:
    the_partnership = partnership_managed(request, partnership)
    held = _role_held(the_partnership, user_id)
    person = _person(held.user)
    form = PersonChangeForm(
        request.POST or None,
        organisations=partnership_organisations(partnership_id=the_partnership.pk),
        initial={"role": held.role, "organisation": person.organisation if person else None},
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            # One change on the page, one transaction: a refused role leaves the
            # organisation as it was too.
            with transaction.atomic():
                partnership_role_set(
                    by=request.user,
                    user=held.user,
                    partnership=the_partnership,
                    role=form.cleaned_data["role"],
                )
                if (person.organisation if person else None) != organisation:
                    person_save(
                        by=request.user,
                        user=held.user,
                        organisation=organisation,
                        display_name=person.display_name if person else "",
                    )
        except AccountsError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, f"{_name(held)}’s role and organisation are saved.")
            return redirect("accounts_admin:people", partnership=the_partnership.key)
    return render(
        request,
        "accounts/people_change.html",
        {"partnership": the_partnership, "form": form, "held": held, "name": _name(held)},
    )


def _name(held: PartnershipRole) -> str:
    person = _person(held.user)
    return (person.display_name if person else "") or held.user.get_username()


@login_required
@require_http_methods(["GET", "POST"])
def people_remove(request: HttpRequest, partnership: str, user_id: int) -> HttpResponse:
    the_partnership = partnership_managed(request, partnership)
    held = _role_held(the_partnership, user_id)
    error = ""
    if request.method == "POST":
        try:
            partnership_role_remove(by=request.user, user=held.user, partnership=the_partnership)
        except AccountsError as refused:
            error = str(refused)
        else:
            messages.success(
                request, f"{_name(held)} no longer has a role in {the_partnership.name}."
            )
            return redirect("accounts_admin:people", partnership=the_partnership.key)
    return render(
        request,
        "accounts/people_remove.html",
        {"partnership": the_partnership, "held": held, "name": _name(held), "error": error},
        status=400 if error else 200,
    )


class InvitationAccept(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the new person sets their password, once."""

    template_name = "accounts/people_set_password.html"
    success_url = reverse_lazy("accounts_admin:invitation-done")
    post_reset_login = False


class InvitationDone(auth_views.PasswordResetCompleteView):
    template_name = "accounts/people_set_password_done.html"
