"""Every operation of the API, called as every role's token and anonymously, answers as the
rules say and shows nothing private.

The operations come from the OpenAPI document the API serves, so a new endpoint is called
without a line here; one whose path or required query parameters this test cannot fill
fails it, naming them (add them to ``fill``). Each operation is called for each thing its
path can point at (the private plan, the public plan, the other partnership's plan...) as
each role of ``tests.security.world`` (the world of the pages' matrix: partnerships alpha
and beta, marker words in every private text), with a read token, a write token, and
without one; each call in a transaction rolled back after it.

What each role may read is written here from the product's rules, not asked of the code:
a plan is read by everyone when public, else by those with a role in its partnership and
superusers; a partnership by those who may read one of its plans or hold a role in it;
national evidence by everyone; imports by analysts and administrators of any partnership
and superusers; governance actions by those with a role in the partnership (public plan or
not); sending data needs a write token of such a person. Whatever the status, no
response may carry a marker word or key of a plan the caller may not read, nor a draft,
submitted or returned text, return reason, earlier draft or quote saved before consent to a
role that may not read the workings on the pages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from cypp.accounts.tokens import api_token_create
from cypp.api.api import api
from cypp.plans.models import Measure
from tests.security.world import ROLES, World, world_make

EVERYONE = frozenset(ROLES)
ALPHA_MEMBERS = frozenset(
    {"viewer", "contributor", "contributor-other-org", "analyst", "administrator"}
)
BETA_MEMBERS = frozenset({"analyst-other-partnership"})
# Who may read each plan of the world (docs/permissions.md: a role in the plan's
# partnership, or a superuser; everyone for a public plan).
PLAN_READERS = {
    "alpha-private": ALPHA_MEMBERS | {"superuser"},
    "alpha-public": EVERYONE,
    "beta-private": BETA_MEMBERS | {"superuser"},
}
# Governance (bodies, meetings, actions) is read by those with a role in the partnership and
# superusers, whether or not the plan is public (cypp.governance.permissions).
GOVERNANCE_READERS = {
    "alpha-private": ALPHA_MEMBERS | {"superuser"},
    "alpha-public": ALPHA_MEMBERS | {"superuser"},
    "beta-private": BETA_MEMBERS | {"superuser"},
}
# A partnership is listed to whoever may read one of its plans or holds a role in it.
PARTNERSHIP_READERS = {"alpha": EVERYONE, "beta": BETA_MEMBERS | {"superuser"}}
# indicators.import_indicators: analysts and administrators of any partnership, superusers.
IMPORTERS = frozenset({"analyst", "administrator", "analyst-other-partnership", "superuser"})
# Who may read the workings of commentary (drafts, return reasons, unconsented quotes), as
# in tests/security/test_authorisation_matrix.py.
MAY_READ_WORKINGS = frozenset({"contributor", "analyst", "administrator", "superuser"})

REFUSED_ANONYMOUS = {401, 403, 404}
REFUSED = {403, 404}
UPLOAD = (
    "indicator,area,period,period_type,value,unit,polarity,title\n"
    "authorisation_check,E06000019,2024-25,financial,12.5,%,high,An authorisation check\n"
)


@dataclass(frozen=True)
class Call:
    """One operation with its path filled for one target (``what``: a plan's key, a
    partnership's key, or "" for an operation about no one thing)."""

    method: str
    template: str
    path: str
    query: dict[str, str]
    what: str


@dataclass(frozen=True)
class Caller:
    role: str
    scope: str | None  # None: no token
    secret: str | None


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """Every (method, path template, operation) of the OpenAPI document."""
    document = api.get_openapi_schema()
    found = []
    for template, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found.append((method.upper(), template, operation))
    return found


def _targets(world: World, template: str) -> list[dict[str, str]]:
    """The values each path can be filled with: one dict of parameter values per target."""
    values = world.values
    plans = world.plans
    if template.startswith("/api/v1/plans/{key}"):
        targets = []
        for plan in (plans["private"], plans["public"], plans["other"]):
            measure = Measure.objects.filter(outcome__priority__plan=plan).order_by("pk").first()
            targets.append(
                {"key": plan.key, "measure_key": measure.key if measure else "none", "_": plan.key}
            )
        return targets
    if template.startswith("/api/v1/partnerships/{key}"):
        return [{"key": key, "_": key} for key in ("alpha", "beta")]
    # An indicator a plan measures (national data: everyone reads it).
    measure = Measure.objects.filter(outcome__priority__plan=plans["private"]).first()
    reference = "lait:6wksBreast"
    if measure is not None and measure.indicator is not None:
        reference = measure.indicator.reference
    source, code = reference.split(":", 1)
    return [
        {
            "source": source,
            "code": code,
            "batch_id": str(values["import_batch"]),
            "_": "",
        }
    ]


# Required query parameters, by name (e.g. an area code for a benchmark).
def _query_value(world: World, name: str) -> str | None:
    known = {
        "area": world.plans["private"].partnership.area.code,
        "area_code": world.plans["private"].partnership.area.code,
    }
    return known.get(name)


def fill(world: World) -> tuple[list[Call], list[str]]:
    """Every call to make, and the parameters this test does not know how to fill."""
    calls: list[Call] = []
    unknown: list[str] = []
    for method, template, operation in operations():
        parameters = operation.get("parameters", [])
        path_names = [p["name"] for p in parameters if p["in"] == "path"]
        required_query = [p["name"] for p in parameters if p["in"] == "query" and p.get("required")]
        for target in _targets(world, template):
            missing = [n for n in path_names if n not in target]
            query = {n: _query_value(world, n) for n in required_query}
            missing += [f"?{n}" for n, v in query.items() if v is None]
            if missing:
                unknown.append(f"{method} {template}: {', '.join(missing)}")
                break
            path = template
            for name in path_names:
                path = path.replace("{" + name + "}", target[name])
            calls.append(
                Call(method, template, path, {k: v for k, v in query.items() if v}, target["_"])
            )
    return calls, unknown


def expected(call: Call, caller: Caller) -> set[int]:
    """The statuses the rules allow for this call by this caller."""
    role, anonymous = caller.role, caller.scope is None
    refused = REFUSED_ANONYMOUS if anonymous else REFUSED
    template = call.template
    if template == "/api/v1/imports" and call.method == "POST":
        if anonymous:
            return {401}
        if caller.scope != "write" or role not in IMPORTERS:
            return {403}
        return {201}
    if template.startswith("/api/v1/imports/"):
        if anonymous:
            return {401}
        return {200} if role in IMPORTERS else {403}
    if call.method != "GET":
        raise AssertionError(f"No rule for {call.method} {template}: add one to expected()")
    if template == "/api/v1/plans/{key}/actions":
        return {200} if role in GOVERNANCE_READERS[call.what] else refused
    if template.startswith("/api/v1/plans/{key}"):
        return {200} if role in PLAN_READERS[call.what] else refused
    if template.startswith("/api/v1/partnerships/{key}"):
        return {200} if role in PARTNERSHIP_READERS[call.what] else refused
    return {200}  # lists (filtered to what the caller may read), national evidence, index


def forbidden_words(world: World, role: str) -> dict[str, str]:
    """The words ``role`` must never read in any answer, with what each is."""
    words: dict[str, str] = {}
    for plan in world.plans.values():
        if role not in PLAN_READERS[plan.key]:
            words[plan.key] = f"the key of {plan.key}"
            words[plan.key.upper().replace("-", "")] = f"a marker word of {plan.key}"
    if role not in MAY_READ_WORKINGS:
        for markers in world.markers.values():
            for what, word in markers.hidden.items():
                words[word] = what
    return words


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The pages' security world and, for each role, a read and a write token; built once
    for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = world_make()
        tokens: dict[tuple[str, str], str] = {}
        for role, user in made.people.items():
            if user is None:
                continue
            for scope in ("read", "write"):
                tokens[(role, scope)] = api_token_create(
                    user=user, name=f"{role} {scope}", scope=scope, by=None
                ).secret
        made.objects["tokens"] = tokens
        yield made
        transaction.set_rollback(True)


def callers(world: World) -> list[Caller]:
    found = [Caller("anonymous", None, None)]
    for (role, scope), secret in sorted(world.objects["tokens"].items()):
        found.append(Caller(role, scope, secret))
    return found


def _request(client: Client, call: Call, caller: Caller) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {caller.secret}"} if caller.secret else {}
    with transaction.atomic():
        if call.method == "GET":
            response = client.get(call.path, call.query, **headers)
        else:
            response = client.generic(
                call.method, call.path, UPLOAD.encode(), content_type="text/csv", **headers
            )
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_every_operation_answers_every_role_as_the_rules_say(world: World) -> None:
    calls, unknown = fill(world)
    assert not unknown, (
        "These operations have parameters this test cannot fill; add them to _targets or "
        "_query_value in tests/api/test_authorisation.py:\n  " + "\n  ".join(unknown)
    )
    assert {c.template for c in calls} >= {"/api/v1/imports", "/api/v1/imports/{batch_id}"}
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    seen_by_readers: set[str] = set()
    for call, caller in itertools.product(calls, callers(world)):
        response = _request(client, call, caller)
        who = f"{caller.role} ({caller.scope or 'no'} token)"
        allowed = expected(call, caller)
        if response.status_code not in allowed:
            problems.append(
                f"{call.method} {call.path} as {who}: {response.status_code}, "
                f"expected {sorted(allowed)}"
            )
        body = response.content.decode("utf-8", "replace")
        for word, what in forbidden_words(world, caller.role).items():
            # A refusal may repeat the key the caller sent ("No plan 'alpha-private'").
            if word in body and word not in call.path:
                problems.append(f"{call.method} {call.path} as {who} shows {what} ({word})")
        if caller.role in PLAN_READERS["alpha-private"] and "alpha-private" in body:
            seen_by_readers.add(call.template)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", (call, caller)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # The check can see a leak: the private plan's key does reach those who may read it.
    assert "/api/v1/plans" in seen_by_readers or "/api/v1/plans/{key}" in seen_by_readers


def test_every_operation_declares_the_bearer_scheme() -> None:
    document = api.get_openapi_schema()
    schemes = document["components"]["securitySchemes"]
    [name] = [n for n, s in schemes.items() if s == {"type": "http", "scheme": "bearer"}]
    for method, template, operation in operations():
        assert {name: []} in operation.get("security", []), f"{method} {template}"
