"""Claims and their audit, as pages.

- The claims page: the count of claims of each period for anyone who reads the
  partnership's aggregates (exact for early help managers, under the disclosure rule for
  everyone else), and the claim readiness of the families the person may see.
- The audit page of a period: the sample with why each claim was chosen, the auditor of
  each case and the progress, for managers (the cases of their agency's families) and
  auditors (their own cases); everyone else who reads aggregates sees the result's counts.
- A case page: the evidence behind each claimed outcome and the auditor's findings. Only
  its assigned auditor and the managers allowed to see the family open it; each view is
  logged. Anyone else gets the same 404 whether the case exists or not.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cypp.accounts.models import Partnership
from cypp.disclosure import MARK, disclosure_rule
from cypp.errors import ApplicationError, error_message
from cypp.families import access
from cypp.families.claims import (
    AuditResult,
    ClaimsError,
    audit_of,
    audit_result,
    case_missing,
    case_upheld,
    case_visible,
    cases_visible,
    claimed_outcomes,
    claims_by_period,
    financial_year,
    readiness_for,
)
from cypp.families.forms_claims import (
    AuditDrawForm,
    AuditorAssignForm,
    ClaimsMakeForm,
    FindingForm,
)
from cypp.families.models import Audit, AuditCase
from cypp.families.services_claims import (
    audit_complete,
    audit_draw,
    auditor_assign,
    claims_make,
    finding_record,
)
from cypp.families.services_records import family_view_record
from cypp.families.summary import financial_year_of

NOT_FOUND = "Page not found"  # the same words whether the thing exists or not


def _partnership(request: HttpRequest, key: str) -> Partnership:
    """The partnership, for anyone who reads its aggregates; a 404 for anyone else."""
    found = Partnership.objects.filter(key=key).first()
    if found is None or not access.aggregates_readable(request.user, found):
        raise Http404(NOT_FOUND)
    return found


def _period(period: str) -> str:
    try:
        return financial_year(period).label
    except ClaimsError as error:
        raise Http404(NOT_FOUND) from error


def _audit(request: HttpRequest, partnership: str, period: str) -> tuple[Partnership, str, Audit]:
    the_partnership = _partnership(request, partnership)
    label = _period(period)
    found = audit_of(the_partnership, label)
    if found is None:
        raise Http404(NOT_FOUND)
    return the_partnership, label, found


def _case(request: HttpRequest, partnership: str, period: str, case_id: int) -> AuditCase:
    """The case, for its assigned auditor and the managers allowed to see the family; a 404
    for anyone else, whether it exists or not."""
    found = Partnership.objects.filter(key=partnership).first()
    if found is None:
        raise Http404(NOT_FOUND)
    case = (
        AuditCase.objects.filter(pk=case_id, audit__partnership=found, audit__period=period)
        .select_related("audit__partnership", "claim__family", "auditor")
        .first()
    )
    if case is None or not case_visible(request.user, case):
        raise Http404(NOT_FOUND)
    return case


def _shown(counts: list[int], exact: bool) -> list[str]:
    """The counts as published: exact for managers, otherwise small ones as the mark."""
    if exact:
        return [str(c) for c in counts]
    hidden = disclosure_rule().hidden_counts(counts)
    return [MARK if h else str(c) for c, h in zip(counts, hidden, strict=True)]


def _result_shown(result: AuditResult, exact: bool) -> dict[str, str]:
    """The result's counts; upheld and not upheld add up to the complete cases, so when one
    is withheld both are, and the share with them."""
    sampled, complete = _shown([result.sampled, result.complete], exact)
    upheld, not_upheld = _shown([result.upheld, result.not_upheld], exact)
    if MARK in (upheld, not_upheld, complete):
        upheld = not_upheld = MARK
    share = result.share_upheld
    if share is None:
        share_text = "none complete yet"
    elif upheld == MARK:
        share_text = MARK
    else:
        share_text = f"{share:.0%}"
    return {
        "sampled": sampled,
        "complete": complete,
        "upheld": upheld,
        "not_upheld": not_upheld,
        "share": share_text,
    }


@login_required
@require_http_methods(["GET"])
def claims_page(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    manager = access.audits_manageable(request.user, the_partnership)
    today = timezone.localdate()
    periods = [
        {
            "period": p.period,
            "made": made,
            "withdrawn": withdrawn,
            "audited": p.audited,
        }
        for p in claims_by_period(the_partnership)
        for made, withdrawn in [_shown([p.made, p.withdrawn], manager)]
    ]
    try:
        families = readiness_for(request.user, the_partnership, as_at=today)
        problem = ""
    except ApplicationError as error:
        families, problem = [], error_message(error)
    form = ClaimsMakeForm(initial={"period": financial_year_of(today).label}) if manager else None
    return render(
        request,
        "families/claims_index.html",
        {
            "partnership": the_partnership,
            "periods": periods,
            "families": families,
            "problem": problem,
            "today": today,
            "manager": manager,
            "form": form,
            "rule": disclosure_rule(),
            "any_suppressed": any(MARK in (p["made"], p["withdrawn"]) for p in periods),
        },
    )


@login_required
@require_POST
def claims_make_page(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    if not access.audits_manageable(request.user, the_partnership):
        raise PermissionDenied
    form = ClaimsMakeForm(request.POST)
    if form.is_valid():
        try:
            made = claims_make(the_partnership, form.cleaned_data["period"], by=request.user)
        except ApplicationError as error:
            form.add_error("period", error_message(error))
        else:
            messages.success(
                request,
                f"{made.made} claim(s) made for {made.period}. "
                f"{made.already_claimed} ready famil"
                f"{'y was' if made.already_claimed == 1 else 'ies were'} claimed before.",
            )
            return redirect("families:claims", partnership=the_partnership.key)
    return render(
        request,
        "families/claims_make.html",
        {"partnership": the_partnership, "form": form},
    )


def _case_rows(cases: list[AuditCase]) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        missing = case_missing(case)
        rows.append(
            {
                "case": case,
                "reference": case.claim.family.reference,
                "outcomes": len(case.claim.outcomes),
                "found": len(case.claim.outcomes) - len(missing),
                "upheld": case_upheld(case),
            }
        )
    return rows


@login_required
@require_http_methods(["GET"])
def audit_page(request: HttpRequest, partnership: str, period: str) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    label = _period(period)
    manager = access.audits_manageable(request.user, the_partnership)
    audit = audit_of(the_partnership, label)
    context: dict[str, Any] = {
        "partnership": the_partnership,
        "period": label,
        "audit": audit,
        "manager": manager,
        "rule": disclosure_rule(),
    }
    if audit is not None:
        cases = cases_visible(request.user, audit)
        role = access.early_help_role(request.user, the_partnership)
        if role is not None and role.kind == role.Kind.AUDITOR:
            cases = [c for c in cases if c.auditor_id == request.user.pk]
        elif not manager:
            cases = []
        result = audit_result(audit)
        shown = _result_shown(result, manager)
        rows = _case_rows(cases)
        if manager and audit.completed_at is None:
            for row in rows:
                case = row["case"]
                form = AuditorAssignForm(
                    partnership=the_partnership,
                    initial={"auditor": case.auditor_id},
                    prefix=f"case-{case.pk}",
                )
                form.fields["auditor"].label = f"Auditor of family {row['reference']}"
                row["assign_form"] = form
        context.update(
            {
                "rows": rows,
                "result": result,
                "shown": shown,
                "any_suppressed": MARK in shown.values(),
                "assignable": manager and audit.completed_at is None,
                "completable": manager and audit.completed_at is None,
            }
        )
    return render(request, "families/audit_index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def audit_draw_page(request: HttpRequest, partnership: str, period: str) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    label = _period(period)
    if not access.audits_manageable(request.user, the_partnership):
        raise PermissionDenied
    form = AuditDrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit = audit_draw(
                the_partnership,
                label,
                size=form.cleaned_data["size"],
                risk_based=form.cleaned_data["risk_based"],
                seed=form.cleaned_data["seed"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(
                request, f"The sample of {audit.size} claim(s) is drawn, with seed {audit.seed}."
            )
            return redirect("families:audit", partnership=the_partnership.key, period=label)
    return render(
        request,
        "families/audit_draw.html",
        {"partnership": the_partnership, "period": label, "form": form},
    )


@login_required
@require_POST
def audit_assign_page(
    request: HttpRequest, partnership: str, period: str, case_id: int
) -> HttpResponse:
    case = _case(request, partnership, period, case_id)
    the_partnership = case.audit.partnership
    if not access.audits_manageable(request.user, the_partnership):
        raise Http404(NOT_FOUND)
    form = AuditorAssignForm(request.POST, partnership=the_partnership, prefix=f"case-{case.pk}")
    if form.is_valid():
        try:
            auditor_assign(case, form.cleaned_data["auditor"], by=request.user)
        except ApplicationError as error:
            form.add_error("auditor", error_message(error))
        else:
            messages.success(
                request, f"The auditor of family {case.claim.family.reference} is set."
            )
            return redirect("families:audit", partnership=the_partnership.key, period=period)
    return render(
        request,
        "families/audit_assign.html",
        {"partnership": the_partnership, "case": case, "form": form, "period": period},
    )


def _finding_forms(case: AuditCase, data: Any = None, posted: str = "") -> dict[str, FindingForm]:
    found = {f.outcome_code: f for f in case.findings.all()}
    forms = {}
    for code, outcome in case.claim.outcomes.items():
        finding = found.get(code)
        initial = (
            {"finding": "upheld" if finding.upheld else "not_upheld", "reason": finding.reason}
            if finding
            else {}
        )
        form = FindingForm(data if code == posted else None, initial=initial, prefix=code)
        label = outcome.get("label", code)
        form.fields["finding"].label = f"Finding on {label}"
        form.fields["reason"].label = f"Reason for the finding on {label}"
        forms[code] = form
    return forms


def _case_render(
    request: HttpRequest, case: AuditCase, forms: dict[str, FindingForm], status: int = 200
) -> HttpResponse:
    family = case.claim.family
    family_view_record(family, by=request.user, what="audit page")
    recordable = access.findings_recordable(request.user, case) and case.audit.completed_at is None
    found = {f.outcome_code: f for f in case.findings.all()}
    outcomes = [
        {
            "outcome": o,
            "finding": found.get(o.code),
            "form": forms.get(o.code) if recordable else None,
        }
        for o in claimed_outcomes(case.claim)
    ]
    return render(
        request,
        "families/audit_case.html",
        {
            "partnership": case.audit.partnership,
            "period": case.audit.period,
            "case": case,
            "family": family,
            "outcomes": outcomes,
            "recordable": recordable,
            "error_forms": [f for f in forms.values() if f.errors],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def audit_case_page(
    request: HttpRequest, partnership: str, period: str, case_id: int
) -> HttpResponse:
    case = _case(request, partnership, period, case_id)
    return _case_render(request, case, _finding_forms(case))


@login_required
@require_POST
def finding_record_page(
    request: HttpRequest, partnership: str, period: str, case_id: int
) -> HttpResponse:
    case = _case(request, partnership, period, case_id)
    if not access.findings_recordable(request.user, case):
        raise Http404(NOT_FOUND)
    code = request.POST.get("outcome", "")
    if code not in case.claim.outcomes:
        # The assigned auditor posted no outcome of this claim: not a form anyone is shown.
        return HttpResponseBadRequest("Choose one of the claimed outcomes.")
    forms = _finding_forms(case, request.POST, code)
    form = forms[code]
    if form.is_valid():
        try:
            finding_record(
                case,
                code,
                upheld=form.upheld,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error("reason", error_message(error))
        else:
            label = case.claim.outcomes[code].get("label", code)
            messages.success(request, f"Your finding on {label} is recorded.")
            return redirect(
                reverse(
                    "families:audit_case",
                    kwargs={"partnership": partnership, "period": period, "case_id": case.pk},
                )
                + f"#outcome-{code}"
            )
    return _case_render(request, case, forms)


@login_required
@require_POST
def audit_complete_page(request: HttpRequest, partnership: str, period: str) -> HttpResponse:
    the_partnership, label, audit = _audit(request, partnership, period)
    if not access.audits_manageable(request.user, the_partnership):
        raise PermissionDenied
    try:
        audit_complete(audit, by=request.user)
    except ApplicationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, f"The audit of {label} is complete.")
    return redirect("families:audit", partnership=the_partnership.key, period=label)
