"""A real HTTP server on this machine, in a thread, standing in for a council's site: each
test says what it answers (a status, a body, a delay) and reads what it was asked."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HERE = Path(__file__).parent
RECORDED = HERE / "recorded"
INVENTED = HERE / "invented"


@dataclass
class CouncilSite:
    address: str
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    location: str = ""  # with a 3xx status: where to
    # Answers by path (the method's name): {"GetMeeting": (200, b"...")}
    answers: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    asked: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)


@pytest.fixture
def council_site() -> Iterator[CouncilSite]:
    site = CouncilSite(address="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.asked.append((self.path, self.headers.get("User-Agent", "")))
            if site.delay:
                time.sleep(site.delay)
            method = self.path.split("?")[0].rsplit("/", 1)[-1]
            status, body = site.answers.get(method, (site.status, site.body))
            self.send_response(status)
            if site.location:
                self.send_header("Location", site.location)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # The client may have given up waiting (the timeout test).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.address = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
