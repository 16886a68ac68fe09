"""Benchmark: the slowest pages of the demo, by server time (issue 12: "keep every page
of the demo under 0.5 s server time").

The data: the reference registers and the demo (``load_demo``), seen as at 30 November
2009, in a temporary SQLite database; or, when ``DATABASE_URL`` is set, that database
(the demo is loaded into it when it has no demo users yet).

The crawl: anonymous, then signed in as one demo user of each role, from the home page,
following the links of each HTML page within the site, breadth first. It stays bounded:
``BENCH_PAGES`` pages per role (default 100), at most ``BENCH_SHAPE`` pages per shape of
address (the path with its numbers and codes taken out, default 2), and it skips
downloads (CSV, Excel, PDF, JSON), the API, the admin and signing out. Only GETs are
sent, so nothing is changed.

The measure: each page is requested through Django's test client (the whole middleware
stack, DEBUG off), three times after one warm-up request, and its median kept: the
server's time, in process, with no network. A trivial page (the base template around a
heading, ``bench/load/urls.py``) is measured the same way in the same run, as the
baseline the ratios are against. It prints the slowest 20 pages and every page over
0.5 s.
"""

from __future__ import annotations

import csv
import io
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AS_AT = "2009-11-30"
PAGES = int(os.environ.get("BENCH_PAGES", "100"))
SHAPE = int(os.environ.get("BENCH_SHAPE", "2"))
RUNS = 3
SHOWN = 20
LIMIT_MS = 500.0
TRIVIAL = "/bench/trivial/"
USERS = ROOT / "localperf" / "demo" / "data" / "users.csv"
# Addresses not followed: files, machine interfaces, the admin, leaving the session.
SKIPPED = re.compile(
    r"(\.(csv|xlsx|pdf|json|zip|ods)$|/(csv|xlsx|pdf|download|export|template)/?"
    r"|^/api/|^/admin/|^/static/|^/media/|sign-out|logout|/delete|/__)",
    re.IGNORECASE,
)


def say(text: str = "") -> None:
    print(text, flush=True)


class Links(HTMLParser):
    """The ``href`` of every ``<a>`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.found.append(href)


def links_of(page: str, html: str) -> list[str]:
    """The in-site addresses a page links to, without fragments.

    >>> links_of("/a/", '<a href="/b/#x">b</a><a href="https://x.org/">x</a><a href="c/">c</a>')
    ['/b/', '/a/c/']
    """
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.found:
        address = urldefrag(urljoin(page, href))[0]
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        found.append(address)
    return found


def shape(address: str) -> str:
    """An address with its numbers and codes taken out, so that one agreement's pages
    stand for every agreement's.

    >>> shape("/agreements/12/targets/345/?period=2008%2F09")
    '/agreements/#/targets/#/?period'
    >>> shape("/public/area/E10000016/")
    '/public/area/#/'
    """
    parts = urlsplit(address)
    path = re.sub(r"/(\d+|[A-Z]\d{5,}|[A-Z]{1,3}\d[\w-]*)(?=/|$)", "/#", parts.path)
    keys = "&".join(sorted(q.split("=")[0] for q in parts.query.split("&") if q))
    return f"{path}?{keys}" if keys else path


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["LOCALPERF_AS_AT"] = AS_AT
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="bench-pages-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.load.urls"
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def prepare() -> None:
    """Migrate; load the reference registers and the demo unless already there."""
    from django.core.management import call_command

    from localperf.accounts.models import User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username__startswith="demo-").exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    say(f"  data ready in {time.perf_counter() - started:.0f} s")


def one_per_role() -> list[tuple[str, str | None]]:
    """(role, username): anonymous, then the first demo user of each role."""
    with USERS.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(row["role"], row["username"])
    return [("anonymous", None), *seen.items()]


def timed(client, address: str) -> tuple[float, object]:
    """The median server time (ms) of ``RUNS`` requests after a warm-up, and the response."""
    response = client.get(address)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(address)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), response


def crawl(client, role: str) -> list[tuple[float, str, str]]:
    """(ms, role, address) of every page reached from the home page, breadth first."""
    queue, seen, shapes = deque(["/"]), {"/"}, Counter()
    measured = []
    while queue and len(measured) < PAGES:
        address = queue.popleft()
        if shapes[shape(address)] >= SHAPE:
            continue
        shapes[shape(address)] += 1
        ms, response = timed(client, address)
        if response.status_code in (301, 302, 303) and response.get("Location"):
            target = urljoin(address, response["Location"])
            if target not in seen and not SKIPPED.search(target):
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        measured.append((ms, role, address))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(address, response.content.decode(errors="replace")):
            if link not in seen and not SKIPPED.search(link):
                seen.add(link)
                queue.append(link)
    return measured


def main() -> None:
    say("Slowest pages of the demo (server time, median of 3, as at 30 November 2009)")
    setup()
    prepare()
    from django.test import Client

    from localperf.accounts.models import User

    baseline_client = Client()
    trivial_ms = max(
        statistics.median([timed(baseline_client, TRIVIAL)[0] for _ in range(5)]), 0.01
    )
    say(f"  trivial page: {trivial_ms:.1f} ms (the baseline)")
    pages: list[tuple[float, str, str]] = []
    for role, username in one_per_role():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        started = time.perf_counter()
        found = crawl(client, role)
        pages.extend(found)
        say(f"  {role}: {len(found)} pages in {time.perf_counter() - started:.0f} s")
    pages.sort(reverse=True)
    say()
    say(f"The slowest {SHOWN} of {len(pages)} pages:")
    say(f"  {'ms':>7}  {'× trivial':>9}  {'role':<26} address")
    for ms, role, address in pages[:SHOWN]:
        say(f"  {ms:7.0f}  {ms / trivial_ms:9.1f}  {role:<26} {address}")
    over = [p for p in pages if p[0] > LIMIT_MS]
    say()
    if over:
        say(f"{len(over)} page(s) over {LIMIT_MS / 1000:.1f} s:")
        for ms, role, address in over:
            say(f"  {ms:7.0f} ms  {role:<26} {address}")
    else:
        say(f"No page over {LIMIT_MS / 1000:.1f} s.")


if __name__ == "__main__":
    main()
