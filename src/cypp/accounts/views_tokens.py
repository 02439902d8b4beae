"""Your API tokens (``/account/api-tokens/``): the list, making one (its secret shown once,
on the page that answers the form, and never again), and revoking one after a question.

Each person sees and manages only their own tokens: a token carries its person's roles in
every partnership, so no one partnership's administrator manages it. Superusers and the
server's operator revoke anyone's from the command line (``cypp accounts token revoke``).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cypp.accounts.models import ApiToken
from cypp.accounts.tokens import TokenRefused, api_token_create, api_token_revoke, api_tokens_of
from cypp.errors import error_message

# How long a new token lasts, as the form offers it (days; 0: it never expires).
EXPIRY_CHOICES = [
    ("30", "30 days"),
    ("90", "90 days"),
    ("365", "1 year"),
    ("0", "It does not expire"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you can tell it from your others. For example, "
        "‘Nightly upload from the council’s system’.",
    )
    scope = forms.ChoiceField(
        label="What can it do?",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires = forms.ChoiceField(
        label="When does it stop working?",
        choices=EXPIRY_CHOICES,
        initial="365",
        widget=forms.RadioSelect,
    )

    def expiry(self) -> tuple[dt.datetime | None, bool]:
        """``(expires_at, never_expires)`` for ``api_token_create``."""
        days = int(self.cleaned_data["expires"])
        if days == 0:
            return None, True
        return timezone.now() + dt.timedelta(days=days), False


@require_GET
@login_required
def api_tokens_page(request: HttpRequest) -> HttpResponse:
    """Your tokens, newest first, with what each may do and when it was last used."""
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": list(api_tokens_of(user=request.user)), "now": timezone.now()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def api_token_new_page(request: HttpRequest) -> HttpResponse:
    """Make a token; the answer to the form shows its secret, once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expires_at, never_expires = form.expiry()
        try:
            made = api_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                by=request.user,
                expires_at=expires_at,
                never_expires=never_expires,
            )
        except TokenRefused as refusal:
            form.add_error("name", error_message(refusal))
        else:
            return render(
                request,
                "accounts/api_token_made.html",
                {"token": made.token, "secret": made.secret},
            )
    return render(
        request,
        "accounts/api_token_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def api_token_revoke_page(request: HttpRequest, token_id: int) -> HttpResponse:
    """Ask, then revoke one of your tokens (someone else's is not found)."""
    token = api_tokens_of(user=request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token of yours")
    if token.revoked_at is not None:
        return redirect("accounts:api-tokens")
    if request.method == "POST":
        api_token_revoke(token=token, by=request.user)
        messages.success(request, f"Token ‘{token.name}’ is revoked: it no longer works")
        return redirect("accounts:api-tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
