"""Plan pages: the list, one plan, its history, and forms to edit every part of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cypp.plans import forms
from cypp.plans.measurability import plan_measurability
from cypp.plans.models import (
    BudgetLine,
    Commitment,
    CommitmentMilestone,
    DeliveryPrinciple,
    Measure,
    MeasureValue,
    Milestone,
    Outcome,
    Plan,
    Priority,
    ProgressNote,
    StrategyLink,
    Subgroup,
)
from cypp.plans.permissions import can_edit_part, can_edit_plan, can_view_plan, plan_readable
from cypp.plans.selectors import figures_withheld, plan_detail, plans_list
from cypp.plans.services import audited_fields, plan_part_delete, plan_part_save


@dataclass(frozen=True)
class Part:
    """One kind of plan part: its model, form, the parent it is added to, and its name."""

    model: type[Model]
    form: type[Any]  # a ModelForm taking its parent as a keyword
    name: str
    parent: str | None  # None: added to the plan itself; else the parent part's URL name
    plan_path: str = "plan"  # how a part reaches its plan in a query
    title_field: str = "title"
    extra_audit: tuple[str, ...] = ()

    def queryset(self, plan: Plan) -> QuerySet[Any]:
        return self.model._default_manager.filter(**{self.plan_path: plan})


PARTS: dict[str, Part] = {
    "priorities": Part(Priority, forms.PriorityForm, "priority", None),
    "outcomes": Part(Outcome, forms.OutcomeForm, "outcome", "priorities", "priority__plan"),
    "measures": Part(
        Measure,
        forms.MeasureForm,
        "measure",
        "outcomes",
        "outcome__priority__plan",
        extra_audit=("indicator", "area"),
    ),
    "commitments": Part(Commitment, forms.CommitmentForm, "commitment", None),
    "budget": Part(BudgetLine, forms.BudgetLineForm, "budget line", None),
    "principles": Part(
        DeliveryPrinciple,
        forms.DeliveryPrincipleForm,
        "delivery principle",
        None,
        title_field="text",
    ),
    "strategies": Part(StrategyLink, forms.StrategyLinkForm, "strategy link", None),
    "subgroups": Part(Subgroup, forms.SubgroupForm, "subgroup", None, title_field="name"),
    "milestones": Part(
        Milestone, forms.MilestoneForm, "milestone", "measures", "measure__outcome__priority__plan"
    ),
    "values": Part(
        MeasureValue,
        forms.MeasureValueForm,
        "local figure",
        "measures",
        "measure__outcome__priority__plan",
    ),
    "commitment-milestones": Part(
        CommitmentMilestone,
        forms.CommitmentMilestoneForm,
        "commitment milestone",
        "commitments",
        "commitment__plan",
    ),
    "notes": Part(
        ProgressNote, forms.ProgressNoteForm, "progress note", "commitments", "commitment__plan"
    ),
}
# The keyword each form takes for the thing a new part is added to.
_PARENT_KWARG = {
    None: "plan",
    "priorities": "priority",
    "outcomes": "outcome",
    "measures": "measure",
    "commitments": "commitment",
}


def _editable(request: HttpRequest, key: str) -> Plan:
    plan = plan_readable(request.user, key)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = [p for p in plans_list() if can_view_plan(request.user, p)]
    return render(request, "plans/plan_list.html", {"plans": plans})


def plan_page(request: HttpRequest, key: str) -> HttpResponse:
    plan_readable(request.user, key)
    plan = plan_detail(key=key)
    # Each Change link shows only where the person may use it: one check per measure and
    # commitment, from the roles read once for the request (no query per part).
    measures = [
        m for p in plan.priorities.all() for o in p.outcomes.all() for m in o.measures.all()
    ]
    editable_measures = {m.pk for m in measures if can_edit_part(request.user, plan, m)}
    context = {
        "plan": plan,
        "can_edit": can_edit_plan(request.user, plan),
        "editable_measures": editable_measures,
        # A public plan's page is published: local small numbers are "c" for every reader
        # but those who enter the measure's figures (they are told which would be).
        "withheld": figures_withheld(measures=measures),
        "editable_commitments": {
            c.pk for c in plan.commitments.all() if can_edit_part(request.user, plan, c)
        },
        "measurability": plan_measurability(plan=plan),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_edit(request: HttpRequest, key: str) -> HttpResponse:
    plan = _editable(request, key)
    form = forms.PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan_part_save(
            by=request.user, plan=plan, instance=form.save(commit=False), fields=list(form.fields)
        )
        return redirect("plans:plan", key=plan.key)
    return render(
        request,
        "plans/part_form.html",
        {
            "plan": plan,
            "form": form,
            "heading": f"Change the plan: {plan.title}",
            "cancel": _plan_url(plan),
        },
    )


@login_required
def part_add(
    request: HttpRequest, key: str, part: str, parent_pk: int | None = None
) -> HttpResponse:
    plan = plan_readable(request.user, key)
    spec = _part(part)
    if (spec.parent is None) != (parent_pk is None):
        raise Http404("This part is not added there")
    parent: Model = (
        plan
        if spec.parent is None
        else get_object_or_404(PARTS[spec.parent].queryset(plan), pk=parent_pk)
    )
    # Adding to the plan, a priority or an outcome is structure; adding a milestone, figure or
    # progress note is changing the measure or commitment it belongs to.
    if not can_edit_part(request.user, plan, parent):
        raise PermissionDenied
    instance = spec.model(**{_PARENT_KWARG[spec.parent]: parent})
    form = spec.form(
        request.POST or None, instance=instance, **{_PARENT_KWARG[spec.parent]: parent}
    )
    if request.method == "POST" and form.is_valid():
        _save(request, plan, spec, form)
        return redirect(_plan_url(plan))
    heading = f"Add a {spec.name}" + ("" if parent is plan else f" to ‘{parent}’")
    return render(
        request,
        "plans/part_form.html",
        {"plan": plan, "form": form, "heading": heading, "cancel": _plan_url(plan)},
    )


@login_required
def part_edit(request: HttpRequest, key: str, part: str, pk: int) -> HttpResponse:
    plan = plan_readable(request.user, key)
    spec = _part(part)
    instance = get_object_or_404(spec.queryset(plan), pk=pk)
    if not can_edit_part(request.user, plan, instance):
        raise PermissionDenied
    edits_structure = can_edit_plan(request.user, plan)
    parent = plan if spec.parent is None else getattr(instance, _PARENT_KWARG[spec.parent])
    form = spec.form(
        request.POST or None, instance=instance, **{_PARENT_KWARG[spec.parent]: parent}
    )
    if not edits_structure and "owner_organisation" in form.fields:
        # A contributor keeps ownership where it is: giving a measure away is structure.
        form.fields["owner_organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        _save(request, plan, spec, form)
        return redirect(_plan_url(plan))
    return render(
        request,
        "plans/part_form.html",
        {
            "plan": plan,
            "form": form,
            "heading": f"Change {spec.name}: {instance}",
            "cancel": _plan_url(plan),
            "delete": (
                reverse("plans:part-delete", args=[plan.key, part, pk]) if edits_structure else None
            ),
        },
    )


@login_required
def part_delete(request: HttpRequest, key: str, part: str, pk: int) -> HttpResponse:
    plan = _editable(request, key)
    spec = _part(part)
    instance = get_object_or_404(spec.queryset(plan), pk=pk)
    if request.method == "POST":
        fields = audited_fields(list(spec.form._meta.fields or []), spec.extra_audit)
        plan_part_delete(by=request.user, plan=plan, instance=instance, fields=fields)
        return redirect(_plan_url(plan))
    return render(
        request,
        "plans/part_delete.html",
        {"plan": plan, "instance": instance, "spec": spec, "cancel": _plan_url(plan)},
    )


def _part(name: str) -> Part:
    if name not in PARTS:
        raise Http404(f"No part {name!r}")
    return PARTS[name]


def _save(request: HttpRequest, plan: Plan, spec: Part, form: Any) -> None:
    instance = form.save(commit=False)
    if hasattr(form, "fill_key"):  # parts listed by key; milestones and notes have none
        form.fill_key(instance, spec.title_field)
    fields = audited_fields(list(form._meta.fields), spec.extra_audit)
    plan_part_save(by=request.user, plan=plan, instance=instance, fields=fields)


def _plan_url(plan: Plan) -> str:
    return reverse("plans:plan", args=[plan.key])
