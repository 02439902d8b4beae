"""A safeguarding alert survives a process killed mid-task and a server restart.

Each step runs in a real process of its own (``python -c``) against one database made for
the test: on SQLite a migrated file in a temporary directory; on PostgreSQL (when the run's
``DATABASE_URL`` is set) a database of its own, copied from a migrated template and dropped
after. Not the session's test database: SQLite's is in memory, out of other processes'
reach, and sharing PostgreSQL's would need a flush that empties the national data every
other test reads.

- Killed after the commit, before the e-mail (``SIGKILL`` from a commit hook registered
  ahead of the alert's): the answer and the alert are kept, unsent; the next sweep
  (``cypp voice alerts``, a new process) sends exactly one e-mail, and a second sweep none.
- Killed inside the transaction, before the commit: neither the answer nor the alert
  exists, and the sweep sends nothing.
- A server restart: the real server (``cypp runserver``) takes a child's named answer over
  HTTP while the mail server is down (the e-mail fails, the child's answer stands), and is
  killed; a new process's sweep finds the alert and sends it. The same with a long-running
  process calling the journey's service.
- Two sweeps at once (a timer's run beside a start's, the mail server slow) send each
  unsent alert exactly once between them.

The rows are read in this process (sqlite3, psycopg); each sweep prints its outbox.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.conftest import ROOT
from tests.plugins.migrated_sqlite import migrated_sqlite_copy

# A small named survey of its own (no national data needed): the check-in survey of
# tests/voice/world.py, its one question that raises an alert, and its two contacts.
SETUP = """
import datetime as dt
import django; django.setup()
from django.contrib.auth.models import User
from cypp.accounts.models import Partnership, PartnershipRole
from cypp.geography.models import Area
from cypp.voice.models import Audience, Question, Survey, Wave
area = Area.objects.create(code="E06000019", name="Herefordshire", area_type="local_authority")
alpha = Partnership.objects.create(key="alpha", name="Alpha", area=area)
people = {}
for name in ("voice-dsl", "voice-escalation"):
    people[name] = User.objects.create_user(name, email=name + "@example.org")
    PartnershipRole.objects.create(user=people[name], partnership=alpha, role="viewer")
survey = Survey.objects.create(
    partnership=alpha, key="check-in", title="Checking in", anonymous=False, status="open",
    privacy_notice="We will ask your name so we can help you.", languages=["en"],
    help_text="Call Childline on 0800 1111.", safeguarding_contact=people["voice-dsl"],
    escalation_contact=people["voice-escalation"], acknowledge_within_hours=4,
    definition_sha256="1" * 64,
)
audience = Audience.objects.create(
    survey=survey, key="12-15", label="I am 12 to 15", kind="children", age_min=12, age_max=15
)
Question.objects.create(
    audience=audience, key="feel-safe", kind="choice", text="Do you feel safe at home?",
    options=[{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
    safeguarding_answers=["no"],
)
Wave.objects.create(survey=survey, key="2025", label="2025", opens=dt.date(2025, 3, 1))
"""
# A named response to the check-in survey, committed on its own (the journey's start is
# tested with the journey); then the flagged answer ("No" to "Do you feel safe at home?")
# saved through the journey's service, ``answers_save``.
START = """
import datetime as dt, json, os, signal, sys, time
import django; django.setup()
from django.db import transaction
from cypp.voice.models import Response, Survey
from cypp.voice.services_journey import answers_save
survey = Survey.objects.get(key="check-in")
response = Response.objects.create(
    survey=survey, audience=survey.audiences.get(), wave=survey.waves.get(), language="en",
    consent="self", started_on=dt.date.today(), respondent_name="Sam Jones",
    respondent_contact="07700 900123",
)
print(json.dumps({"response": response.pk}), flush=True)
"""
KILLED_AFTER_COMMIT = (
    START
    + """
with transaction.atomic():
    # Registered before the alert's own hook, so it runs first: the process dies with the
    # answer and the alert committed and no e-mail sent.
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    answers_save(response=response, answers={"feel-safe": "no"})
print("not killed", flush=True)
"""
)
KILLED_BEFORE_COMMIT = (
    START
    + """
with transaction.atomic():
    answers_save(response=response, answers={"feel-safe": "no"})
    os.kill(os.getpid(), signal.SIGKILL)
print("not killed", flush=True)
"""
)
# The "server": the mail server is down (nothing listens on port 9), so the e-mail after
# the commit fails, is logged, and the answer stands; the process carries on serving until
# it is killed.
SERVER = (
    START.replace(
        "survey = Survey",
        "from django.conf import settings\n"
        "settings.EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        "settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = '127.0.0.1', 9, 2\n"
        "survey = Survey",
    )
    + """
flagged = answers_save(response=response, answers={"feel-safe": "no"})
print(json.dumps({"flagged": flagged}), flush=True)
while True:
    time.sleep(1)
"""
)
# Five named children answer while the mail server is down: five alerts, none sent.
FIVE_UNSENT = (
    START.replace(
        "survey = Survey",
        "from django.conf import settings\n"
        "settings.EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        "settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = '127.0.0.1', 9, 2\n"
        "survey = Survey",
    )
    + """
for _ in range(5):
    response.pk = None
    response.save()
    answers_save(response=response, answers={"feel-safe": "no"})
"""
)
# A sweep whose mail server takes half a second a message, so two sweeps overlap.
SLOW_SWEEP = (
    """
import time
import urllib.error
import urllib.parse
import urllib.request
from django.core.mail.backends import locmem
sent = locmem.EmailBackend.send_messages
def slow(self, messages):
    time.sleep(0.5)
    return sent(self, messages)
locmem.EmailBackend.send_messages = slow
"""
    + "\n"
)
SWEEP = """
import json
import django; django.setup()
from django.core import mail
from django.core.management import call_command
call_command("voice", "alerts", "--json")
print(json.dumps([{"to": m.to, "subject": m.subject, "body": m.body}
                  for m in getattr(mail, "outbox", [])]))
"""


@dataclass
class Site:
    """Where the processes meet: their environment, and how this process reads the rows."""

    env: dict[str, str]
    sqlite: Path | None = None
    postgres: str = ""  # a psycopg connection string

    def run(self, code: str, *, killed: bool = False) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if killed:
            assert done.returncode == -signal.SIGKILL, (done.returncode, done.stderr[-3000:])
            assert "not killed" not in done.stdout
        else:
            assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.sqlite is not None:
            with sqlite3.connect(self.sqlite) as reader:
                return list(reader.execute(sql).fetchall())
        with psycopg.connect(self.postgres) as reader:
            return list(reader.execute(sql).fetchall())

    def sweep(self) -> list[dict[str, Any]]:
        """``cypp voice alerts`` in a new process: the e-mails it sent."""
        return list(json.loads(self.run(SWEEP).splitlines()[-1]))


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "cypp.config.settings.test"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _postgres_url(name: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


def _postgres_admin(sql: str) -> None:
    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


def _migrate(env: dict[str, str]) -> None:
    code = "import django; django.setup(); from django.core.management import call_command; "
    code += "call_command('migrate', verbosity=0)"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, timeout=900)


# PostgreSQL when the run uses it, named after the run's database so runs side by side do
# not meet; SQLite otherwise.
RUN_DATABASE = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/")


@pytest.fixture(scope="module")
def migrated(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database, copied for each test: the path of the run's migrated SQLite file
    (tests/plugins/migrated_sqlite.py), or a PostgreSQL template database's name, made once
    for the module."""
    env = _environment()
    if not RUN_DATABASE:
        yield str(request.getfixturevalue("migrated_sqlite"))
        return
    template = f"{RUN_DATABASE}_kill_template"
    _postgres_admin(f'DROP DATABASE IF EXISTS "{template}"')
    _postgres_admin(f'CREATE DATABASE "{template}"')
    try:
        _migrate({**env, "DATABASE_URL": _postgres_url(template)})
        yield template
    finally:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{template}"')


@pytest.fixture
def site(migrated: str, tmp_path: Path) -> Iterator[Site]:
    env = _environment()
    if not RUN_DATABASE:
        migrated_sqlite_copy(Path(migrated), tmp_path)
        yield Site(env={**env, "CYPP_VAR_DIR": str(tmp_path)}, sqlite=tmp_path / "cypp.sqlite3")
        return
    name = f"{RUN_DATABASE}_kill"
    _postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')
    _postgres_admin(f'CREATE DATABASE "{name}" TEMPLATE "{migrated}"')
    try:
        env = {**env, "DATABASE_URL": _postgres_url(name), "CYPP_VAR_DIR": str(tmp_path)}
        yield Site(env=env, postgres=_postgres_url(name))
    finally:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')


ALERTS = "SELECT id, response_id, notified_at FROM voice_safeguardingalert"


def _answers(site: Site, response: int) -> list[tuple[Any, ...]]:
    return site.rows(f"SELECT value FROM voice_answer WHERE response_id = {int(response)}")  # noqa: S608


def _no_childs_words(sent: list[dict[str, Any]]) -> None:
    for message in sent:
        assert "Sam Jones" not in message["body"] and "07700" not in message["body"]


def test_an_alert_committed_before_the_process_dies_is_sent_by_the_next_sweep(
    site: Site,
) -> None:
    site.run(SETUP)
    out = site.run(KILLED_AFTER_COMMIT, killed=True)
    response = json.loads(out.splitlines()[0])["response"]
    assert _answers(site, response) == [("no",)]
    alerts = site.rows(ALERTS)
    assert len(alerts) == 1
    alert_id, alert_response, notified_at = alerts[0]
    assert (alert_response, notified_at) == (response, None)

    sent = site.sweep()
    assert [m["to"] for m in sent] == [["voice-dsl@example.org"]]
    assert f"/voice/alerts/{alert_id}/" in sent[0]["body"]
    _no_childs_words(sent)
    assert site.rows(ALERTS)[0][2] is not None
    assert site.sweep() == []  # sent once


def test_a_process_killed_before_the_commit_leaves_neither_answer_nor_alert(site: Site) -> None:
    site.run(SETUP)
    out = site.run(KILLED_BEFORE_COMMIT, killed=True)
    response = json.loads(out.splitlines()[0])["response"]
    assert _answers(site, response) == []
    assert site.rows(ALERTS) == []
    assert site.sweep() == []


def test_after_a_server_restart_a_new_process_sends_the_alert(site: Site) -> None:
    site.run(SETUP)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        env=site.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        started = json.loads(server.stdout.readline())
        saved = json.loads(server.stdout.readline())
        assert saved == {"flagged": ["feel-safe"]}
        time.sleep(0.2)
        assert server.poll() is None  # the failed e-mail did not stop the server
    finally:
        server.kill()
        _out, err = server.communicate(timeout=30)
    assert "Could not send safeguarding alert" in err
    assert _answers(site, started["response"]) == [("no",)]
    assert [row[2] for row in site.rows(ALERTS)] == [None]
    sent = site.sweep()
    assert [m["to"] for m in sent] == [["voice-dsl@example.org"]]
    _no_childs_words(sent)


def test_two_sweeps_at_once_send_each_alert_once(site: Site) -> None:
    site.run(SETUP)
    site.run(FIVE_UNSENT)
    alerts = site.rows(ALERTS)
    assert len(alerts) == 5 and {row[2] for row in alerts} == {None}
    sweeps = [
        subprocess.Popen(
            [sys.executable, "-c", SLOW_SWEEP + SWEEP],
            env=site.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    sent: list[dict[str, Any]] = []
    for sweep in sweeps:
        out, err = sweep.communicate(timeout=300)
        assert sweep.returncode == 0, err[-3000:]
        sent += json.loads(out.splitlines()[-1])
    links = sorted(m["body"].split("/voice/alerts/")[1].split("/")[0] for m in sent)
    assert links == sorted(str(row[0]) for row in alerts)  # each of the five, once
    assert {row[2] is not None for row in site.rows(ALERTS)} == {True}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """A child's browser, as plain HTTP: cookies kept, the CSRF token sent back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as answer:
            return str(answer.read().decode())

    def post(self, path: str, fields: dict[str, str]) -> int:
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, page[:2000]
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)})
        try:
            with self.opener.open(self.base + path, data.encode(), timeout=60) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:  # a redirect, as _NoRedirect leaves it
            return int(error.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_a_child_answers_through_the_server_which_is_killed_and_the_alert_still_goes(
    site: Site,
) -> None:
    """The real server (``cypp runserver``) takes the child's named answer "No" to "Do you
    feel safe at home?" while the mail server is down, and is killed; a new process's sweep
    sends the alert."""
    site.run(SETUP)
    port = _free_port()
    env = {
        **site.env,
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.local",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",  # nothing listens: the mail server is down
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "cypp"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        child = Browser(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 120
        while True:
            try:
                child.get("/voice/take/check-in/")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.5)
        consent = "/voice/take/check-in/agree/?lang=en&audience=12-15&age=over"
        assert child.post(consent, {"agree": "yes", "name": "Sam Jones"}) == 302
        answer = {"q-feel-safe": "no", "action": "continue"}
        assert child.post("/voice/take/check-in/questions/feel-safe/", answer) == 302
    finally:
        server.kill()
        _out, err = server.communicate(timeout=30)
    assert "Could not send safeguarding alert" in err
    [(alert_id, _response, notified_at)] = site.rows(ALERTS)
    assert notified_at is None
    sent = site.sweep()
    assert [m["to"] for m in sent] == [["voice-dsl@example.org"]]
    assert f"/voice/alerts/{alert_id}/" in sent[0]["body"]
    _no_childs_words(sent)
