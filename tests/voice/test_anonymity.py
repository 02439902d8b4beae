"""No identifying data is stored for an anonymous survey (issue #17, ICO Children's Code):
a whole journey is run from a known address and browser, then every table of the database
is read, every column, and neither the address, the browser string, the rate limit's hash of
the address nor the save-and-return code is anywhere in it."""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cypp.voice import ratelimit
from cypp.voice.models import Response
from tests.voice.world import voice_world

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "UniqueAgent/9.9.9-voice"


def _tables() -> list[str]:
    tables = connection.introspection.table_names()
    # Every model's table is among them, so reading these reads every model's rows.
    models = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert models <= set(tables), models - set(tables)
    return tables


def _where_found(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every column of every table holding any needle."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (names from the catalogue)
                        f"WHERE CAST({quote(column)} AS TEXT) LIKE %s",
                        [f"%{needle}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append((table, column, needle))
    return found


def _journey(client: Client) -> str:
    """A whole journey: start, agree, answer (with an unsafe answer and its help), save,
    come back on another visit from the same address, send. Returns the code it was given."""

    def url(name: str, **kw: str) -> str:
        return reverse(f"voice:journey_{name}", kwargs={"survey": "wellbeing", **kw})

    def question(key: str) -> str:
        return url("question", question=key)

    assert client.get(url("start")).status_code == 200
    client.post(url("language"), {"choice": "en"})
    client.post(url("audience") + "?lang=en", {"choice": "12-15"})
    client.post(url("consent") + "?lang=en&audience=12-15", {"choice": "over"})
    page = client.post(url("consent") + "?lang=en&audience=12-15&age=over", {"agree": "yes"})
    assert page["Location"] == question("area")
    client.post(question("area"), {"q-area": "leominster", "action": "continue"})
    client.post(question("happy"), {"q-happy": "2", "action": "continue"})
    page = client.post(question("feel-safe"), {"q-feel-safe": "no", "action": "continue"})
    assert page["Location"].startswith(url("help"))
    assert client.get(page["Location"]).status_code == 200
    page = client.post(question("why-unsafe"), {"q-why-unsafe": "It is loud", "action": "save"})
    words = re.findall(r'<span class="voice-code-word">([a-z0-9]+)</span>', page.content.decode())
    assert len(words) == 4, page.content.decode()
    code = "-".join(words)
    client.cookies.clear()
    page = client.post(url("resume"), {"code": " ".join(words)})
    assert page["Location"] == question("matters")
    client.post(
        question("matters"),
        {"q-matters-1": "family", "q-matters-2": "friends", "q-matters-3": "school"},
    )
    client.post(question("change"), {"q-change": "More buses please", "action": "continue"})
    page = client.post(url("finish"))
    assert "Thank you" in html.unescape(page.content.decode())
    return code


def test_a_whole_journey_leaves_no_address_browser_or_code_in_any_table() -> None:
    voice_world()
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    code = _journey(client)
    response = Response.objects.get(survey__key="wellbeing")
    assert response.status == "finished" and response.help_shown and response.area == "leominster"
    token = ratelimit.address_token(ADDRESS, timezone.now())
    needles = [ADDRESS, AGENT, code, code.replace("-", " "), token]
    # The reading works: the child's own words are found where they were saved.
    assert ("voice_answer", "value", "More buses please") in _where_found(["More buses please"])
    assert _where_found(needles) == []
