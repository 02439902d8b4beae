"""The plan's deleted items: what plan files and edits deleted, kept whole, with a button
to bring each back (its commentary, figures and decisions with it). For the partnership's
analysts and administrators, who may change the plan's structure (``plans.change_plan``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cypp.plans.deleted_items import (
    RestoreRefused,
    carried_words,
    deleted_item_restore,
    deleted_items_list,
)
from cypp.plans.models import DeletedItem, Plan
from cypp.plans.permissions import can_edit_plan, plan_readable


def _editable(request: HttpRequest, key: str) -> Plan:
    plan = plan_readable(request.user, key)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
def deleted_items_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = _editable(request, key)
    items = [(item, carried_words(item.carried)) for item in deleted_items_list(plan=plan)]
    return render(
        request,
        "plans/deleted_items.html",
        {
            "plan": plan,
            "items": items,
            "restored": request.GET.get("restored", ""),
            "refused": request.session.pop("deleted_item_refused", ""),
        },
    )


@login_required
@require_POST
def deleted_item_restore_view(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    plan = _editable(request, key)
    item = get_object_or_404(DeletedItem, plan=plan, pk=pk)
    url = reverse("plans:deleted", args=[plan.key])
    try:
        deleted_item_restore(item=item, by=request.user)
    except RestoreRefused as error:
        request.session["deleted_item_refused"] = str(error)
        return redirect(url)
    return redirect(f"{url}?restored={item.pk}")
