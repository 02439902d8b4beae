"""A partnership's comparator groups: list, create, edit and delete, for its analysts and
administrators (anyone with a role in it sees the list, as the groups are offered to them in
the explorer's "Compare with")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cypp.accounts.models import Partnership
from cypp.geography.models import Area, AreaType
from cypp.reports.comparator_groups import (
    ComparatorGroupError,
    can_manage_groups,
    comparator_group_create,
    comparator_group_delete,
    comparator_group_edit,
    comparator_groups_of,
    group_choice_key,
)
from cypp.reports.models import ComparatorGroup


class ComparatorGroupForm(forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=120,
        help_text="For example “Our regional family” or “Councils with a similar care population”.",
    )
    members = forms.MultipleChoiceField(
        label="Local authorities in the group",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one local authority for the group."},
    )

    def __init__(self, data: Any = None, *, initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        self.authorities = list(
            Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False)
            .select_related("region")
            .order_by("region__name", "name")
        )
        members = self.fields["members"]
        assert isinstance(members, forms.MultipleChoiceField)
        members.choices = [(a.code, a.name) for a in self.authorities]

    def regions(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """Authorities by region, each with whether it is ticked, for the checkboxes."""
        chosen = set(self["members"].value() or [])
        grouped: dict[str, list[tuple[str, str, bool]]] = {}
        for a in self.authorities:
            region = a.region.name if a.region else "Other"
            grouped.setdefault(region, []).append((a.code, a.name, a.code in chosen))
        return list(grouped.items())


def _partnership_read(request: HttpRequest, key: str) -> Partnership:
    """The partnership, for someone with a role in it; 404 when there is none, 403 when
    it is not theirs."""
    partnership = get_object_or_404(Partnership, key=key)
    if not request.user.has_perm("reports.view_comparator_groups", partnership):
        raise PermissionDenied
    return partnership


def _partnership_managed(request: HttpRequest, key: str) -> Partnership:
    partnership = _partnership_read(request, key)
    if not can_manage_groups(request.user, partnership):
        raise PermissionDenied
    return partnership


def _group_of(partnership: Partnership, group_id: int) -> ComparatorGroup:
    return get_object_or_404(ComparatorGroup, pk=group_id, partnership=partnership)


def _list_url(partnership: Partnership) -> str:
    return reverse("evidence:comparator-groups", kwargs={"partnership": partnership.key})


@login_required
@require_GET
def comparator_groups(request: HttpRequest, partnership: str) -> HttpResponse:
    """The partnership's groups, each with its members and a link to compare with it."""
    found = _partnership_read(request, partnership)
    groups = [(g, group_choice_key(g)) for g in comparator_groups_of(partnership=found)]
    return render(
        request,
        "reports/comparator_groups.html",
        {
            "partnership": found,
            "groups": groups,
            "can_manage": can_manage_groups(request.user, found),
        },
    )


def _form_page(
    request: HttpRequest, partnership: Partnership, group: ComparatorGroup | None
) -> HttpResponse:
    initial = (
        {"name": group.name, "members": [a.code for a in group.members.all()]}
        if group is not None
        else None
    )
    form = ComparatorGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if group is None:
                comparator_group_create(
                    partnership=partnership,
                    name=data["name"],
                    member_codes=list(data["members"]),
                    by=request.user,
                )
            else:
                comparator_group_edit(
                    group=group,
                    name=data["name"],
                    member_codes=list(data["members"]),
                    by=request.user,
                )
        except ComparatorGroupError as error:
            form.add_error("name", str(error))
        else:
            return redirect(_list_url(partnership))
    return render(
        request,
        "reports/comparator_group_form.html",
        {"partnership": partnership, "group": group, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def comparator_group_create_page(request: HttpRequest, partnership: str) -> HttpResponse:
    return _form_page(request, _partnership_managed(request, partnership), None)


@login_required
@require_http_methods(["GET", "POST"])
def comparator_group_edit_page(
    request: HttpRequest, partnership: str, group_id: int
) -> HttpResponse:
    found = _partnership_managed(request, partnership)
    return _form_page(request, found, _group_of(found, group_id))


@login_required
@require_http_methods(["GET", "POST"])
def comparator_group_delete_page(
    request: HttpRequest, partnership: str, group_id: int
) -> HttpResponse:
    found = _partnership_managed(request, partnership)
    group = _group_of(found, group_id)
    if request.method == "POST":
        comparator_group_delete(group=group, by=request.user)
        return redirect(_list_url(found))
    return render(
        request,
        "reports/comparator_group_delete.html",
        {"partnership": found, "group": group, "cancel": _list_url(found)},
    )
