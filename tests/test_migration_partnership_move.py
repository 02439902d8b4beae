"""The partnership moved from plans to accounts, and the board pack from reports to
governance (docs/adr/0016-layers.md), in Django's state only. A database made before the
moves, with a partnership, a board pack and everything that points at them, migrates
forward with every row and link intact, and back again.

Run in a fresh database of its own (a SQLite file; or, when DATABASE_URL names a PostgreSQL
server, a database beside the test one), in a child process: migrating the test database
back and forth would disturb the other tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from tests.plugins.migrated_sqlite import migrated_sqlite_copy

ROOT = Path(__file__).resolve().parents[1]

# The last migration of each app before the move.
BEFORE = [
    ("accounts", "0003_sign_in_audit_actions"),
    ("plans", "0004_deleted_item"),
    ("governance", "0002_paper_board_pack"),
    ("reports", "0004_comparator_group"),
]

SCRIPT = """
import datetime as dt, json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = %(before)r
call_command("migrate", verbosity=0)
call_command("migrate", "reports", "0004_comparator_group", verbosity=0)
call_command("migrate", "governance", "0002_paper_board_pack", verbosity=0)
call_command("migrate", "plans", "0004_deleted_item", verbosity=0)
call_command("migrate", "accounts", "0003_sign_in_audit_actions", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
# As a database from before the move has it: the partnership's content type is plans'.
from django.contrib.contenttypes.models import ContentType
ContentType.objects.filter(model__in=["partnership", "boardpack"]).delete()
ContentType.objects.create(app_label="plans", model="partnership")
ContentType.objects.create(app_label="reports", model="boardpack")
assert old.get_model("plans", "Partnership")._meta.db_table == "plans_partnership"
try:
    old.get_model("accounts", "Partnership")
    sys.exit("accounts.Partnership exists before the move")
except LookupError:
    pass
Area = old.get_model("geography", "Area")
area = Area.objects.create(code="E06000019", name="Herefordshire", area_type="local_authority")
Partnership = old.get_model("plans", "Partnership")
p = Partnership.objects.create(key="hfd", name="Herefordshire CYPP", area=area,
                               description="Words", rating_rules={"amber": 5})
User = old.get_model("auth", "User")
user = User.objects.create(username="ann")
Organisation = old.get_model("accounts", "Organisation")
org = Organisation.objects.create(name="Herefordshire Council")
old.get_model("accounts", "PartnershipRole").objects.create(user=user, partnership=p, role="analyst")
old.get_model("plans", "PartnershipMember").objects.create(partnership=p, organisation=org)
plan = old.get_model("plans", "Plan").objects.create(
    key="plan", partnership=p, title="Plan", start=dt.date(2024, 4, 1), end=dt.date(2027, 3, 31))
body = old.get_model("governance", "Body").objects.create(partnership=p, key="board", name="Board")
assert old.get_model("reports", "BoardPack")._meta.db_table == "reports_boardpack"
pack = old.get_model("reports", "BoardPack").objects.create(
    plan=plan, title="Pack", status="published", snapshot={"m": 1})
meeting = old.get_model("governance", "Meeting").objects.create(body=body, date=dt.date(2025, 1, 9))
item = old.get_model("governance", "AgendaItem").objects.create(meeting=meeting, title="Report")
old.get_model("governance", "Paper").objects.create(agenda_item=item, title="The pack",
                                                    board_pack=pack)
old.get_model("reports", "ComparatorGroup").objects.create(partnership=p, name="Near")

call_command("migrate", verbosity=0)

from cypp.accounts.models import Partnership as Moved, PartnershipRole
from cypp.governance.models import BoardPack, Body, Paper
from cypp.plans.models import Plan, PartnershipMember
from cypp.reports.models import ComparatorGroup
moved = Moved.objects.get()
print(json.dumps({
    "id": moved.pk == p.pk,
    "fields": [moved.key, moved.name, moved.description, moved.rating_rules, moved.area.code],
    "roles": list(PartnershipRole.objects.values_list("partnership__key", "role")),
    "members": list(PartnershipMember.objects.values_list("partnership__key", "organisation__name")),
    "plans": list(Plan.objects.values_list("partnership__key", "key")),
    "bodies": list(Body.objects.values_list("partnership__key", "key")),
    "groups": list(ComparatorGroup.objects.values_list("partnership__key", "name")),
    "packs": list(BoardPack.objects.values_list("pk", "plan__key", "title", "status", "snapshot")),
    "papers": list(Paper.objects.values_list("title", "board_pack_id", "board_pack__title")),
    "pack_papers": [x.title for x in BoardPack.objects.get().governance_papers.all()],
    "pack_id": BoardPack.objects.get().pk == pack.pk,
    "reverse": sorted(x.key for x in moved.plans.all()) + [moved.roles.count()],
    "content_types": sorted(ContentType.objects.filter(
        model__in=["partnership", "boardpack"]).values_list("app_label", "model")),
}))
call_command("migrate", "reports", "0004_comparator_group", verbosity=0)
call_command("migrate", "governance", "0002_paper_board_pack", verbosity=0)
call_command("migrate", "plans", "0004_deleted_item", verbosity=0)
call_command("migrate", "accounts", "0003_sign_in_audit_actions", verbosity=0)
back = MigrationExecutor(connection).loader.project_state(BEFORE).apps
print(back.get_model("plans", "Partnership").objects.get().key)
print(back.get_model("plans", "Plan").objects.get().partnership.key)
print(back.get_model("governance", "Paper").objects.get().board_pack.title)
"""


def _database_url() -> tuple[str, str | None]:
    """Where the child process migrates: a new SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = f"cypp_migration_{uuid.uuid4().hex[:10]}"
        return url.rsplit("/", 1)[0] + "/" + name, name
    return "", None


def _postgres(url: str, sql: str) -> None:
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql)


def test_a_database_from_before_the_move_migrates_with_every_row_and_link(tmp_path, request):
    url, pg_name = _database_url()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "cypp.config.settings.test", "CYPP_VAR_DIR": str(tmp_path)}
    if pg_name:
        _postgres(url, f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = url
    else:
        # The run's migrated file (the script's first migrate then has nothing to do).
        migrated_sqlite_copy(request.getfixturevalue("migrated_sqlite"), tmp_path)
    try:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT % {"before": BEFORE}],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=900,
        )
    finally:
        if pg_name:
            _postgres(url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    after = json.loads(lines[-4])
    assert after["id"] is True
    assert after["fields"] == ["hfd", "Herefordshire CYPP", "Words", {"amber": 5}, "E06000019"]
    assert after["roles"] == [["hfd", "analyst"]]
    assert after["members"] == [["hfd", "Herefordshire Council"]]
    assert after["plans"] == [["hfd", "plan"]]
    assert after["bodies"] == [["hfd", "board"]]
    assert after["groups"] == [["hfd", "Near"]]
    assert after["reverse"] == ["plan", 1]
    assert after["packs"] == [[after["packs"][0][0], "plan", "Pack", "published", {"m": 1}]]
    assert after["papers"] == [["The pack", after["packs"][0][0], "Pack"]]
    assert after["pack_papers"] == ["The pack"]
    assert after["pack_id"] is True
    assert after["content_types"] == [["accounts", "partnership"], ["governance", "boardpack"]]
    assert lines[-3:] == ["hfd", "hfd", "Pack"]
