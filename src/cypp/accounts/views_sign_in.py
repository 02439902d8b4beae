"""Sign-in pages: the password form (with the single sign-on button when it is set up), the
two-factor steps after a password, "Your account", and the page for a person who has
signed in but has no role yet."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from cypp.accounts import two_factor
from cypp.accounts.forms_two_factor import BackupCodeForm, CodeForm
from cypp.accounts.models import PartnershipRole, Role
from cypp.accounts.oidc import oidc_enabled, provider_name
from cypp.accounts.selectors import access_get
from cypp.accounts.session_timeout import idle_seconds
from cypp.accounts.sign_in_record import (
    PASSWORD_FORM,
    SIGNED_IN_WITH,
    SINGLE_SIGN_ON,
    sign_in_record,
    sign_in_refusal_record,
)

AUTHENTICATOR = "password and authenticator app"
BACKUP_CODE = "password and backup code"
# Session key: new backup codes, shown once by the next page and then forgotten.
NEW_BACKUP_CODES = "cypp_new_backup_codes"


def _next(request: HttpRequest) -> str:
    """The page to go to afterwards, if it is on this site; else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:home")


class SignInView(auth_views.LoginView):
    """The password form; after it, the two-factor step for those who need it."""

    template_name = "accounts/sign_in.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        context["provider_name"] = provider_name()
        context["signed_out_idle"] = self.request.GET.get("signed_out") == "idle"
        context["idle_minutes"] = idle_seconds() // 60
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        session = self.request.session
        session[SIGNED_IN_WITH] = PASSWORD_FORM
        pending = two_factor.pending_after_password(user)
        if pending is None:
            sign_in_record(user=user, how=PASSWORD_FORM)
            return response
        session[two_factor.PENDING] = pending
        target = (
            "accounts:two-factor-verify"
            if pending == two_factor.VERIFY
            else "accounts:two-factor-set-up"
        )
        return redirect(f"{reverse(target)}?{urlencode({'next': self.get_success_url()})}")


@login_required
def two_factor_verify_page(request: HttpRequest) -> HttpResponse:
    """The code after the password, for a person with an authenticator app."""
    if request.session.get(two_factor.PENDING) != two_factor.VERIFY:
        return HttpResponseRedirect(_next(request))
    backup = (request.POST.get("backup") or request.GET.get("backup")) == "1"
    form: CodeForm | BackupCodeForm = (BackupCodeForm if backup else CodeForm)(request.POST or None)
    how = BACKUP_CODE if backup else AUTHENTICATOR
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            device: Any = (
                two_factor.backup_code_use(user=request.user, code=code)
                if backup
                else two_factor.authenticator_verify(user=request.user, code=code)
            )
        except two_factor.CodeNotAccepted as refusal:
            form.add_error("code", str(refusal))
            sign_in_refusal_record(user=request.user, how=how, reason=str(refusal))
        else:
            django_otp.login(request, device)
            del request.session[two_factor.PENDING]
            sign_in_record(user=request.user, how=how)
            return HttpResponseRedirect(_next(request))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": _next(request),
            "backup": backup,
            "backup_codes_left": two_factor.backup_codes_left(request.user),
        },
        status=200 if not form.errors else 400,
    )


@login_required
def two_factor_set_up_page(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), then give a code."""
    if request.session.get(SIGNED_IN_WITH) == SINGLE_SIGN_ON:
        messages.info(request, f"{provider_name()} asks for your second factor when you sign in.")
        return redirect("accounts:account")
    if request.session.get(two_factor.PENDING) == two_factor.VERIFY:
        return redirect("accounts:two-factor-verify")
    required = request.session.get(two_factor.PENDING) == two_factor.SET_UP
    device = two_factor.authenticator_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.authenticator_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
        except two_factor.CodeNotAccepted as refusal:
            form.add_error("code", str(refusal))
        else:
            django_otp.login(request, device)
            if required:
                del request.session[two_factor.PENDING]
                sign_in_record(user=request.user, how=AUTHENTICATOR)
            request.session[NEW_BACKUP_CODES] = two_factor.backup_codes_make(user=request.user)
            after = _next(request) if required else reverse("accounts:account")
            return redirect(
                f"{reverse('accounts:two-factor-backup-codes')}?{urlencode({'next': after})}"
            )
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "required": required,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "next": _next(request),
        },
        status=200 if not form.errors else 400,
    )


@login_required
def account_page(request: HttpRequest) -> HttpResponse:
    """Your account: how you sign in, and two-factor authentication."""
    single_sign_on = request.session.get(SIGNED_IN_WITH) == SINGLE_SIGN_ON
    return render(
        request,
        "accounts/account.html",
        {
            "single_sign_on": single_sign_on,
            "provider_name": provider_name(),
            "authenticator": two_factor.authenticator_get(request.user),
            "backup_codes_left": two_factor.backup_codes_left(request.user),
            "required": two_factor.two_factor_required(request.user),
        },
    )


@require_POST
@login_required
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor off (not for administrators, who must keep it)."""
    try:
        two_factor.authenticator_remove(user=request.user)
    except two_factor.CodeNotAccepted as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Two-factor authentication is off")
    return redirect("accounts:account")


@login_required
def backup_codes_page(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown once (they are not kept anywhere they can be read again)."""
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request, "accounts/two_factor_backup_codes.html", {"codes": codes, "next": _next(request)}
    )


@require_POST
@login_required
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    """Replace the backup codes (for a person with an authenticator app)."""
    if two_factor.authenticator_get(request.user) is None:
        return redirect("accounts:account")
    request.session[NEW_BACKUP_CODES] = two_factor.backup_codes_make(user=request.user)
    query = urlencode({"next": reverse("accounts:account")})
    return redirect(f"{reverse('accounts:two-factor-backup-codes')}?{query}")


@login_required
def no_role_page(request: HttpRequest) -> HttpResponse:
    """What a person who has signed in but has no role yet sees, and whom to ask."""
    if access_get(request.user).roles or request.user.is_superuser:
        return redirect("web:home")
    administrators = (
        PartnershipRole.objects.filter(role=Role.ADMINISTRATOR, user__is_active=True)
        .select_related("partnership", "user", "user__person")
        .order_by("partnership__name", "user__username")
    )
    return render(request, "accounts/no_role.html", {"administrators": administrators})
