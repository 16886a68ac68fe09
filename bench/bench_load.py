"""Benchmark: the production server under a realistic mix of users (issue 16).

The data: the reference registers, the demo (``load_demo``) and a return giving
Manchester's targets every status (``tests/monitoring/screens_data.py``), as at
15 November 2010. The server: ``scripts/serve``'s gunicorn (``deploy/gunicorn.conf.py``,
two processes per core plus one) with a task worker, on loopback, DEBUG off. The
clients: ``LOAD_USERS`` threads (default 20), each asking for one page after another
for ``LOAD_SECONDS`` (locust's own clock proved unreliable on this machine, stopping
runs early, so the clients are plain threads as in ``bench_dashboard.py``).

Phase 1, the mix: members of the public (area and target pages) and staff (dashboard,
target page, entry grid, report, national picture, an import's dry run), 20 users for
``LOAD_SECONDS`` (default 30). Per page type: requests, median and p95, and the ratio of
each median to the trivial page's (the base template around a heading) in the same run.

Phase 2, throughput: 20 users asking only for the trivial page, then only for the
53-target dashboard, the public area page and the public target page, each for
``LOAD_SECONDS``; a page's cost is the ratio of the trivial page's requests per second to
its own (issue 16's goals: ≤ 3× each).

Then each app-server process's resident memory (goal: ≤ 250 MB). PostgreSQL when
``DATABASE_URL`` is set (a database of its own, ``localperf_bench_load``), else SQLite.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
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

SECONDS = int(os.environ.get("LOAD_SECONDS", "30"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
PG_DATABASE = "localperf_bench_load"
AS_AT = "2010-11-15"
MANCHESTER = "E08000003"


def say(text: str = "") -> None:
    print(text, flush=True)


def prepare() -> None:
    """In a child process: the data, and the paths and session the users need."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    os.environ["LOCALPERF_AS_AT"] = AS_AT
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from localperf.accounts.models import User
    from localperf.agreements.models import Agreement
    from localperf.reports.models import ProgressReport
    from localperf.reports.services import report_create
    from tests.monitoring.screens_data import give_every_status

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    agreement = Agreement.objects.get(area__code=MANCHESTER)
    manager = User.objects.get(username="demo-pm-manchester")
    give_every_status(agreement, manager)
    report = ProgressReport.objects.filter(agreement=agreement).first() or report_create(
        user=manager, agreement=agreement, period_label="2010/11 H1"
    )
    target = agreement.targets.filter(status="active").order_by("pk").first()
    measure = target.indicator.measures.first()
    client = Client()
    client.force_login(manager)
    analyst = Client()  # the national picture is for government users
    analyst.force_login(User.objects.get(username="demo-analyst"))
    name = settings.SESSION_COOKIE_NAME
    plan = {
        "cookie_name": name,
        "cookie": client.cookies[name].value,
        "analyst_cookie": analyst.cookies[name].value,
        "dashboard": f"/agreements/{agreement.pk}/dashboard/",
        "target": f"/agreements/{agreement.pk}/targets/{target.pk}/progress/",
        "grid": f"/observations/returns/{agreement.pk}/",
        "report": f"/reports/{report.pk}/",
        "national": f"/national/indicator/?measure={measure.code}&period=2009/10",
        "public_area": f"/public/areas/{MANCHESTER}/",
        "public_target": f"/public/areas/{MANCHESTER}/targets/{target.pk}/",
        "import_csv": "measure,area,period,group,value,numerator,denominator,ci_lower,"
        f"ci_upper,sample_size,status,note\n{measure.code},{MANCHESTER},2009/10,,50,,,,,,,\n",
    }
    say(f"  data ready in {time.perf_counter() - started:.0f} s: {agreement.title}")
    print("PLAN " + json.dumps(plan), flush=True)


def database_url(directory: Path) -> tuple[str, str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        return f"sqlite:///{directory / 'bench.sqlite3'}", "SQLite"
    import psycopg

    parts = urlsplit(configured)
    server = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return urlunsplit((parts.scheme, parts.netloc, f"/{PG_DATABASE}", "", "")), "PostgreSQL"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped before it answered")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer within three minutes")


# Page types and how often each is asked for in the mix: members of the public (area and
# target pages) and staff (dashboard, target page, entry grid, report, national picture,
# an import's dry run), with the trivial page among them.
MIX = {
    "public area": 6,
    "public target": 4,
    "dashboard": 5,
    "target page": 4,
    "entry grid": 3,
    "report": 2,
    "national picture": 2,
    "import (dry run)": 1,
    "trivial": 3,
}
# Page types asked for alone by every client, each for ``LOAD_SECONDS``, for their cost
# against the trivial page's (issue 16's goals: ≤ 3× each).
THROUGHPUT = ("dashboard", "public area", "public target")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def ask(session, host: str, plan: dict, name: str) -> int:
    """One request of a page type; returns its HTTP status."""
    paths = {
        "public area": plan["public_area"],
        "public target": plan["public_target"],
        "dashboard": plan["dashboard"],
        "target page": plan["target"],
        "entry grid": plan["grid"],
        "report": plan["report"],
        "national picture": plan["national"],
        "trivial": "/bench/trivial/",
    }
    if name == "national picture":
        cookie = {plan["cookie_name"]: plan["analyst_cookie"]}
        return session.get(host + paths[name], cookies=cookie).status_code
    if name != "import (dry run)":
        return session.get(host + paths[name]).status_code
    form = session.get(f"{host}/observations/imports/new/")
    token = CSRF.search(form.text)
    response = session.post(
        f"{host}/observations/imports/new/",
        data={"csrfmiddlewaretoken": token.group(1) if token else "", "reason": "Load test"},
        files={"file": ("return.csv", plan["import_csv"].encode(), "text/csv")},
        allow_redirects=False,
    )
    return response.status_code


def run_load(host: str, plan: dict, mix: dict[str, int]) -> dict[str, list[float]]:
    """``USERS`` clients, each asking for page types drawn from ``mix`` one after another
    for ``SECONDS``: each type's times in ms (a failed request raises)."""
    import requests

    names, weights = list(mix), list(mix.values())
    times: dict[str, list[float]] = {name: [] for name in names}
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def client(number: int) -> None:
        chooser = random.Random(number)
        session = requests.Session()
        session.cookies.set(plan["cookie_name"], plan["cookie"])
        while time.perf_counter() < deadline:
            name = chooser.choices(names, weights)[0]
            started = time.perf_counter()
            status = ask(session, host, plan, name)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status >= 400:
                    failures.append(f"{name}: {status}")
                times[name].append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return {name: values for name, values in times.items() if values}


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


def resident_megabytes(master: int) -> list[float]:
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout.split()
    return [int(rss) / 1024 for rss in children[1::2]]


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        url, engine = database_url(Path(directory))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "LOCALPERF_AS_AT": AS_AT,
            "LOCALPERF_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "ERROR",
        }
        say(f"The production server under load ({engine}; {USERS} users, {SECONDS} s a phase)")
        prepared = subprocess.run(
            [sys.executable, __file__, "prepare"], env=env, capture_output=True, text=True
        )
        if prepared.returncode:
            raise SystemExit(prepared.stdout + prepared.stderr)
        lines = prepared.stdout.splitlines()
        say("\n".join(line for line in lines if not line.startswith("PLAN")))
        plan = next(line[5:] for line in lines if line.startswith("PLAN"))
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        served = {**env, "DJANGO_SETTINGS_MODULE": "bench.load.site", "PORT": str(port)}
        gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "--config", "deploy/gunicorn.conf.py"]
        server = subprocess.Popen([*gunicorn, "localperf.wsgi:application"], cwd=ROOT, env=served)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_for(host, server)
            import requests

            plan_data = json.loads(plan)
            for name in MIX:  # warm every process's caches a little
                ask(requests.Session(), host, plan_data, name)
            times = run_load(host, plan_data, MIX)
            trivial = statistics.median(times["trivial"])
            say(f"  mix: {USERS} clients for {SECONDS} s")
            say(
                f"  {'page type':<18} {'requests':>8} {'median':>9} {'p95':>9}"
                f" {'median/trivial':>15}"
            )
            for name, values in times.items():
                median = statistics.median(values)
                say(
                    f"  {name:<18} {len(values):>8} {median:>7.0f}ms {p95(values):>7.0f}ms "
                    f"{median / trivial:>14.1f}x"
                )
            base = run_load(host, plan_data, {"trivial": 1})["trivial"]
            trivial_rate = len(base) / SECONDS
            say(
                f"  throughput, {USERS} clients: trivial page {trivial_rate:.1f} requests/s "
                f"(p95 {p95(base):.0f} ms)"
            )
            for name in THROUGHPUT:
                alone = run_load(host, plan_data, {name: 1})[name]
                rate = len(alone) / SECONDS
                say(
                    f"  {name}: {rate:.1f} requests/s (p95 {p95(alone):.0f} ms); cost, "
                    f"trivial rate / its rate: {trivial_rate / rate:.1f}x"
                )
            memory = resident_megabytes(server.pid)
            say(
                "  app-server processes' memory after the load: "
                + ", ".join(f"{m:.0f} MB" for m in memory)
                + f" (largest {max(memory):.0f} MB)"
            )
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "prepare":
        prepare()
    else:
        main()
