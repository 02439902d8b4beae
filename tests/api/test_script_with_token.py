"""A script uses a token (the issue's "done when"): a separate Python process, with nothing
but urllib, reads a private plan and uploads a local indicator through the API served on a
real port; the batch is then found in the database, recorded as the token's person's.

The server is the browser tests' live server (``site_url``): pytest-django's
``live_server`` empties every table after its test, which would throw away the national
data loaded once for the session; this one shares the test's transaction instead, and the
test thread waits while the script runs, so the connection is never used twice at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cypp.accounts.tokens import api_token_create
from cypp.indicators.models import ImportBatch, Observation
from tests.plans.factories import person_make, plan_make

pytestmark = pytest.mark.django_db

SCRIPT = """
import json, sys, urllib.error, urllib.request

base, token, plan = sys.argv[1:4]
auth = {"Authorization": f"Bearer {token}"}


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(
        base + path, data=body, method=method, headers={**(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


print(json.dumps({
    "anonymous": call("GET", f"/api/v1/plans/{plan}"),
    "plan": call("GET", f"/api/v1/plans/{plan}", headers=auth),
    "upload": call(
        "POST",
        "/api/v1/imports?file_name=family-hubs.csv",
        body=open(sys.argv[4], "rb").read(),
        headers={**auth, "Content-Type": "text/csv"},
    ),
}))
"""

CSV = (
    "indicator,area,period,period_type,value,numerator,denominator,unit,polarity,title\n"
    "family_hub_visits,E06000019,2024-25,financial,41.0,410,1000,% of families,high,"
    "Families visiting a family hub\n"
)


def test_a_script_reads_a_private_plan_and_uploads_a_local_indicator(
    site_url: str,
    tmp_path: Path,
):
    plan = plan_make(key="script-private", partnership="script-partnership")
    analyst = person_make("scripted", role="analyst", partnership=plan.partnership)
    secret = api_token_create(user=analyst, name="Nightly", scope="write", by=analyst).secret
    script, data = tmp_path / "upload.py", tmp_path / "family-hubs.csv"
    script.write_text(SCRIPT)
    data.write_text(CSV)

    ran = subprocess.run(
        [sys.executable, str(script), site_url, secret, plan.key, str(data)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    answers = json.loads(ran.stdout)

    status, _body = answers["anonymous"]
    assert status == 404  # private: the public cannot tell it exists
    status, body = answers["plan"]
    assert status == 200 and body["key"] == "script-private"
    status, body = answers["upload"]
    assert status == 201, body
    assert body["indicators"] == ["local:family_hub_visits"] and body["rows_added"] == 1

    batch = ImportBatch.objects.get(pk=body["id"])
    assert batch.imported_by == analyst and batch.file_name == "family-hubs.csv"
    [observation] = Observation.objects.filter(batch=batch)
    assert (observation.indicator.reference, observation.area.code) == (
        "local:family_hub_visits",
        "E06000019",
    )
    assert float(observation.value) == 41.0 and observation.numerator == 410
