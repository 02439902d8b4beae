"""Who may open what of a partnership's families: every families URL, as every role, answers
as tests/families/access_expectations.txt says, and no answer to someone who may not see a
family shows anything of it.

The URL patterns come from the URL conf (every pattern in the ``families`` namespace), not
from a list kept here, so a new families page cannot slip past: a pattern without a GET
and a POST row in the expectations fails the test, saying which rows to add. Each row is
requested (a POST always empty) as each person of ``tests.families.world.ROLES`` in one
world built once for the module, each request in a transaction rolled back after it; a
refused POST must change no table's rows.

For every answer, whatever its status, to a person who may not see a family (from the
rules in ``cypp.families.access``'s docstring, written out in ``world.MAY_SEE``), the body
must not contain the family's reference, key hashes, member names or evidence values and
notes (``World.secrets``). The log of views is the one page allowed to show references to
people who cannot open the families (its rows say ``refs``).

Every read-only action of ``cypp families`` is run too, and its output (and any refusal)
must show no family's reference, hash, member or evidence.
"""

from __future__ import annotations

import argparse
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from cypp.errors import ApplicationError
from cypp.families.management.commands import families as families_command
from tests.families.world import MAY_SEE, ROLES, World, world_make
from tests.security.test_authorisation_matrix import Requester, outcome_of, url_patterns

TABLE = Path(__file__).with_name("access_expectations.txt")
METHODS = ("GET", "POST")
# "refs": 200, and the page may show family references (the log of views) but nothing else.
OUTCOMES = ("ok", "refs", "login", "no", "moved", "405", "400", "error")
NAMESPACE = "families"


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    method: str
    expected: dict[str, str]
    arguments: dict[str, str]


def table_read(path: Path = TABLE) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    for n, raw in enumerate(path.read_text().splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        words = text.split()
        where = f"{path.name}, line {n}"
        if len(words) < 2 + len(ROLES):
            problems.append(f"{where}: a row is a pattern, a method and {len(ROLES)} outcomes")
            continue
        name, method = words[0], words[1]
        codes, extra = words[2 : 2 + len(ROLES)], words[2 + len(ROLES) :]
        if method not in METHODS:
            problems.append(f"{where}: method {method!r} is not one of {', '.join(METHODS)}")
        bad = [c for c in codes if c not in OUTCOMES]
        if bad:
            problems.append(f"{where}: outcome {bad[0]!r} is not one of {', '.join(OUTCOMES)}")
        arguments: dict[str, str] = {}
        for word in extra:
            if "=" not in word:
                problems.append(f"{where}: {word!r} should be parameter=value")
                continue
            key, value = word.split("=", 1)
            arguments[key] = value
        key_ = (name, method, " ".join(sorted(extra)))
        if key_ in seen:
            problems.append(f"{where}: the same row as line {seen[key_]}")
        seen[key_] = n
        rows.append(Row(n, name, method, dict(zip(ROLES, codes, strict=True)), arguments))
    return rows, problems


def path_for(
    name: str, parameters: tuple[str, ...], arguments: dict[str, str], world: World
) -> str:
    kwargs: dict[str, Any] = {}
    for parameter in parameters:
        given = arguments.get(parameter)
        if given is None:
            if parameter not in world.values:
                raise LookupError(
                    f"{name}: say what fills <{parameter}> in its rows of {TABLE.name} "
                    f"({parameter}=@name or {parameter}=value), or add {parameter!r} to "
                    "World.values in tests/families/world.py"
                )
            kwargs[parameter] = world.values[parameter]
        elif given.startswith("@"):
            kwargs[parameter] = world.values[given[1:]]
        else:
            kwargs[parameter] = given
    return reverse(name, kwargs=kwargs)


def leaks(world: World, role: str, body: str, *, references_allowed: bool) -> list[str]:
    """What of a family the person may not see appears in the body."""
    found = []
    for family, secrets in world.secrets.items():
        if family in MAY_SEE.get(role, set()):
            continue
        for what, text in secrets.items():
            if references_allowed and what == "reference":
                continue
            if text and text in body:
                found.append(f"family {family}'s {what} ({text})")
    return found


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_make()
        transaction.set_rollback(True)


def test_the_expectations_are_well_formed() -> None:
    _rows, problems = table_read()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_families_url_answers_every_role_as_expected_and_shows_nothing_it_should_not(
    world: World,
) -> None:
    rows, problems = table_read()
    patterns = [p for p in url_patterns() if p.name.startswith(f"{NAMESPACE}:")]
    assert patterns, "no URL pattern in the families namespace"
    by_name = {p.name: p for p in patterns}
    missing = [
        f"{p.name} {m}   ({p.route})"
        for p in patterns
        for m in METHODS
        if not any(r.name == p.name and r.method == m for r in rows)
    ]
    stale = sorted({r.name for r in rows if r.name not in by_name})
    requester = Requester(world)  # type: ignore[arg-type]
    messages = list(problems)
    for row in rows:
        pattern = by_name.get(row.name)
        if pattern is None:
            continue
        try:
            path = path_for(row.name, pattern.parameters, row.arguments, world)
        except LookupError as error:
            messages.append(str(error))
            continue
        for role in ROLES:
            requester.as_role(role)
            response, unchanged = requester.request(row.method, path, count=row.method == "POST")
            got = outcome_of(response.status_code, response.get("Location", ""), requester.sign_in)
            expected = row.expected[role]
            if (expected == "refs" and got != "ok") or (expected != "refs" and got != expected):
                messages.append(
                    f"{row.method} {path} as {role}: expected {expected}, got {got} "
                    f"({response.status_code}) [{TABLE.name}, line {row.line}]"
                )
            if row.method == "POST" and got not in ("ok", "moved") and not unchanged:
                messages.append(f"POST {path} as {role} was refused ({got}) but changed rows")
            body = getattr(response, "content", b"").decode("utf-8", "replace")
            for leak in leaks(world, role, body, references_allowed=expected == "refs"):
                messages.append(f"{row.method} {path} as {role} shows {leak}")
    draft = os.environ.get("CYPP_FAMILIES_ACCESS_DRAFT")
    if draft:  # what the patterns without rows answer now, as rows, to check and copy
        Path(draft).write_text(_draft_rows(world, requester, patterns, rows))
    if missing:
        messages.append(
            f"These families URL patterns have no row in tests/families/{TABLE.name}; add a "
            "GET and a POST row for each (see the top of that file; "
            "CYPP_FAMILIES_ACCESS_DRAFT=/tmp/rows.txt writes what each person gets now, to "
            "check against the rules and copy):\n  " + "\n  ".join(missing)
        )
    if stale:
        messages.append(f"Rows for URL patterns that no longer exist: {', '.join(stale)}")
    assert not messages, f"{len(messages)} problems:\n" + "\n".join(messages)


def _draft_rows(world: World, requester: Any, patterns: list[Any], rows: list[Row]) -> str:
    lines = []
    for pattern in patterns:
        if any(r.name == pattern.name for r in rows):
            continue
        try:
            path = path_for(pattern.name, pattern.parameters, {}, world)
        except LookupError as error:
            lines.append(f"# {error}")
            continue
        for method in METHODS:
            got = []
            for role in ROLES:
                requester.as_role(role)
                response, _ = requester.request(method, path, count=False)
                got.append(
                    outcome_of(
                        response.status_code, response.get("Location", ""), requester.sign_in
                    )
                )
            lines.append(f"{pattern.name:<26} {method:<6} " + " ".join(f"{g:<6}" for g in got))
    return "\n".join(lines) + "\n"


@pytest.mark.django_db
def test_the_leak_check_can_see_a_leak(world: World) -> None:
    """The family's own practitioner does see what the check looks for, so a page that
    leaked it to someone else would be caught."""
    requester = Requester(world)  # type: ignore[arg-type]
    requester.as_role("practitioner")
    path = reverse("families:family", args=[world.alpha.key, world.families["A"].reference])
    response, _ = requester.request("GET", path, count=False)
    body = response.content.decode()
    assert response.status_code == 200
    shown = leaks(world, "viewer", body, references_allowed=False)
    for what in ("reference", "member Zinnia Quillfeather", "attendance 82.75", "note"):
        assert any(f"family A's {what} " in s for s in shown), (what, shown)
    assert not leaks(world, "practitioner", body, references_allowed=False)


# The command line -----------------------------------------------------------------------------

# What fills a read-only action's required options, by the option's dest.
COMMAND_VALUES = {"partnership": "alpha", "period": "2024-25"}


def _action_parser(action: str) -> argparse.ArgumentParser:
    parser = families_command.Command().create_parser("cypp", "families")
    for choice in parser._actions:
        if isinstance(choice, argparse._SubParsersAction):
            return choice.choices[action]  # type: ignore[no-any-return]
    raise LookupError(action)


def _arguments(action: str) -> tuple[list[list[str]], list[str]]:
    """The ways to run the action (plain, and with --json when it has one), or what is
    missing to run it."""
    args: list[str] = []
    problems: list[str] = []
    has_json = False
    for option in _action_parser(action)._actions:
        if option.dest == "json":
            has_json = True
        if not option.required:
            continue
        if option.dest not in COMMAND_VALUES:
            problems.append(
                f"cypp families {action}: add a value for its required {option.dest!r} to "
                "COMMAND_VALUES in tests/families/test_access.py"
            )
            continue
        if option.option_strings:
            args += [option.option_strings[0], COMMAND_VALUES[option.dest]]
        else:
            args.append(COMMAND_VALUES[option.dest])
    runs = [args] + ([[*args, "--json"]] if has_json else [])
    return runs, problems


@pytest.mark.django_db
def test_no_read_action_of_the_command_shows_a_family(world: World) -> None:
    actions = families_command.Command().actions
    reads = sorted(name for name, module in actions.items() if module.READS_ONLY)
    problems: list[str] = []
    ran = 0
    for action in reads:
        runs, missing = _arguments(action)
        problems += missing
        if missing:
            continue
        for args in runs:
            out, err = io.StringIO(), io.StringIO()
            try:
                call_command("families", action, *args, stdout=out, stderr=err)
            except (CommandError, ApplicationError) as error:
                err.write(str(error))
            ran += 1
            text = out.getvalue() + err.getvalue()
            for leak in leaks(world, "nobody", text, references_allowed=False):
                problems.append(f"cypp families {action} {' '.join(args)} shows {leak}")
    assert ran >= len(reads)
    assert not problems, "\n".join(problems)
