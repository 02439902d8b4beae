from django.contrib.auth import views as auth_views
from django.urls import path

from cypp.accounts import oidc, views_password_reset, views_sign_in, views_tokens

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views_sign_in.SignInView.as_view(), name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    # Forgotten password, by e-mail; a reset also unlocks an account locked by wrong passwords.
    path(
        "password-reset/",
        views_password_reset.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        views_password_reset.PasswordResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views_password_reset.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        views_password_reset.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    # Single sign-on (OpenID Connect); the provider redirects to /account/oidc/callback/.
    path("oidc/sign-in/", oidc.ProviderSignInView.as_view(), name="oidc-sign-in"),
    path("oidc/callback/", oidc.ProviderCallbackView.as_view(), name="oidc-callback"),
    path("no-role/", views_sign_in.no_role_page, name="no-role"),
    # Your account and two-factor authentication.
    path("", views_sign_in.account_page, name="account"),
    path("two-factor/", views_sign_in.two_factor_verify_page, name="two-factor-verify"),
    path("two-factor/set-up/", views_sign_in.two_factor_set_up_page, name="two-factor-set-up"),
    path("two-factor/turn-off/", views_sign_in.two_factor_turn_off, name="two-factor-turn-off"),
    path(
        "two-factor/backup-codes/",
        views_sign_in.backup_codes_page,
        name="two-factor-backup-codes",
    ),
    path(
        "two-factor/backup-codes/new/",
        views_sign_in.backup_codes_new,
        name="two-factor-backup-codes-new",
    ),
    # Your API tokens, for scripts and partners' systems (docs/api.md).
    path("api-tokens/", views_tokens.api_tokens_page, name="api-tokens"),
    path("api-tokens/new/", views_tokens.api_token_new_page, name="api-token-new"),
    path(
        "api-tokens/<int:token_id>/revoke/",
        views_tokens.api_token_revoke_page,
        name="api-token-revoke",
    ),
]
