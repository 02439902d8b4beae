"""A partnership's people, administered in the app: who may reach the pages, the people page,
inviting someone (the e-mail goes after the commit, its link works once), changing a role or
an organisation, removing a role, and the guard that keeps one administrator."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction
from django.test import Client, modify_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from cypp.accounts.models import AuditEvent, PartnershipRole, Person, Role
from cypp.accounts.selectors import two_factor_status
from cypp.accounts.services import (
    AccountsError,
    partnership_role_remove,
    partnership_role_set,
    person_invite,
)
from cypp.plans.models import Commitment, PartnershipMember
from cypp.plans.selectors import partnership_organisations
from tests.plans.factories import (
    PASSWORD,
    organisation_make,
    partnership_make,
    person_make,
    plan_make,
)

pytestmark = pytest.mark.django_db

KEY = "test-partnership"
PEOPLE = f"/partnerships/{KEY}/people/"
INVITE = f"/partnerships/{KEY}/people/invite/"


def _client(user: User | None = None, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


def _admin(username: str = "boss", partnership: str = KEY) -> User:
    return person_make(
        username,
        role=Role.ADMINISTRATOR,
        partnership=partnership,
        organisation="Herefordshire Council",
    )


def _role(user: User, key: str = KEY) -> str | None:
    return (
        PartnershipRole.objects.filter(user=user, partnership__key=key)
        .values_list("role", flat=True)
        .first()
    )


# Who may reach the pages ---------------------------------------------------------------------


def test_only_administrators_of_this_partnership_and_superusers_reach_the_pages():
    partnership_make(KEY)
    admin = _admin()
    ann = person_make("ann", role=Role.VIEWER, organisation="Herefordshire Council")
    analyst = person_make("ana", role=Role.ANALYST)
    elsewhere = _admin("other-boss", partnership="other-partnership")
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    pages = [
        PEOPLE,
        INVITE,
        f"{PEOPLE}{ann.pk}/",
        f"{PEOPLE}{ann.pk}/remove/",
        f"/partnerships/{KEY}/audit/",
        f"/partnerships/{KEY}/audit/export.csv",
        f"/partnerships/{KEY}/audit/export.xlsx",
    ]
    for page in pages:
        anonymous = _client().get(page)
        assert anonymous.status_code == 302 and "/account/sign-in/" in anonymous["Location"]
        for refused in (ann, analyst, elsewhere):
            assert _client(refused).get(page).status_code == 403, (page, refused)
        assert _client(admin).get(page).status_code == 200, page
        assert _client(superuser).get(page).status_code == 200, page
    assert _client(admin).get("/partnerships/no-such-partnership/people/").status_code == 404

    # Another partnership's administrator cannot change anything here either.
    for page, data in (
        (INVITE, {"name": "Eve", "email": "eve@example.org", "role": "administrator"}),
        (f"{PEOPLE}{ann.pk}/", {"role": "administrator"}),
        (f"{PEOPLE}{ann.pk}/remove/", {}),
    ):
        assert _client(elsewhere).post(page, data).status_code == 403
    assert _role(ann) == Role.VIEWER
    assert not User.objects.filter(email="eve@example.org").exists()


def test_every_form_refuses_a_post_without_its_csrf_token():
    partnership_make(KEY)
    admin = _admin()
    ann = person_make("ann", role=Role.VIEWER)
    client = _client(admin, csrf=True)
    for page, data in (
        (INVITE, {"name": "Eve", "email": "eve@example.org", "role": "viewer"}),
        (f"{PEOPLE}{ann.pk}/", {"role": "analyst"}),
        (f"{PEOPLE}{ann.pk}/remove/", {}),
    ):
        assert client.post(page, data).status_code == 403, page
    assert _role(ann) == Role.VIEWER
    assert not User.objects.filter(email="eve@example.org").exists()

    # With the token from the page, the same client's post goes through.
    client.get(f"{PEOPLE}{ann.pk}/")
    token = client.cookies["csrftoken"].value
    response = client.post(f"{PEOPLE}{ann.pk}/", {"role": "analyst", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert _role(ann) == Role.ANALYST


# The people page ------------------------------------------------------------------------------


def test_the_people_page_shows_roles_organisations_last_sign_in_and_two_factor():
    partnership_make(KEY)
    admin = _admin()
    ann = person_make("ann", role=Role.VIEWER, organisation="Herefordshire Council")
    bob = person_make("bob", role=Role.CONTRIBUTOR, organisation="Herefordshire NHS")
    person_make("carl", role=Role.VIEWER, partnership="other-partnership", organisation="Police")
    ann.last_login = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    ann.save(update_fields=["last_login"])
    TOTPDevice.objects.create(user=admin, name="Phone", confirmed=True)
    TOTPDevice.objects.create(user=bob, name="Unfinished", confirmed=False)

    response = _client(admin).get(PEOPLE)
    rows = {row.name: row for row in response.context["rows"]}
    assert set(rows) == {"Boss", "Ann", "Bob"}  # carl is in another partnership
    assert [rows[n].role.role for n in ("Boss", "Ann", "Bob")] == [
        "administrator",
        "viewer",
        "contributor",
    ]
    assert rows["Bob"].person.organisation.name == "Herefordshire NHS"
    # A device that was never confirmed is not two-factor.
    assert (rows["Boss"].two_factor, rows["Ann"].two_factor, rows["Bob"].two_factor) == (
        True,
        False,
        False,
    )
    html = response.content.decode()
    # The site's time zone is London: 9.30 UTC on 2 March is 9.30 GMT.
    assert "2 March 2026 09:30" in html
    assert html.count(">Never<") == 1  # bob (signing in, force_login included, sets it)
    assert html.count(">Set up<") == 1 and html.count(">Not set up<") == 2

    contributors = _client(admin).get(PEOPLE, {"role": "contributor"})
    assert [r.name for r in contributors.context["rows"]] == ["Bob"]
    nhs = Person.objects.get(user=bob).organisation
    assert nhs is not None
    by_organisation = _client(admin).get(PEOPLE, {"organisation": nhs.pk})
    assert [r.name for r in by_organisation.context["rows"]] == ["Bob"]
    nobody = _client(admin).get(PEOPLE, {"role": "analyst"})
    assert (
        nobody.context["rows"] == [] and "Nobody matches these filters" in nobody.content.decode()
    )


def test_two_factor_is_unknown_when_django_otp_is_not_installed():
    ann = User.objects.create_user("ann")
    TOTPDevice.objects.create(user=ann, name="Phone", confirmed=True)
    assert two_factor_status(user_ids=[ann.pk]) == {ann.pk: True}
    with modify_settings(INSTALLED_APPS={"remove": ["django_otp", "django_otp.plugins.otp_totp"]}):
        assert two_factor_status(user_ids=[ann.pk]) == {ann.pk: None}


def test_the_organisations_offered_are_those_of_the_partnership():
    plan = plan_make()  # its measure is owned by Herefordshire Council
    partnership = plan.partnership
    PartnershipMember.objects.create(
        partnership=partnership, organisation=organisation_make("Wye Valley NHS Trust")
    )
    Commitment.objects.create(
        plan=plan,
        key="young-carers",
        title="Support young carers",
        owner_organisation=organisation_make("Carers Trust"),
    )
    person_make("ann", role=Role.VIEWER, organisation="West Mercia Police")
    person_make("bob", role=Role.VIEWER, partnership="other", organisation="Elsewhere Ltd")
    organisation_make("Unrelated Ltd")
    names = [o.name for o in partnership_organisations(partnership_id=partnership.pk)]
    assert names == [
        "Carers Trust",
        "Herefordshire Council",
        "West Mercia Police",
        "Wye Valley NHS Trust",
    ]

    # An organisation from outside the list is refused, and nothing changes.
    admin = _admin()
    unrelated = organisation_make("Unrelated Ltd")
    ann = User.objects.get(username="ann")
    response = _client(admin).post(
        f"{PEOPLE}{ann.pk}/", {"role": "viewer", "organisation": unrelated.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Person.objects.get(user=ann).organisation.name == "West Mercia Police"


# Inviting -------------------------------------------------------------------------------------


def test_inviting_a_new_person_makes_their_account_and_mails_a_single_use_link(
    django_capture_on_commit_callbacks,
):
    partnership_make(KEY)
    admin = _admin()
    council = Person.objects.get(user=admin).organisation
    client = _client(admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            INVITE,
            {
                "name": "Dee Evans",
                "email": "Dee.Evans@Example.org",
                "organisation": council.pk,
                "role": "contributor",
            },
        )
    assert response.status_code == 302 and response["Location"] == PEOPLE
    # Nothing is sent inside the transaction: one message waits for the commit.
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1

    # Django keeps the address as typed, but for its domain, which is not case-sensitive.
    dee = User.objects.get(email="Dee.Evans@example.org")
    assert dee.username == "dee.evans@example.org"
    assert not dee.has_usable_password()
    assert Person.objects.get(user=dee).display_name == "Dee Evans"
    assert Person.objects.get(user=dee).organisation == council
    assert _role(dee) == Role.CONTRIBUTOR

    message = mail.outbox[0]
    assert message.to == ["Dee.Evans@example.org"]
    assert "Test Partnership" in message.subject
    # The link is on the configured site address, whatever Host the request came with.
    site = re.escape(str(settings.SITE_URL).rstrip("/"))
    link = re.search(site + r"(/account/invitation/\S+/)", message.body)
    assert link is not None, message.body

    invited = Client()
    form_page = invited.get(link.group(1), follow=True)
    assert "Set your password" in form_page.content.decode()
    new_password = "a long and new passphrase 42"
    done = invited.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Your password is set" in done.content.decode()
    dee.refresh_from_db()
    assert dee.check_password(new_password)
    # The link worked once.
    again = Client().get(link.group(1), follow=True)
    assert "This link no longer works" in again.content.decode()

    events = AuditEvent.objects.filter(user=admin).order_by("id")
    assert [(e.object_type, e.action, e.changes) for e in events] == [
        (
            "auth.user",
            "create",
            {
                "username": [None, "dee.evans@example.org"],
                "email": [None, "Dee.Evans@example.org"],
            },
        ),
        (
            "accounts.person",
            "create",
            {"display_name": [None, "Dee Evans"], "organisation": [None, "Herefordshire Council"]},
        ),
        ("accounts.partnershiprole", "create", {"role": [None, "contributor"]}),
    ]


def test_an_invitation_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    partnership = partnership_make(KEY)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        person_invite(
            by=None,
            partnership=partnership,
            email="dee@example.org",
            name="Dee",
            organisation=None,
            role=Role.VIEWER,
            link_base="https://cypp.example.org",
        )
        raise RuntimeError("the request failed after the invitation")
    assert mail.outbox == []
    assert not User.objects.filter(email="dee@example.org").exists()


def test_inviting_someone_with_an_account_only_gives_the_role(django_capture_on_commit_callbacks):
    partnership_make(KEY)
    admin = _admin()
    fay = person_make("fay", role=Role.VIEWER, partnership="other", organisation="Police")
    fay.email = "fay@example.org"
    fay.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(admin).post(
            INVITE, {"name": "Someone Else", "email": "FAY@example.org", "role": "analyst"}
        )
    assert response.status_code == 302
    assert mail.outbox == []
    assert User.objects.filter(email__iexact="fay@example.org").count() == 1
    assert _role(fay) == Role.ANALYST and _role(fay, "other") == Role.VIEWER
    person = Person.objects.get(user=fay)
    assert (person.display_name, person.organisation.name) == ("Fay", "Police")
    assert fay.check_password(PASSWORD)


def test_a_bad_invitation_says_what_is_wrong_and_changes_nothing():
    partnership_make(KEY)
    admin = _admin()
    before = User.objects.count()
    response = _client(admin).post(INVITE, {"name": "", "email": "not-an-address", "role": "owner"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "role"}
    assert "Select a valid choice" in errors["role"][0]
    assert "Error: Invite a person" in response.content.decode()

    for name in ("twin-1", "twin-2"):
        twin = User.objects.create_user(name, email="twin@example.org")
        assert twin.email
    response = _client(admin).post(
        INVITE, {"name": "Twin", "email": "twin@example.org", "role": "viewer"}
    )
    assert "More than one account has the e-mail address twin@example.org" in (
        response.content.decode()
    )
    assert User.objects.count() == before + 2
    assert not PartnershipRole.objects.filter(user__email="twin@example.org").exists()


# Changing and removing ------------------------------------------------------------------------


def test_changing_a_role_and_an_organisation_is_recorded_before_and_after():
    partnership_make(KEY)
    admin = _admin()
    ann = person_make("ann", role=Role.VIEWER, organisation="Herefordshire Council")
    nhs = organisation_make("Herefordshire NHS")
    person_make("bob", role=Role.VIEWER, organisation=nhs)  # so the NHS is offered
    page = _client(admin).get(f"{PEOPLE}{ann.pk}/")
    assert page.context["form"].initial["role"] == "viewer"

    response = _client(admin).post(
        f"{PEOPLE}{ann.pk}/", {"role": "contributor", "organisation": nhs.pk}
    )
    assert response.status_code == 302
    assert _role(ann) == Role.CONTRIBUTOR
    assert Person.objects.get(user=ann).organisation == nhs
    events = AuditEvent.objects.filter(user=admin).order_by("id")
    assert [(e.object_type, e.changes) for e in events] == [
        ("accounts.partnershiprole", {"role": ["viewer", "contributor"]}),
        ("accounts.person", {"organisation": ["Herefordshire Council", "Herefordshire NHS"]}),
    ]
    # The person's name is kept.
    assert Person.objects.get(user=ann).display_name == "Ann"


def test_removing_a_role_asks_first_and_is_recorded():
    partnership_make(KEY)
    admin = _admin()
    ann = person_make("ann", role=Role.ANALYST)
    page = _client(admin).get(f"{PEOPLE}{ann.pk}/remove/")
    # ann has no profile, so is named by her username.
    assert "Remove ann’s role?" in page.content.decode()
    assert _role(ann) == Role.ANALYST  # asking changes nothing

    response = _client(admin).post(f"{PEOPLE}{ann.pk}/remove/")
    assert response.status_code == 302
    assert _role(ann) is None
    assert User.objects.filter(pk=ann.pk).exists()  # the account stays
    event = AuditEvent.objects.get(user=admin, action="delete")
    assert event.changes == {"role": ["analyst", None]}
    assert event.context == f"partnership:{KEY}"
    # Someone with no role here is not found.
    assert _client(admin).get(f"{PEOPLE}{ann.pk}/").status_code == 404


def test_the_last_administrator_cannot_remove_themselves_or_be_demoted():
    partnership = partnership_make(KEY)
    admin = _admin()
    client = _client(admin)

    removed = client.post(f"{PEOPLE}{admin.pk}/remove/")
    assert removed.status_code == 400
    assert "You are the last administrator of Test Partnership" in removed.content.decode()
    demoted = client.post(f"{PEOPLE}{admin.pk}/", {"role": "viewer"})
    assert demoted.status_code == 200
    assert "cannot be demoted" in demoted.content.decode()
    assert _role(admin) == Role.ADMINISTRATOR
    assert not AuditEvent.objects.filter(user=admin).exists()

    # With a second administrator, either may step down.
    deputy = _admin("deputy")
    assert client.post(f"{PEOPLE}{admin.pk}/", {"role": "analyst"}).status_code == 302
    assert _role(admin) == Role.ANALYST
    with pytest.raises(AccountsError, match="deputy is the last administrator"):
        partnership_role_remove(by=admin, user=deputy, partnership=partnership)
    with pytest.raises(AccountsError, match="cannot be demoted"):
        partnership_role_set(by=admin, user=deputy, partnership=partnership, role=Role.VIEWER)
    # A superuser (who reaches every partnership) and the command line may still do it.
    root = User.objects.create_superuser("root", password=PASSWORD)
    partnership_role_set(by=root, user=deputy, partnership=partnership, role=Role.VIEWER)
    assert _role(deputy) == Role.VIEWER


def test_the_home_page_links_to_people_and_audit_for_administrators_only():
    plan = plan_make()
    admin = _admin()
    viewer = person_make("ann", role=Role.VIEWER)
    links = (f'href="{PEOPLE}"', f'href="/partnerships/{KEY}/audit/"')
    home = _client(admin).get("/").content.decode()
    assert plan.title in home and all(link in home for link in links)
    home = _client(viewer).get("/").content.decode()
    assert plan.title in home and not any(link in home for link in links)


def test_the_people_page_asks_the_same_number_of_queries_however_many_people():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    partnership_make(KEY)
    admin = _admin()
    client = _client(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PEOPLE).status_code == 200
        return len(captured)

    person_make("p0", role=Role.VIEWER, organisation="Herefordshire Council")
    few = queries()
    for n in range(1, 8):
        person_make(f"p{n}", role=Role.CONTRIBUTOR, organisation=f"Organisation {n}")
    assert queries() == few
