"""The forms two-factor needs: a code from the authenticator app, or a backup code."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now, for example 123456",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )


class BackupCodeForm(forms.Form):
    # Letters and digits: no numeric keyboard, and nothing for the browser to remember.
    code = forms.CharField(
        label="Backup code",
        help_text="One of the backup codes you saved when you set up two-factor authentication, for example abcd2efgh3",
        max_length=20,
        error_messages={"required": "Enter one of your backup codes"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
