"""Two-factor sign-in with an authenticator app: required for administrators and
superusers signing in with a password, open to everyone else, throttled, and worked out in
these tests from the device's key by RFC 6238 itself (not django-otp's own functions)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cypp.accounts.models import AuditEvent, Role
from cypp.accounts.two_factor import PENDING
from tests.plans.factories import PASSWORD, person_make, viewer_make

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"
VERIFY = "/account/two-factor/"
SET_UP = "/account/two-factor/set-up/"
BACKUP_CODES = "/account/two-factor/backup-codes/"


def totp(key_hex: str, at: float, *, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (TOTP over RFC 4226's HOTP, HMAC-SHA1), from the hex key the device holds."""
    counter = int(at // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def test_the_rfc_6238_function_gives_the_rfc_s_own_answers():
    # RFC 6238 appendix B, SHA-1 rows (8 digits), key "12345678901234567890".
    key = b"12345678901234567890".hex()
    assert totp(key, 59, digits=8) == "94287082"
    assert totp(key, 1111111109, digits=8) == "07081804"
    assert totp(key, 2000000000, digits=8) == "69279037"


def _sign_in(client, username: str, next_page: str = "/plans/"):
    return client.post(
        f"{SIGN_IN}?next={next_page}",
        {"username": username, "password": PASSWORD, "next": next_page},
    )


def _device_with_key(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_an_administrator_without_an_app_must_set_one_up_before_anything_else(client):
    person_make("boss", role=Role.ADMINISTRATOR)
    response = _sign_in(client, "boss")
    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?next=%2Fplans%2F"
    assert client.session[PENDING] == "set-up"
    # Every other page sends them back to the set-up, remembering where they were going.
    for page in ("/", "/plans/", "/governance/", "/account/", "/account/no-role/"):
        held = client.get(page)
        assert held.status_code == 302, page
        assert held["Location"].startswith(f"{SET_UP}?next="), page
    assert client.post("/plans/", {}).status_code == 302
    # Signing out is allowed.
    assert client.post("/account/sign-out/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_setting_up_the_app_shows_a_qr_code_and_the_secret_then_takes_a_code(client):
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    _sign_in(client, "boss")
    page = client.get(f"{SET_UP}?next=/plans/")
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=boss, confirmed=False)
    secret = base64.b32encode(bytes.fromhex(device.key)).decode().rstrip("=")
    assert len(secret) == 32  # 20 random bytes
    grouped = " ".join(secret[i : i + 4] for i in range(0, 32, 4))
    assert f"<code>{grouped}</code>" in html
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in html
    assert "style=" not in html.split("<main", 1)[1] and "<script>" not in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    # Reloading keeps the same secret (the app may already have it).
    client.get(SET_UP)
    assert TOTPDevice.objects.get(user=boss).key == device.key

    wrong = client.post(
        SET_UP,
        {
            "code": "000000" if totp(device.key, time.time()) != "000000" else "111111",
            "next": "/plans/",
        },
    )
    assert wrong.status_code == 400
    wrong_html = wrong.content.decode()
    assert "<title>Error: Set up two-factor authentication – CYPP</title>" in wrong_html
    assert 'class="govuk-error-summary"' in wrong_html
    assert "The code is not right" in wrong_html
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    right = client.post(SET_UP, {"code": totp(device.key, time.time()), "next": "/plans/"})
    assert right.status_code == 302 and right["Location"] == f"{BACKUP_CODES}?next=%2Fplans%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert PENDING not in client.session
    # Ten backup codes, shown once, then on to where they were going.
    codes_page = client.get(right["Location"]).content.decode()
    saved = set(StaticToken.objects.filter(device__user=boss).values_list("token", flat=True))
    assert len(saved) == 10
    assert all(f"<li><code>{code}</code></li>" in codes_page for code in saved)
    assert 'href="/plans/">I have saved my backup codes – continue</a>' in codes_page
    assert client.get(BACKUP_CODES).status_code == 302  # not shown again
    assert client.get("/plans/").status_code == 200
    event = AuditEvent.objects.get(action="sign_in", user=boss)
    assert event.note == "Signed in with password and authenticator app"


def test_an_administrator_with_an_app_gives_a_code_after_the_password(client):
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    device = _device_with_key(boss)
    response = _sign_in(client, "boss")
    assert response["Location"] == f"{VERIFY}?next=%2Fplans%2F"
    assert client.get("/plans/")["Location"].startswith(f"{VERIFY}?next=")
    page = client.get(f"{VERIFY}?next=/plans/").content.decode()
    assert '<h1 class="govuk-heading-l">Enter the code from your authenticator app</h1>' in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    empty = client.post(VERIFY, {"code": "", "next": "/plans/"})
    assert "Enter the 6-digit code from your authenticator app" in empty.content.decode()
    right = client.post(VERIFY, {"code": totp(device.key, time.time()), "next": "/plans/"})
    assert right.status_code == 302 and right["Location"] == "/plans/"
    assert client.get("/plans/").status_code == 200
    # The same code cannot be used twice (a replay), even in its 30 seconds.
    client.logout()
    _sign_in(client, "boss")
    device.refresh_from_db()
    replay = client.post(VERIFY, {"code": totp(device.key, device.last_t * 30), "next": "/"})
    assert replay.status_code == 400


def test_wrong_codes_are_throttled_and_recorded(client):
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    device = _device_with_key(boss)
    _sign_in(client, "boss")
    now = time.time()
    valid = {totp(device.key, now + d * 30) for d in (-1, 0, 1)}
    bad = next(c for c in ("123456", "654321", "111111") if c not in valid)
    first = client.post(VERIFY, {"code": bad, "next": "/"})
    assert "The code is not right" in first.content.decode()
    # Straight after a wrong code even the right one is refused for a while (1 s, 2 s, 4 s...).
    second = client.post(VERIFY, {"code": totp(device.key, now), "next": "/"})
    assert second.status_code == 400
    assert (
        "You have entered too many wrong codes. Wait 1 second and try again"
        in second.content.decode()
    )
    assert PENDING in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    refusals = AuditEvent.objects.filter(action="refused", user=boss)
    assert refusals.count() == 2
    assert refusals.last().note.startswith(
        "Sign-in with password and authenticator app refused: The code is not right"
    )
    # After the wait, the right code is accepted and the count starts again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp.replace(year=2000)
    )
    third = client.post(VERIFY, {"code": totp(device.key, time.time()), "next": "/"})
    assert third.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_superuser_must_use_two_factor(client):
    User.objects.create_superuser("root", password=PASSWORD)
    response = _sign_in(client, "root", next_page="/admin/")
    assert response["Location"] == f"{SET_UP}?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"].startswith(SET_UP)


def test_the_django_admin_password_form_is_not_a_way_round(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/?next=%2Fadmin%2F"
    posted = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert posted.status_code == 302 and posted["Location"].startswith("/account/sign-in/")


def test_others_sign_in_with_a_password_alone_and_may_turn_two_factor_on_and_off(client):
    viewer = viewer_make()
    response = _sign_in(client, "viewer")
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert PENDING not in client.session
    account = client.get("/account/").content.decode()
    assert '<h1 class="govuk-heading-l">Your account</h1>' in account
    assert "Two-factor authentication is off." in account
    assert f'href="{SET_UP}"' in account

    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=viewer)
    done = client.post(SET_UP, {"code": totp(device.key, time.time())})
    assert done.status_code == 302 and done["Location"] == f"{BACKUP_CODES}?next=%2Faccount%2F"
    assert "Two-factor authentication is on" in client.get("/account/").content.decode()

    # Next time, the code is asked for.
    client.logout()
    assert _sign_in(client, "viewer")["Location"] == f"{VERIFY}?next=%2Fplans%2F"
    device.refresh_from_db()
    client.post(VERIFY, {"code": totp(device.key, time.time() + 30), "next": "/"})
    assert PENDING not in client.session

    off = client.post("/account/two-factor/turn-off/")
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=viewer).exists()
    assert not StaticDevice.objects.filter(user=viewer).exists()
    client.logout()
    assert _sign_in(client, "viewer")["Location"] == "/plans/"


def test_an_administrator_cannot_turn_two_factor_off(client):
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    device = _device_with_key(boss)
    _sign_in(client, "boss")
    client.post(VERIFY, {"code": totp(device.key, time.time()), "next": "/"})
    assert "you must keep two-factor authentication on" in client.get("/account/").content.decode()
    client.post("/account/two-factor/turn-off/")
    assert TOTPDevice.objects.filter(user=boss, confirmed=True).exists()


def test_the_turn_off_form_needs_a_post_with_csrf(client):
    from django.test import Client

    viewer = viewer_make()
    _device_with_key(viewer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(viewer)
    assert strict.get("/account/two-factor/turn-off/").status_code == 405
    assert strict.post("/account/two-factor/turn-off/").status_code == 403
    assert TOTPDevice.objects.filter(user=viewer).exists()


def test_a_backup_code_signs_in_once_instead_of_the_app(client):
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    _device_with_key(boss)
    backup = StaticDevice.objects.create(user=boss, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2efgh3")
    backup.token_set.create(token="zyxw7vuts6")
    _sign_in(client, "boss")
    page = client.get(f"{VERIFY}?next=/plans/").content.decode()
    assert (
        'href="/account/two-factor/?backup=1&amp;next=/plans/">Use a backup code instead</a>'
        in page
    )
    form = client.get(f"{VERIFY}?backup=1&next=/plans/").content.decode()
    assert '<h1 class="govuk-heading-l">Enter a backup code</h1>' in form
    assert "You have 2 left" in form
    assert 'inputmode="numeric"' not in form  # backup codes have letters
    wrong = client.post(VERIFY, {"code": "notacode1", "backup": "1", "next": "/plans/"})
    assert "The backup code is not right, or it has been used already" in wrong.content.decode()
    StaticDevice.objects.filter(pk=backup.pk).update(throttling_failure_timestamp=None)
    right = client.post(VERIFY, {"code": "ABCD 2EFG H3", "backup": "1", "next": "/plans/"})
    assert right.status_code == 302 and right["Location"] == "/plans/"
    assert list(backup.token_set.values_list("token", flat=True)) == ["zyxw7vuts6"]
    assert AuditEvent.objects.filter(action="sign_in", user=boss).get().note == (
        "Signed in with password and backup code"
    )
    # Used once, it is gone.
    client.logout()
    _sign_in(client, "boss")
    again = client.post(VERIFY, {"code": "abcd2efgh3", "backup": "1", "next": "/plans/"})
    assert again.status_code == 400


def test_new_backup_codes_replace_the_old_ones(client):
    viewer = viewer_make()
    _device_with_key(viewer)
    old = StaticDevice.objects.create(user=viewer, name="Backup codes", confirmed=True)
    old.token_set.create(token="abcd2efgh3")
    client.force_login(viewer)
    assert "You have 1 backup code left." in client.get("/account/").content.decode()
    response = client.post("/account/two-factor/backup-codes/new/")
    assert response["Location"] == f"{BACKUP_CODES}?next=%2Faccount%2F"
    tokens = set(StaticToken.objects.filter(device__user=viewer).values_list("token", flat=True))
    assert len(tokens) == 10 and "abcd2efgh3" not in tokens
