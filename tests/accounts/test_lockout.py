"""Sign-in lockout that does not depend on the proxy's address, throttling of one address
across usernames, the client's address behind trusted proxies only, and the two safe ways out
of a lock: a password reset e-mail (the person) and ``account_unlock`` (an administrator)."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.management.base import CommandError
from django.test import Client, RequestFactory, override_settings

from cypp.accounts.lockout import UnlockError, account_unlock, client_address
from cypp.accounts.models import AuditEvent
from tests.conftest import cli
from tests.plans.factories import PASSWORD, viewer_make

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"
PROXY = "10.0.0.1"  # our reverse proxy: every request arrives from it


def _sign_in(
    client: Client, username: str, password: str, address: str = "198.51.100.7", **extra: str
):
    return client.post(
        SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _locked(response) -> bool:
    return response.status_code == 429 and "Your account is locked" in response.content.decode()


def test_five_wrong_passwords_from_five_addresses_lock_the_username() -> None:
    viewer_make()
    client = Client()
    for n in range(4):
        assert _sign_in(client, "viewer", "wrong", f"203.0.113.{n}").status_code == 200
    assert _locked(_sign_in(client, "viewer", "wrong", "203.0.113.4"))
    # The right password, from an address never seen before, is refused too.
    refused = _sign_in(client, "viewer", PASSWORD, "192.0.2.99")
    assert _locked(refused) and "_auth_user_id" not in client.session
    html = refused.content.decode()
    assert "entered 5 times" in html and "as ‘viewer’" in html


def test_behind_the_proxy_a_locked_person_does_not_lock_out_the_others() -> None:
    viewer_make()
    viewer_make("other")
    client = Client()
    for _ in range(5):
        _sign_in(client, "viewer", "wrong", PROXY)
    assert _locked(_sign_in(client, "viewer", PASSWORD, PROXY))
    assert _sign_in(client, "other", PASSWORD, PROXY).status_code == 302


def test_twenty_wrong_passwords_from_one_address_across_usernames_throttle_it() -> None:
    viewer_make()
    client = Client()
    for n in range(19):  # one password tried across many usernames
        assert _sign_in(client, f"person{n}", "Summer2024!").status_code == 200, n
    throttled = _sign_in(client, "person19", "Summer2024!")
    assert _locked(throttled)
    assert "20 or more wrong sign-ins from your network" in throttled.content.decode()
    # Even a real person with the right password is refused from that address...
    assert _locked(_sign_in(client, "viewer", PASSWORD))
    # ...but not from another one.
    assert _sign_in(Client(), "viewer", PASSWORD, "192.0.2.10").status_code == 302


def test_nineteen_from_one_address_do_not_throttle_it() -> None:
    viewer_make()
    client = Client()
    for n in range(19):
        _sign_in(client, f"person{n}", "wrong")
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302


def test_a_right_password_clears_the_persons_count_not_the_addresss() -> None:
    viewer_make()
    client = Client()
    for n in range(19):
        _sign_in(client, f"person{n}", "wrong")
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302
    client.logout()
    assert AccessAttempt.objects.count() == 19  # the address's failures are all still there
    assert _locked(_sign_in(client, "person19", "wrong"))


@override_settings(CYPP_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_client_is_the_forwarded_address() -> None:
    viewer_make()
    client = Client()
    # The client put a made-up address first; our proxy appended the one it saw.
    _sign_in(client, "viewer", "wrong", PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
    # Twenty clients behind the proxy are twenty addresses: none is throttled by the others.
    for n in range(20):
        _sign_in(client, f"person{n}", "wrong", PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert (
        _sign_in(client, "viewer", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50").status_code
        == 302
    )


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored() -> None:
    viewer_make()
    _sign_in(Client(), "viewer", "wrong", "198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "203.0.113.5, 10.0.0.9", "203.0.113.5"),  # client, then our outer proxy
        (2, "10.0.0.9", "10.0.0.1"),  # fewer entries than proxies: not through them all
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(proxies: int, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(CYPP_TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected


def _lock(username: str = "viewer") -> None:
    client = Client()
    for _ in range(5):
        _sign_in(client, username, "wrong")
    assert _locked(_sign_in(client, username, PASSWORD))


def test_the_locked_out_page_says_how_to_unlock() -> None:
    viewer_make()
    client = Client()
    for _ in range(5):
        response = _sign_in(client, "viewer", "wrong")
    html = response.content.decode()
    assert '<h2 class="govuk-heading-m">Unlock your account now</h2>' in html
    assert '<a class="govuk-link" href="/account/password-reset/">Reset your password</a>' in html
    assert "Choosing a new password unlocks your account straight away" in html
    assert "ask your partnership's administrator to unlock your account" in html


def _reset_link(address: str) -> str:
    response = Client().post("/account/password-reset/", {"email": address})
    assert response.status_code == 302 and response["Location"] == "/account/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == [address] and message.subject == "Reset your CYPP password"
    assert "it works once, for 3 days" in message.body
    # On the configured site address, whatever Host the request came with.
    site = re.escape(str(settings.SITE_URL).rstrip("/"))
    [link] = re.findall(site + r"(/account/password-reset/\S+/)", message.body)
    return link


def test_a_password_reset_e_mail_unlocks_the_account() -> None:
    viewer = viewer_make()
    User.objects.filter(pk=viewer.pk).update(email="viewer@example.org")
    _lock()
    client = Client()
    link = _reset_link("viewer@example.org")

    form = client.get(link, follow=True)  # Django moves the token into the session
    assert '<h1 class="govuk-heading-l">Choose a new password</h1>' in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )

    assert done.status_code == 302 and done["Location"] == "/account/password-reset/done/"
    assert "Your account is unlocked" in client.get(done["Location"]).content.decode()
    assert not AccessAttempt.objects.filter(username="viewer").exists()
    assert _sign_in(Client(), "viewer", "a brand new passphrase").status_code == 302
    reset = AuditEvent.objects.get(context=f"person:{viewer.pk}", note__startswith="Password")
    assert (reset.user, reset.object_id) == (viewer, str(viewer.pk))
    assert reset.note == "Password reset by e-mail; sign-in unlocked (1 record(s) cleared)"
    # The link works once.
    again = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same() -> None:
    response = Client().post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/account/password-reset/sent/"
    assert mail.outbox == []
    page = Client().get("/account/password-reset/sent/").content.decode()
    assert "If that address belongs to a CYPP account" in page


def test_a_bad_address_is_an_error_on_the_form() -> None:
    response = Client().post("/account/password-reset/", {"email": "not an address"})
    html = response.content.decode()
    assert (
        response.status_code == 200 and "<title>Error: Reset your password – CYPP</title>" in html
    )
    assert "govuk-error-summary" in html and mail.outbox == []


def test_an_administrator_unlocks_an_account() -> None:
    viewer = viewer_make()
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    _lock()

    cleared = account_unlock(username="viewer", by=admin)

    assert cleared == 1  # one record: the username from one address
    assert _sign_in(Client(), "viewer", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(context=f"person:{viewer.pk}", note__startswith="Sign-in")
    assert (event.user, event.action, event.object_id) == (admin, "update", str(viewer.pk))
    assert event.note == "Sign-in unlocked: 1 record(s) of failed sign-ins cleared"


def test_unlocking_a_username_nobody_has_is_refused() -> None:
    with pytest.raises(UnlockError, match="No one signs in as 'ghost'"):
        account_unlock(username="ghost", by=None)


def test_the_unlock_command() -> None:
    viewer_make()
    _lock()
    assert cli("accounts", "unlock", "viewer") == (
        "Unlocked 'viewer': 1 record(s) of failed sign-ins cleared.\n"
    )
    assert _sign_in(Client(), "viewer", PASSWORD).status_code == 302
    assert cli("accounts", "unlock", "viewer") == "'viewer' was not locked; nothing to clear.\n"
    with pytest.raises(CommandError, match="No one signs in as 'ghost'"):
        cli("accounts", "unlock", "ghost")
