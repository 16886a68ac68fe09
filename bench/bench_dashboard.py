"""Benchmark: the agreement dashboard under 20 concurrent clients (issue 4's speed goals).

The data: the reference registers, the demo agreements (``load_demo``, with its figures)
and a return for Manchester's 52 targets on top (two years of figures giving every
status, ``tests/monitoring/screens_data.py``), judged as at 15 November 2010.

The server: Django's own threaded WSGI server (the one ``runserver --noreload`` runs),
with DEBUG off, in a child process on loopback. Each response carries a
``Server-Timing`` header with the time the application took, so the numbers are the
server's, not the clients'. The clients: ``BENCH_CLIENTS`` threads (default 20), each
with ``BENCH_REQUESTS`` requests (default 20) in turn, after a warm-up.

Measured in the same run, on the same server: the dashboard of the 52-target agreement
(signed in as its performance manager), and a trivial page (the site's
base template around a heading, through the whole middleware stack). It prints the
median and p95 server time per request of each (and the clients' round trips), and the
dashboard's ratio to the trivial page; then the same with one client at a time, since
under load a request's server time includes its wait for the CPU while the others run.

Database: PostgreSQL when ``DATABASE_URL`` is set (a database of its own on that server,
``localperf_bench_dashboard``, created afresh), else SQLite in a temporary directory.
"""

from __future__ import annotations

import http.client
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
WARM_UP = 3
PG_DATABASE = "localperf_bench_dashboard"
AS_AT = "2010-11-15"
MANCHESTER = "E08000003"
TRIVIAL_PATH = "/bench/trivial/"
TRIVIAL_TEMPLATE = (
    '{% extends "base.html" %}{% block page_title %}Trivial{% endblock %}'
    '{% block content %}<h1 class="govuk-heading-l">Trivial</h1>{% endblock %}'
)


def say(text: str = "") -> None:
    print(text, flush=True)


# --- the child processes: preparing the data, serving ---------------------------------


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["LOCALPERF_AS_AT"] = AS_AT
    import django

    django.setup()


def prepare() -> None:
    """Migrate, load the reference and demo data, and Manchester's return."""
    django_setup()
    from django.core.management import call_command

    from localperf.accounts.models import User
    from localperf.agreements.models import Agreement
    from tests.monitoring.screens_data import give_every_status

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    agreement = Agreement.objects.get(area__code=MANCHESTER)
    give_every_status(agreement, User.objects.get(username="demo-pm-manchester"))
    targets = agreement.targets.filter(status="active").count()
    elapsed = time.perf_counter() - started
    say(f"  data ready in {elapsed:.0f} s: {agreement.title}, {targets} targets")
    print(f"AGREEMENT {agreement.pk}", flush=True)
    # The dashboard is for signed-in users: a session of Manchester's performance
    # manager, stored in the database, for every client's requests.
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="demo-pm-manchester"))
    name = settings.SESSION_COOKIE_NAME
    print(f"COOKIE {name}={client.cookies[name].value}", flush=True)


def trivial(request):
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(TRIVIAL_TEMPLATE)
    return HttpResponse(template.render({}, request))


def timed(application):
    """The WSGI application, reporting how long it took in a ``Server-Timing`` header."""

    def app(environ, start_response):
        started = time.perf_counter()
        captured = {}

        def start(status, headers, exc_info=None):
            captured["start"] = (status, headers, exc_info)
            return lambda data: None  # Django never uses the write callable

        response = application(environ, start)
        try:
            body = b"".join(response)
        finally:
            response.close()  # Django's request_finished: closes the database connection
        elapsed = (time.perf_counter() - started) * 1000
        status, headers, exc_info = captured["start"]
        start_response(status, [*headers, ("Server-Timing", f"app;dur={elapsed:.3f}")], exc_info)
        return [body]

    return app


def serve(port: int) -> None:
    django_setup()
    import logging

    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from django.urls import include, path

    module = sys.modules[__name__]
    module.urlpatterns = [
        path(TRIVIAL_PATH.strip("/") + "/", trivial),
        path("", include("localperf.urls")),
    ]
    settings.ROOT_URLCONF = module

    class Server(WSGIServer):
        request_queue_size = 128  # 20 clients connecting at once: no SYN retries

    application = timed(get_wsgi_application())
    # After get_wsgi_application(), which configures logging again: no line per request.
    logging.getLogger("django.server").disabled = True
    run("127.0.0.1", port, application, threading=True, server_cls=Server)


# --- the parent: clients ---------------------------------------------------------------


COOKIE: dict[str, str] = {}


def get(port: int, path: str) -> tuple[float, float]:
    """(server ms, round trip ms) of one GET, signed in."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers=COOKIE)
    response = connection.getresponse()
    response.read()
    round_trip = (time.perf_counter() - started) * 1000
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    timing = response.getheader("Server-Timing", "")
    return float(timing.split("dur=")[1]), round_trip


def load(port: int, path: str, clients: int = CLIENTS) -> tuple[list[float], list[float], float]:
    """Every client's requests, all at once: server times, round trips, wall time."""
    for _ in range(WARM_UP):
        get(port, path)
    server: list[float] = []
    trips: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(REQUESTS):
            one = get(port, path)
            with lock:
                server.append(one[0])
                trips.append(one[1])

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return server, trips, time.perf_counter() - started


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def report(label: str, server: list[float], trips: list[float], wall: float) -> float:
    """Prints the figures; returns the median server time."""
    median = statistics.median(server)
    say(
        f"  {label:<34} server median {median:7.1f} ms, p95 {p95(server):7.1f} ms; "
        f"round trip median {statistics.median(trips):7.1f} ms, p95 {p95(trips):7.1f} ms; "
        f"{len(server) / wall:5.1f} requests/s"
    )
    return median


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped before it answered")
        try:
            get(port, TRIVIAL_PATH)
            return
        except (ConnectionError, OSError):
            time.sleep(0.5)
    raise SystemExit("the server did not answer within three minutes")


def database_url(directory: Path) -> tuple[str, str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        return f"sqlite:///{directory / 'bench.sqlite3'}", "SQLite"
    import psycopg

    parts = urlsplit(configured)
    server = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return urlunsplit((parts.scheme, parts.netloc, f"/{PG_DATABASE}", "", "")), "PostgreSQL"


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        url, engine = database_url(Path(directory))
        env = {**os.environ, "DATABASE_URL": url}
        say(f"Agreement dashboard under {CLIENTS} concurrent clients ({engine})")
        prepared = subprocess.run(
            [sys.executable, __file__, "prepare"], env=env, capture_output=True, text=True
        )
        if prepared.returncode:
            raise SystemExit(prepared.stdout + prepared.stderr)
        lines = prepared.stdout.splitlines()
        say("\n".join(line for line in lines if not line.startswith(("AGREEMENT", "COOKIE"))))
        agreement = next(line.split()[1] for line in lines if line.startswith("AGREEMENT"))
        COOKIE["Cookie"] = next(line.split()[1] for line in lines if line.startswith("COOKIE"))
        port = free_port()
        server = subprocess.Popen([sys.executable, __file__, "serve", str(port)], env=env)
        try:
            wait_for(port, server)
            dashboard = f"/agreements/{agreement}/dashboard/"
            say(f"  {CLIENTS} clients x {REQUESTS} requests each, after {WARM_UP} warm-up requests")
            base = report("trivial page", *load(port, TRIVIAL_PATH))
            median = report(f"dashboard ({dashboard})", *load(port, dashboard))
            say(f"  ratio of medians, dashboard / trivial page: {median / base:.1f}x")
            # Under load a request's server time includes waiting for the CPU (and the
            # GIL) while the others run; one client at a time shows the work itself.
            say("  one client at a time, for comparison:")
            alone = report("trivial page", *load(port, TRIVIAL_PATH, clients=1))
            dashboard_alone = report("dashboard", *load(port, dashboard, clients=1))
            say(f"  ratio of medians, one client: {dashboard_alone / alone:.1f}x")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "prepare":
        prepare()
    elif len(sys.argv) >= 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        main()
