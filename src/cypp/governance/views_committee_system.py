"""The committee system page of a partnership (issue 18, part 4): the council's ModernGov
address, which committee each board is, "Sync now", the items with decisions to review,
and the history of syncs. Its administrators change the address and the boards' committees;
its analysts and administrators see the page, start a sync and review the decisions.

The council's list of committees is asked for only when an administrator asks for it (a
link), so the page never waits on the council's server; when the council does not answer,
the committee's id is typed instead."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError
from cypp.forms.dates import GovukDateField
from cypp.governance.models import AgendaItem, Body, CommitteeSync, CommitteeSystem
from cypp.governance.permissions import officer_required, partnership_readable


class AddressForm(forms.Form):
    address = forms.CharField(
        max_length=200,
        label="Address of the council's committee system",
        help_text="The ModernGov site where the council publishes its meetings, for example "
        "https://democracy.yourcouncil.gov.uk/",
    )


class SyncForm(forms.Form):
    """The dates a sync reads; both may be left empty for 90 days either side of today."""

    date_from = GovukDateField(
        label="From",
        required=False,
        help_text="For example, 1 6 2019. Leave empty for 90 days ago.",
    )
    date_to = GovukDateField(
        label="To",
        required=False,
        help_text="Leave empty for 90 days ahead.",
    )


class CommitteeForm(forms.Form):
    """One board's committee: chosen from the council's list when it answered, else typed."""

    committee = forms.CharField(required=False, max_length=12)

    def __init__(self, *args: Any, body: Body, offered: list[tuple[str, str]] | None, **kw: Any):
        kw["prefix"] = f"body-{body.pk}"
        super().__init__(*args, **kw)
        field = self.fields["committee"]
        if offered is not None:
            self.fields["committee"] = forms.ChoiceField(
                required=False,
                choices=[("", "Not from the committee system"), *offered],
                label=f"Committee of {body.name}",
            )
        else:
            field.label = f"Committee id of {body.name}"
            field.help_text = (
                "The number after ID= in the address of the committee's page on the council's "
                "site; leave it empty if its meetings are not in the committee system"
            )
            field.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-5"})

    def clean_committee(self) -> int | None:
        value = (self.cleaned_data.get("committee") or "").strip()
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            raise forms.ValidationError("Enter the committee's id as a whole number, like 599")
        return int(value)


def _is_administrator(user: Any, partnership: Partnership) -> bool:
    return bool(user.has_perm("accounts.manage_roles", partnership))


def _page_url(partnership: Partnership) -> str:
    return reverse("governance:committee-system", args=[partnership.key])


def _officers_partnership(request: HttpRequest, key: str) -> Partnership:
    partnership = partnership_readable(request.user, key)
    officer_required(request.user, partnership.pk)
    return partnership


def _offered(partnership: Partnership) -> tuple[list[tuple[str, str]] | None, str]:
    """The council's committees as choices, or None and the reason in words."""
    from cypp.governance.selectors import committees_offered

    try:
        committees = committees_offered(partnership)
    except ApplicationError as error:
        return None, str(error)
    return [
        (str(c.id), f"{c.title} ({c.id}{', no longer meets' if c.expired else ''})")
        for c in committees
    ], ""


def _committee_forms(
    bodies: list[Body], offered: list[tuple[str, str]] | None, data: Any = None
) -> list[tuple[Body, CommitteeForm]]:
    result = []
    for body in bodies:
        choices = offered
        if offered is not None and body.committee_id:
            known = {value for value, _ in offered}
            if str(body.committee_id) not in known:  # keep a board's committee choosable
                choices = [*offered, (str(body.committee_id), f"Committee {body.committee_id}")]
        form = CommitteeForm(
            data,
            body=body,
            offered=choices,
            initial={"committee": str(body.committee_id or "")},
        )
        result.append((body, form))
    return result


def _render(
    request: HttpRequest,
    partnership: Partnership,
    *,
    address_form: AddressForm | None = None,
    committee_forms: list[tuple[Body, CommitteeForm]] | None = None,
    sync_form: SyncForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    system = CommitteeSystem.objects.filter(partnership=partnership).first()
    administrator = _is_administrator(request.user, partnership)
    bodies = list(Body.objects.filter(partnership=partnership).order_by("order", "name"))
    offered, unanswered = None, ""
    if administrator and system is not None and request.GET.get("committees") == "council":
        offered, unanswered = _offered(partnership)
    to_review = list(
        AgendaItem.objects.filter(
            meeting__body__partnership=partnership, review=AgendaItem.Review.TO_REVIEW
        )
        .select_related("meeting__body")
        .order_by("meeting__date", "meeting__body__name", "order", "id")
    )
    syncs = list(CommitteeSync.objects.filter(partnership=partnership).select_related("by")[:20])
    return render(
        request,
        "governance/committee_system.html",
        {
            "partnership": partnership,
            "system": system,
            "administrator": administrator,
            "address_form": address_form
            or AddressForm(initial={"address": system.address if system else ""}),
            "committee_forms": committee_forms or _committee_forms(bodies, offered),
            "offered": offered is not None,
            "unanswered": unanswered,
            "to_review": to_review,
            "sync_form": sync_form or SyncForm(),
            "syncs": syncs,
            "problems": problems or [],
        },
        status=status,
    )


@login_required
def committee_system_page(request: HttpRequest, partnership: str) -> HttpResponse:
    p = _officers_partnership(request, partnership)
    if request.method != "POST":
        return _render(request, p)
    if not _is_administrator(request.user, p):
        raise PermissionDenied
    from cypp.governance.services.committee_sync import committee_system_set

    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            committee_system_set(
                by=request.user, partnership=p, address=form.cleaned_data["address"]
            )
        except ApplicationError as error:
            form.add_error("address", str(error))
        else:
            messages.success(request, "The address of the council's committee system is saved.")
            return redirect(_page_url(p))
    return _render(request, p, address_form=form, status=400)


@login_required
@require_POST
def board_committee(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    p = _officers_partnership(request, partnership)
    if not _is_administrator(request.user, p):
        raise PermissionDenied
    board = get_object_or_404(Body, partnership=p, key=body)
    from cypp.governance.services.committee_sync import body_committee_set

    # The choice comes back as it was offered; only the posted board's form is read.
    form = CommitteeForm(request.POST, body=board, offered=None)
    if form.is_valid():
        try:
            body_committee_set(
                by=request.user, body=board, committee_id=form.cleaned_data["committee"]
            )
        except ApplicationError as error:
            form.add_error("committee", str(error))
        else:
            messages.success(request, f"The committee of {board.name} is saved.")
            return redirect(_page_url(p) + "#boards")
    bodies = list(Body.objects.filter(partnership=p).order_by("order", "name"))
    forms_now = [(b, form if b.pk == board.pk else f) for b, f in _committee_forms(bodies, None)]
    return _render(request, p, committee_forms=forms_now, status=400)


@login_required
@require_POST
def sync_now(request: HttpRequest, partnership: str) -> HttpResponse:
    p = _officers_partnership(request, partnership)
    system = CommitteeSystem.objects.filter(partnership=p).first()
    problems = []
    if system is None:
        problems.append("Enter the address of the council's committee system before a sync")
    elif not Body.objects.filter(partnership=p, committee_id__isnull=False).exists():
        problems.append("Choose the committee of at least one board before a sync")
    form = SyncForm(request.POST)
    if not form.is_valid():
        problems += [
            f"{form.fields[name].label}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
    if problems:
        return _render(request, p, sync_form=form, problems=problems, status=400)
    from cypp.governance.services.committee_sync import committee_sync_request

    try:
        # Enqueued after the commit, like every side effect; the sync's row appears when
        # the worker starts it.
        committee_sync_request(
            by=request.user,
            partnership=p,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    except ApplicationError as error:
        return _render(request, p, sync_form=form, problems=[str(error)], status=400)
    messages.success(
        request,
        "The sync has started. It reads the council's meetings in the background: come back "
        "to this page to see what it made, under Syncs.",
    )
    return redirect(_page_url(p) + "#syncs")
