"""Every URL of the site, requested by every role, answers as the table says.

The URL patterns come from the URL conf (``get_resolver``), not from a list kept here, so a
new page cannot slip past: a pattern without a row in ``authorisation_matrix.txt`` fails
the test, saying which rows to add. Each pattern is requested with GET and with an empty
POST as each role of ``tests.security.world.ROLES``, in one world built once for the module;
every mismatch is listed at once. A refused POST must change nothing (the rows of every
table are counted before and after; on PostgreSQL, the rows each table had inserted or
deleted), and each request runs in a transaction rolled back
after it, so an allowed POST cannot change the world the next request sees.

The pages that show commentary and evidence are also read as every role, and must never
show a draft, submitted or returned text, a return reason, an earlier draft or a quote
saved before consent to a role that may not read them (the marker words of the world).

The JSON API (namespace ``api-v1``) is left out: tests/api/test_authorisation.py covers it.
``admin/`` (Django's admin site) is left out: it is not one of the product's pages but
Django's own, guarded by ``is_staff`` in Django's code, and it is tested there; its dozens
of generated patterns would double the table without testing any rule of ours.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse, reverse_lazy

from tests.security.world import ROLES, World, world_make
from tests.store_writes import table_writes

TABLE = Path(__file__).with_name("authorisation_matrix.txt")
METHODS = ("GET", "POST")
OUTCOMES = ("ok", "login", "no", "moved", "405", "400", "error")
# Django's admin site (see the module's docstring), and the JSON API: its operations answer
# tokens, not sessions, and tests/api/test_authorisation.py calls every one of them (from
# the OpenAPI document) as every role's token and anonymously.
SKIPPED_NAMESPACES = ("admin", "api-v1")


# The URL patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, e.g. plans:history
    route: str  # the whole route, e.g. plans/<slug:key>/history/
    parameters: tuple[str, ...]


def url_patterns() -> list[Pattern]:
    """Every named URL pattern of the site but Django's admin, walking the URL conf."""
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                if inner in SKIPPED_NAMESPACES:
                    continue
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
                if entry.name is None:
                    name = f"(unnamed) {route}"
                found.append(Pattern(name, route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))))

    walk(get_resolver(), "", "")
    return found


# The table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    expected: dict[str, str]  # role: outcome
    arguments: dict[str, str]


def table_read(path: Path = TABLE) -> tuple[dict[tuple[str, str], Row], list[str]]:
    """The expected outcomes by (pattern, method), and every problem with the file, each
    naming the file, the line and the reason."""
    rows: dict[tuple[str, str], Row] = {}
    problems: list[str] = []
    for n, raw in enumerate(path.read_text().splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        words = text.split()
        where = f"{path.name}, line {n}"
        if len(words) < 2 + len(ROLES):
            problems.append(f"{where}: a row is a pattern, a method and {len(ROLES)} outcomes")
            continue
        name, method, codes, extra = (
            words[0],
            words[1],
            words[2 : 2 + len(ROLES)],
            words[2 + len(ROLES) :],
        )
        if method not in METHODS:
            problems.append(f"{where}: method {method!r} is not one of {', '.join(METHODS)}")
        bad = [c for c in codes if c not in OUTCOMES]
        if bad:
            problems.append(f"{where}: outcome {bad[0]!r} is not one of {', '.join(OUTCOMES)}")
        arguments = {}
        for word in extra:
            if "=" not in word:
                problems.append(f"{where}: {word!r} should be parameter=value")
                continue
            key, value = word.split("=", 1)
            arguments[key] = value
        if (name, method) in rows:
            problems.append(
                f"{where}: {name} {method} has a row already (line {rows[name, method].line})"
            )
        rows[name, method] = Row(n, dict(zip(ROLES, codes, strict=True)), arguments)
    return rows, problems


def path_for(pattern: Pattern, arguments: dict[str, str], world: World) -> str:
    """The pattern's address, its parameters filled from the row (``@name``: a world value;
    anything else as written) or else the world's default for the parameter's name."""
    kwargs: dict[str, Any] = {}
    for parameter in pattern.parameters:
        given = arguments.get(parameter)
        if given is None:
            if parameter not in world.values:
                raise LookupError(
                    f"{pattern.name}: say what fills <{parameter}> in its row of "
                    f"{TABLE.name} ({parameter}=@name or {parameter}=value)"
                )
            kwargs[parameter] = world.values[parameter]
        elif given.startswith("@"):
            kwargs[parameter] = world.values[given[1:]]
        else:
            kwargs[parameter] = given
    return reverse(pattern.name, kwargs=kwargs)


# Requests -----------------------------------------------------------------------------------


def outcome_of(status: int, location: str, sign_in: str) -> str:
    if status in (200, 201, 204):
        return "ok"
    if status in (301, 302, 303, 307, 308):
        return "login" if location.split("?", 1)[0] == sign_in else "moved"
    if status in (403, 404):
        return "no"
    if status == 405:
        return "405"
    if status == 400:
        return "400"
    return "error"


def _tables() -> list[str]:
    """Every table whose rows a refused request must not change (the sessions and the
    sign-in throttle's log are the request's own bookkeeping)."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        table = meta.db_table
        if meta.managed and not meta.proxy and not table.startswith(("django_session", "axes_")):
            names.add(table)
    return sorted(names)


def row_counts(tables: list[str]) -> tuple[int, ...]:
    """What a write would change in any table, in one query (tests/store_writes.py)."""
    return table_writes(tables)


class Requester:
    """One test client, signed in as each role in turn; each request in a transaction
    rolled back afterwards."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.client = Client(raise_request_exception=False)
        self.role: str | None = None
        self.session_key = ""
        self.tables = _tables()
        self.sign_in = str(reverse_lazy(settings.LOGIN_URL))

    def as_role(self, role: str) -> None:
        """Sign in as ``role``, unless the client still holds the session made for it: a
        request that signed out or changed the session key (rolled back on the server, but
        not in the client's cookie jar) means signing in again."""
        if role == self.role and self._session_key() == self.session_key:
            return
        self.client.logout()
        user = self.world.people[role]
        if user is not None:
            self.client.force_login(user)
        self.role = role
        self.session_key = self._session_key()

    def _session_key(self) -> str:
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie else ""

    def request(self, method: str, path: str, *, count: bool) -> tuple[Any, bool]:
        """The response, and whether the row counts stayed the same (always True when not
        counted)."""
        with transaction.atomic():
            before = row_counts(self.tables) if count else ()
            response = (
                self.client.generic(method, path) if method == "GET" else self.client.post(path, {})
            )
            unchanged = not count or row_counts(self.tables) == before
            transaction.set_rollback(True)
        # Not response.close(): it sends request_finished, whose handler closes a database
        # connection found inside a transaction (the module's world) on PostgreSQL.
        return response, unchanged


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for the module, built once and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_make()
        transaction.set_rollback(True)


# The tests ----------------------------------------------------------------------------------


def test_the_table_is_well_formed() -> None:
    _rows, problems = table_read()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says(world: World) -> None:
    rows, problems = table_read()
    patterns = url_patterns()
    missing = [(p, m) for p in patterns for m in METHODS if (p.name, m) not in rows]
    known = {p.name for p in patterns}
    stale = sorted({name for name, _m in rows if name not in known})
    requester = Requester(world)
    observed: dict[tuple[str, str], dict[str, str]] = {}
    mismatches: list[str] = []
    paths: list[tuple[Pattern, str]] = []
    for pattern in patterns:
        arguments = {**getattr(rows.get((pattern.name, "GET")), "arguments", {})}
        arguments.update(getattr(rows.get((pattern.name, "POST")), "arguments", {}))
        try:
            paths.append((pattern, path_for(pattern, arguments, world)))
        except LookupError as error:
            problems.append(str(error))
    # Role by role: signing in again for every address took a fifth of the test's time.
    for role in ROLES:
        for pattern, path in paths:
            requester.as_role(role)
            for method in METHODS:
                response, unchanged = requester.request(method, path, count=method == "POST")
                got = outcome_of(
                    response.status_code, response.get("Location", ""), requester.sign_in
                )
                observed.setdefault((pattern.name, method), {})[role] = got
                row = rows.get((pattern.name, method))
                if row is not None and row.expected[role] != got:
                    mismatches.append(
                        f"{method} {path} as {role}: expected {row.expected[role]}, got {got} "
                        f"({response.status_code}) [{TABLE.name}, line {row.line}]"
                    )
                if method == "POST" and got not in ("ok", "moved") and not unchanged:
                    mismatches.append(f"POST {path} as {role} was refused ({got}) but changed rows")
    draft = os.environ.get("CYPP_MATRIX_DRAFT")
    if draft:  # write what was seen, as rows, for a developer to check and copy
        Path(draft).write_text(_rows_text(patterns, observed, rows))
    messages = list(problems)
    if missing:
        messages.append(
            "These URL patterns have no row in tests/security/authorisation_matrix.txt; add a "
            "row for each (see the top of that file; CYPP_MATRIX_DRAFT=/tmp/rows.txt writes "
            "what each role gets now, to check against the rules and copy):\n  "
            + "\n  ".join(f"{p.name} {m}   ({p.route})" for p, m in missing)
        )
    if stale:
        messages.append(f"Rows for URL patterns that no longer exist: {', '.join(stale)}")
    messages.extend(mismatches)
    assert not messages, f"{len(messages)} problems:\n" + "\n".join(messages)


def _rows_text(
    patterns: list[Pattern],
    observed: dict[tuple[str, str], dict[str, str]],
    rows: dict[tuple[str, str], Row],
) -> str:
    lines = []
    for p in patterns:
        for m in METHODS:
            got = observed.get((p.name, m))
            if got is None:
                continue
            arguments = rows.get((p.name, m))
            extra = " ".join(
                f"{k}={v}" for k, v in (arguments.arguments if arguments else {}).items()
            )
            lines.append(
                f"{p.name:<36} {m:<5} "
                + " ".join(f"{got[r]:<6}" for r in ROLES)
                + f" {extra}".rstrip()
            )
    return "\n".join(lines) + "\n"


# Pages that show commentary: no text a role may not read ------------------------------------

# Who may read the workings (drafts, submitted and returned text, return reasons, earlier
# drafts, quotes saved before consent) of the world's commentary and evidence, from the
# rules in docs/commentary.md: the writer (the council's contributor, whose organisation
# owns the measures), the officers (analysts and administrators write any commentary),
# the reviewers (the lead, administrators) and superusers.
MAY_READ_WORKINGS = {"contributor", "analyst", "administrator", "superuser"}


def _commentary_pages(world: World, plan_name: str) -> list[str]:
    plan = world.plans[plan_name]
    made = world.objects["made"][plan.key]
    period = world.objects["periods"][plan.key][4]
    pages = [
        reverse("plans:plan", args=[plan.key]),
        reverse("plans:history", args=[plan.key]),
        reverse("reports:outcome", args=[plan.key, made["outcome"].pk]),
        reverse("reports:on-a-page", args=[plan.key]),
        reverse("reports:scorecard", args=[plan.key]),
        reverse("commentary:status-period", args=[plan.key, period.key]),
    ]
    for measure in made["measures"]:
        pages.append(reverse("reports:measure", args=[plan.key, measure.pk]))
        pages.append(reverse("commentary:write", args=[plan.key, period.key, measure.pk]))
    for evidence in (made["unconsented"], made["consented"]):
        pages.append(reverse("commentary:evidence-edit", args=[plan.key, period.key, evidence.pk]))
    if plan_name == "private":
        for pack in ("draft_pack", "published_pack"):
            pk = world.values[pack]
            pages.append(reverse("reports:board-pack", args=[plan.key, pk]))
            pages.append(reverse("reports:board-pack-file", args=[plan.key, pk, "html"]))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("plan_name", ["private", "public"])
def test_pages_never_show_workings_to_those_who_may_not_read_them(
    world: World, plan_name: str
) -> None:
    requester = Requester(world)
    markers = world.markers[world.plans[plan_name].key]
    leaks: list[str] = []
    shown_workings: set[str] = set()
    for role in ROLES:
        requester.as_role(role)
        for path in _commentary_pages(world, plan_name):
            response, _ = requester.request("GET", path, count=False)
            if response.status_code != 200 or not hasattr(response, "content"):
                continue
            body = response.content.decode("utf-8", "replace")
            for what, word in markers.hidden.items():
                if word in body:
                    if role in MAY_READ_WORKINGS:
                        shown_workings.add(what)
                    else:
                        leaks.append(f"GET {path} as {role} shows the {what} ({word})")
    assert not leaks, "\n".join(leaks)
    # The check can see a leak: those who may read the workings do find every marker.
    assert shown_workings == set(markers.hidden), set(markers.hidden) - shown_workings


@pytest.mark.django_db
def test_a_viewer_reads_approved_commentary_but_not_the_drafts_before_it(world: World) -> None:
    requester = Requester(world)
    requester.as_role("viewer")
    plan = world.plans["private"]
    markers = world.markers[plan.key]
    measure = world.values["approved_measure"]
    page, _ = requester.request(
        "GET",
        reverse("commentary:write", args=[plan.key, world.values["period"], measure]),
        count=False,
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert markers.approved in body
    assert markers.hidden["earlier draft of approved commentary"] not in body
    assert "Earlier versions" not in body
    history, _ = requester.request("GET", reverse("plans:history", args=[plan.key]), count=False)
    text = history.content.decode()
    assert "Approved" in text  # the approval is in the plan's history; none of the text
    assert all(word not in text for word in markers.hidden.values())
