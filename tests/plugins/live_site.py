"""The live site and headless Chromium, as fixtures for every test folder.

Defined once, here, and registered in ``tests/conftest.py``: a test module that imported
these fixtures would define its own copies, and a second session-wide Playwright in the same
worker process fails every later browser test ("Sync API inside the asyncio loop", a CI run
of 2 December 2026), as a second live server would share the connections of the first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags keep Chromium off the network this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the tests themselves happen between page actions, never concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _count_once_loaded(locator: Any) -> int:
    """``Locator.count`` after the page's document has loaded. A count does not wait: right
    after a click that navigates, the new document may be committed (the address has
    changed) but not yet read, and the count sees too few rows (a CI run failed so)."""
    locator.page.wait_for_load_state()
    return _LOCATOR_COUNT(locator)


_LOCATOR_COUNT = Locator.count
Locator.count = _count_once_loaded  # type: ignore[method-assign]

_SHARED: dict[str, Any] = {}
# Ids of every connection lent to the server; a late request (a favicon after the test
# ended) may still hold one, and must leave it to its owner.
_EVER_SHARED: dict[int, Any] = {}


@pytest.fixture(scope="session")
def site_server(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The app served on a free local port for the whole session.

    pytest-django's ``live_server`` empties every table after each test (it is a
    TransactionTestCase), which would throw away the national data loaded once per
    session. This server shares the test thread's database connection instead (as
    LiveServerTestCase does for in-memory SQLite, here for PostgreSQL too), so each test
    runs in its own transaction, rolled back at the end, and the pages see what the test
    made. Playwright's calls block the test thread while the server answers, so the
    connection is never used by both at once.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    class SharingServer(ThreadedWSGIServer):
        # Django closes every connection after each request; closing the shared one would
        # end the test's transaction, so only the server's own connections are closed (a
        # request between tests, such as a late favicon, opens one of its own).
        def _close_connections(self) -> None:
            for connection in connections.all(initialized_only=True):
                if id(connection) not in _EVER_SHARED:
                    connection.close()

    class SharingServerThread(LiveServerThread):
        def _create_server(self, connections_override: Any = None) -> SharingServer:
            return SharingServer(
                (self.host, self.port),
                WSGIRequestHandler,
                allow_reuse_address=False,
                connections_override=connections_override,
            )

    with django_db_blocker.unblock():
        # Filled per test by ``site_url`` with that test's connection; the server reads the
        # dict at every request.
        _SHARED.clear()
        thread = SharingServerThread(
            "localhost", StaticFilesHandler, connections_override=_SHARED, port=0
        )
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://localhost:{thread.port}"
        finally:
            thread.terminate()
            # Playwright runs the tests in its own context, where Django made connections
            # that its own teardown does not see; close them so the test database can go.
            for connection in _EVER_SHARED.values():
                connection.inc_thread_sharing()
                connection.close()
                connection.dec_thread_sharing()


@pytest.fixture
def site_url(site_server: str, db: None) -> Iterator[str]:
    """The site's address, serving this test's database connection (and transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connections

    # Django closes a connection at the start and end of each request when its autocommit
    # is off, as it is inside the test's transaction; the test client disconnects these
    # signals for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    for connection in connections.all():
        connection.ensure_connection()
        connection.inc_thread_sharing()
        _SHARED[connection.alias] = connection
        _EVER_SHARED[id(connection)] = connection
    try:
        yield site_server
    finally:
        for alias in list(_SHARED):
            _SHARED.pop(alias).dec_thread_sharing()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
