"""Forgotten password: Django's reset-by-e-mail views with GOV.UK pages. A reset that
succeeds also unlocks the account (its failed sign-ins are forgotten), so a person whom
someone else locked out by guessing gets back in without waiting or asking anyone.

Django's own safeguards stand: the page says the same whether or not the address is known,
the link is single-use (the token is tied to the password hash and the last sign-in), and it
expires after ``PASSWORD_RESET_TIMEOUT`` (3 days by default)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.lockout import lockout_clear
from cypp.accounts.services import link_days


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: Any) -> HttpResponse:
        # Links in e-mails are on the configured address, as reminders and invitations are,
        # never on the Host header of the request that asked.
        site = str(settings.SITE_URL).rstrip("/")
        self.extra_email_context = {"link_days": link_days(), "site_url": site}
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "link_days": link_days()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        with transaction.atomic():
            response = super().form_valid(form)
            user = form.user
            cleared = lockout_clear(username=user.get_username())
            audit_record(
                by=user,
                action="update",
                obj=user,
                context=audit_context(person=user),
                note="Password reset by e-mail"
                + (f"; sign-in unlocked ({cleared} record(s) cleared)" if cleared else ""),
            )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
