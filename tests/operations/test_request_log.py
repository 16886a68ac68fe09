"""One JSON log line per request with its id, user, outcome and time (issue 16)."""

import json
import logging

import pytest
from django.conf import settings
from django.test import override_settings
from pythonjsonlogger.json import JsonFormatter

from localperf.accounts.models import Role
from localperf.operations.request_log import RequestIdFilter
from tests.agreements.factories import make_user, org


def request_records(caplog):
    return [r for r in caplog.records if r.name == "localperf.requests"]


@pytest.mark.django_db
def test_each_request_is_logged_with_its_id_user_outcome_and_time(client, caplog):
    pm = make_user(Role.PERFORMANCE_MANAGER, org("kent-county-council"), "log-pm")
    client.force_login(pm)
    with caplog.at_level(logging.INFO, logger="localperf.requests"):
        response = client.get("/indicators/", HTTP_X_REQUEST_ID="proxy-id-0001")
        missing = client.get("/no-such-page/")
    assert response["X-Request-ID"] == "proxy-id-0001"
    assert response["Server-Timing"].startswith("app;dur=")
    first, second = request_records(caplog)
    assert (first.method, first.path, first.status) == ("GET", "/indicators/", 200)
    assert first.request_id == "proxy-id-0001"
    assert first.user_id == pm.pk
    assert first.duration_ms >= 0
    assert second.status == 404
    # An id the client made up with odd characters is replaced, not echoed into the logs.
    assert len(missing["X-Request-ID"]) == 32 and second.request_id == missing["X-Request-ID"]


@pytest.mark.django_db
def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith a newline")
    assert response["X-Request-ID"] != "bad id\nwith a newline"
    assert len(response["X-Request-ID"]) == 32


def test_the_json_format_carries_the_fields_of_a_request_line():
    formatter_settings = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(
        formatter_settings["fmt"], rename_fields=formatter_settings["rename_fields"]
    )
    record = logging.LogRecord(
        "localperf.requests", logging.INFO, __file__, 1, "GET / 200", (), None
    )
    record.status, record.duration_ms, record.user_id = 200, 12.5, 7
    RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["level"] == "INFO" and line["logger"] == "localperf.requests"
    assert line["message"] == "GET / 200"
    assert (line["status"], line["duration_ms"], line["user_id"]) == (200, 12.5, 7)
    assert "request_id" in line and "time" in line


@override_settings(DEBUG=False)
def test_production_logs_json_lines(tmp_path):
    import subprocess
    import sys

    env = {
        "LOCALPERF_PROFILE": "production",
        "DJANGO_SECRET_KEY": "k" + "-".join(str(n) for n in range(40)),
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('localperf.requests').info('hello', extra={'status': 200})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "localperf.settings"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello" and line["status"] == 200 and line["level"] == "INFO"
