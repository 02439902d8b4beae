import sqlite3
from urllib.parse import quote

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cypp.accounts.selectors import access_get
from cypp.commentary.selectors import commentary_owed
from cypp.geography.selectors import geography_summary
from cypp.governance.selectors import actions_owned, meetings_upcoming
from cypp.indicators.selectors import evidence_summary
from cypp.plans.permissions import can_view_plan
from cypp.plans.selectors import owned_by_organisation, plans_list
from cypp.reports.packs_due import packs_due
from cypp.voice.selectors_alerts import alerts_waiting
from cypp.voice.selectors_themes import partnerships_replying


def home(request: HttpRequest) -> HttpResponse:
    """The person's work first (commentary owed, actions, what they own, the next meetings,
    board packs to build), then the plans they may read, then the evidence loaded."""
    plans = [p for p in plans_list() if can_view_plan(request.user, p)]
    access = access_get(request.user)
    my_measures, my_commitments = owned_by_organisation(
        organisation_id=access.organisation_id, partnership_ids=set(access.roles)
    )
    officer_plans = [p for p in plans if access.edits_structure(p.partnership_id)]
    return render(
        request,
        "web/home.html",
        {
            "summary": evidence_summary(),
            "geography": geography_summary(),
            "plans": plans,
            "my_measures": my_measures,
            "my_commitments": my_commitments,
            "my_actions": actions_owned(user=request.user),
            "commentary_owed": commentary_owed(user=request.user),
            "has_role": bool(access.roles),
            "meetings": meetings_upcoming(partnership_ids=set(access.roles)),
            "officer": access.is_superuser or bool(officer_plans),
            "packs_due": packs_due(plans=officer_plans),
            # Anyone with a role in a partnership reads its early help counts (no query:
            # the roles are already read).
            "early_help_ids": {p.partnership_id for p in plans if access.reads(p.partnership_id)},
            # Safeguarding alerts from surveys come before anything else the person owes.
            "alerts_waiting": alerts_waiting(request.user),
            "replying_ids": partnerships_replying({p.partnership_id for p in plans}),
        },
    )


# How long the health check waits for the database: a load balancer's probe must get an
# answer well inside its own timeout, whatever holds the database.
HEALTH_CHECK_SECONDS = 2.0


def healthz(request: HttpRequest) -> HttpResponse:
    """The health probe for load balancers: "ok" when the database answers a trivial read,
    503 with the reason when it cannot within two seconds (pages would fail too).

    Also the trivial baseline of the page benchmark.
    """
    problem = _database_problem(timeout=HEALTH_CHECK_SECONDS)
    if problem:
        return HttpResponse(
            f"database unavailable: {problem}\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")


def _database_problem(*, timeout: float) -> str | None:
    """Why the database cannot answer a read now, or None when it can."""
    try:
        name = str(connection.settings_dict["NAME"])
        # An in-memory database (the tests') has no file to lock: the plain query suits it.
        if connection.vendor == "sqlite" and name != ":memory:" and "mode=memory" not in name:
            _sqlite_file_read(name, timeout=timeout)
        else:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)",
                        [f"{int(timeout * 1000)}ms"],
                    )
                cursor.execute("SELECT 1")
    except (DatabaseError, sqlite3.Error) as error:
        return (str(error).strip().splitlines() or [type(error).__name__])[0]
    return None


def _sqlite_file_read(path: str, *, timeout: float) -> None:
    """Read the file's schema on a connection of its own with a short busy timeout.

    ``SELECT 1`` alone never touches the file; the schema read needs the lock a page
    needs, so a file locked by a writer, missing or damaged fails here as pages would.
    The site's own connection waits up to 30 seconds for a lock, too long for a probe.
    """
    uri = f"file:{quote(path)}?mode=rw"  # rw: never create an empty file in its place
    probe = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        probe.close()
