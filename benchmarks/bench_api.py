"""API benchmark: the scorecard endpoint of a 60-measure plan against a trivial endpoint.

Both are served by the same gunicorn (two workers x four threads) on the same SQLite
database as ``bench_pages.py`` builds it (the demo evidence and a public 60-measure plan),
and loaded by 16 concurrent keep-alive connections for a fixed number of requests, in
rounds that alternate the two endpoints. The result is requests per second, the median of
3 rounds; the ratio is scorecard / trivial, where the trivial endpoint is the API's index
(``/api/v1/``): the same framework, authentication, throttling and middleware, no data.

Two scorecards are measured, both anonymous (a public plan): warm, each worker having
answered the scorecard first (the judgements are cached by data version, ADR 0005), and
conditional, the same request with ``If-None-Match`` carrying the ETag the first answer
gave, answered 304 with no body: what a partner's system polling for changes costs.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_api.py``.
"""

from __future__ import annotations

import http.client
import statistics
import time

import bench_pages as pages

ROUNDS = 3
REQUESTS = {"trivial": 1600, "scorecard": 1600, "conditional": 1600}


def _etag(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    etag = response.getheader("ETag")
    if response.status != 200 or not etag:
        raise RuntimeError(f"{path}: status {response.status}, ETag {etag!r}")
    return etag


def _load(port: int, path: str, total: int, headers: dict[str, str], expect: int) -> float:
    """Requests per second for ``total`` requests over the benchmark's connections."""
    per_connection = total // pages.CONNECTIONS
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(per_connection):
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
                response = conn.getresponse()
            except (OSError, http.client.HTTPException):
                # As in bench_pages: an idle keep-alive connection closed by gunicorn is
                # opened again and the request asked again, counted.
                pages.RECONNECTS.append(path)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
                response = conn.getresponse()
            response.read()
            if response.status != expect:
                errors.append(f"{path}: {response.status}")
        conn.close()

    start = time.perf_counter()
    pages._concurrently(worker)
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[:3])
    return per_connection * pages.CONNECTIONS / elapsed


def main() -> None:
    _tmp, env = pages.site_environment("cypp-bench-api-")
    plan_key, _measure_pk = pages._prepare(env)
    trivial, scorecard = "/api/v1/", f"/api/v1/plans/{plan_key}/scorecard"
    rates: dict[str, list[float]] = {name: [] for name in REQUESTS}
    with pages._server(env, "cypp.config.settings.local") as port:
        for path in (trivial, scorecard):
            pages._warm_up(port, path, per_connection=4)
        etag = _etag(port, scorecard)
        for _ in range(ROUNDS):
            rates["trivial"].append(_load(port, trivial, REQUESTS["trivial"], {}, 200))
            rates["scorecard"].append(_load(port, scorecard, REQUESTS["scorecard"], {}, 200))
            rates["conditional"].append(
                _load(port, scorecard, REQUESTS["conditional"], {"If-None-Match": etag}, 304)
            )
    baseline = statistics.median(rates["trivial"])
    print(
        f"API benchmark: gunicorn, 2 workers x 4 threads, {pages.CONNECTIONS} concurrent "
        "keep-alive connections, SQLite, anonymous reads of a public 60-measure plan"
    )
    print(
        f"  method: requests/s of a fixed batch per round, median of {ROUNDS} rounds that "
        "alternate with the baseline (the API's index, /api/v1/, same server, same run); "
        "ratio = endpoint / baseline"
    )
    print(pages._line("trivial endpoint (/api/v1/)", rates["trivial"], None))
    print(pages._line("scorecard (60), warm", rates["scorecard"], baseline))
    print(pages._line("scorecard, If-None-Match 304", rates["conditional"], baseline))
    print(f"  requests per round: {REQUESTS}; read the ratios, not the seconds")
    print(
        f"  requests asked again after the server closed an idle connection: {len(pages.RECONNECTS)}"
    )


if __name__ == "__main__":
    main()
