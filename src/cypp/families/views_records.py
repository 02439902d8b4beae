"""Family records (for those allowed to see the family, and nobody else), evidence entry and
withdrawal, the log of who viewed which record, and early help roles.

A family the person may not see is a 404, the same answer as for a reference that does not
exist, so a page never says whether a family is there. Every view of a record is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cypp.accounts.models import Partnership, PartnershipRole
from cypp.errors import ApplicationError
from cypp.families import access
from cypp.families.evaluation import framework_of
from cypp.families.forms_records import EvidenceForm, RoleGiveForm, ViewsFilterForm, WithdrawForm
from cypp.families.models import EarlyHelpRole, Evidence, Family
from cypp.families.selectors_records import (
    early_help_roles,
    evidence_type_words,
    extract_agencies,
    family_members,
    family_record,
    family_viewers,
    family_views,
    framework_evidence_types,
    person_name,
)
from cypp.families.services_records import (
    early_help_role_give,
    early_help_role_remove,
    evidence_record,
    evidence_withdraw,
    family_view_record,
)

PER_PAGE = 50
NOT_FOUND = "Page not found"  # the same words whether the family exists or not


def _partnership(key: str) -> Partnership:
    found = Partnership.objects.filter(key=key).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _family(request: HttpRequest, partnership: str, reference: str) -> Family:
    """The family, if this person may see its record; otherwise a 404 whether it exists
    or not."""
    the_partnership = _partnership(partnership)
    family = (
        access.families_visible(request.user, the_partnership)
        .filter(reference=reference)
        .select_related("partnership", "lead_professional")
        .first()
    )
    if family is None:
        raise Http404(NOT_FOUND)
    return family


@login_required
@require_http_methods(["GET"])
def family_page(request: HttpRequest, partnership: str, reference: str) -> HttpResponse:
    family = _family(request, partnership, reference)
    record = family_record(family, as_at=timezone.localdate())
    family_view_record(family, by=request.user, what="family record")
    return render(
        request,
        "families/record_family.html",
        {
            "partnership": family.partnership,
            "family": family,
            "record": record,
            "may_add": access.evidence_addable(request.user, family),
        },
    )


def _evidence_addable(request: HttpRequest, partnership: str, reference: str) -> Family:
    family = _family(request, partnership, reference)
    if not access.evidence_addable(request.user, family):
        raise PermissionDenied
    return family


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, partnership: str, reference: str) -> HttpResponse:
    family = _evidence_addable(request, partnership, reference)
    try:
        framework = framework_of(family.partnership)
    except ApplicationError as error:
        return render(
            request,
            "families/record_no_framework.html",
            {"partnership": family.partnership, "family": family, "message": error.message},
        )
    outcomes = list(framework.outcomes.order_by("order", "code").values_list("code", "label"))
    form = EvidenceForm(
        request.POST or None,
        outcomes=outcomes,
        types=framework_evidence_types(framework),
        members=family_members(family),
        document=framework.document,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence_record(
                family,
                by=request.user,
                outcome_code=data["outcome_code"],
                evidence_type=data["evidence_type"],
                date=data["date"],
                value=data["value"],
                source=data["source"],
                note=data["note"],
                member=data["member"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The evidence is recorded.")
            return redirect("families:family", partnership=partnership, reference=reference)
    return render(
        request,
        "families/record_evidence_add.html",
        {"partnership": family.partnership, "family": family, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_withdraw_page(
    request: HttpRequest, partnership: str, reference: str, evidence_id: int
) -> HttpResponse:
    family = _evidence_addable(request, partnership, reference)
    evidence = get_object_or_404(Evidence, pk=evidence_id, family=family)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_withdraw(evidence, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, "The evidence is withdrawn: it no longer counts.")
            return redirect("families:family", partnership=partnership, reference=reference)
    return render(
        request,
        "families/record_evidence_withdraw.html",
        {
            "partnership": family.partnership,
            "family": family,
            "evidence": evidence,
            "type_words": evidence_type_words(
                evidence.evidence_type, framework_of(family.partnership).document
            ),
            "form": form,
        },
    )


def _administered(request: HttpRequest, key: str, check: Any) -> Partnership:
    the_partnership = _partnership(key)
    if not check(request.user, the_partnership):
        raise PermissionDenied
    return the_partnership


@login_required
@require_http_methods(["GET"])
def views_log(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = _administered(request, partnership, access.log_readable)
    form = ViewsFilterForm(request.GET or None, viewers=family_viewers(the_partnership))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {
            "user_id": form.cleaned_data["person"],
            "since": form.cleaned_data["since"],
            "until": form.cleaned_data["until"],
        }
    views = family_views(the_partnership, **filters)
    page = Paginator(views, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/views_log.html",
        {
            "partnership": the_partnership,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(any(v is not None for v in filters.values())),
        },
    )


@login_required
@require_http_methods(["GET"])
def roles_page(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = _administered(request, partnership, access.roles_manageable)
    return render(
        request,
        "families/roles_list.html",
        {
            "partnership": the_partnership,
            "roles": [(role, person_name(role.user)) for role in early_help_roles(the_partnership)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_give(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = _administered(request, partnership, access.roles_manageable)
    held = (
        PartnershipRole.objects.filter(partnership=the_partnership)
        .select_related("user", "user__person")
        .order_by("user__username")
    )
    people = {role.user_id: role.user for role in held}
    form = RoleGiveForm(
        request.POST or None,
        people=sorted(
            ((pk, person_name(user)) for pk, user in people.items()), key=lambda p: p[1].lower()
        ),
        agencies=extract_agencies(the_partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = people[data["user"]]
        try:
            role = early_help_role_give(
                by=request.user,
                partnership=the_partnership,
                user=user,
                kind=data["kind"],
                professional_id=data["professional_id"],
                agency=data["agency"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"{person_name(user)} is now {role.get_kind_display().lower()}"
                + (f" for {role.agency}" if role.agency else "")
                + ".",
            )
            return redirect("families:roles", partnership=the_partnership.key)
    return render(
        request,
        "families/roles_give.html",
        {"partnership": the_partnership, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_remove(request: HttpRequest, partnership: str, role_id: int) -> HttpResponse:
    the_partnership = _administered(request, partnership, access.roles_manageable)
    role = get_object_or_404(
        EarlyHelpRole.objects.select_related("user", "user__person", "professional"),
        pk=role_id,
        partnership=the_partnership,
    )
    name = person_name(role.user)
    error = ""
    if request.method == "POST":
        try:
            early_help_role_remove(by=request.user, role=role)
        except ApplicationError as refused:
            error = refused.message
        else:
            messages.success(request, f"{name} no longer has an early help role.")
            return redirect("families:roles", partnership=the_partnership.key)
    return render(
        request,
        "families/roles_remove.html",
        {"partnership": the_partnership, "role": role, "name": name, "error": error},
    )
