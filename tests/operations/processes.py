"""Real processes for the production tests: gunicorn app servers and task workers on
loopback over the test database, a TCP relay that can cut the database off, and a
browser-less client that signs in and follows redirects like a person would."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(*, port: int | None = None) -> str:
    conf = connection.settings_dict
    host = conf.get("HOST") or "127.0.0.1"
    user = conf.get("USER") or "postgres"
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port or conf.get('PORT') or 5432}/{conf['NAME']}"


def process_environment(**extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="localperf.settings",
        DATABASE_URL=database_url(),
        DJANGO_DEBUG="0",
        LOCALPERF_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        LOCALPERF_WORKER_HEARTBEAT_LIMIT="3",
        LOCALPERF_LOG_FORMAT="json",
        LOCALPERF_REQUEST_LOG_LEVEL="INFO",
        WEB_CONCURRENCY="1",
    )
    environment.update(extra)
    return environment


class Process:
    def __init__(self, command: list[str], environment: dict[str, str], log: Path) -> None:
        self.log = log
        self._file = log.open("wb")
        # A session of its own, so that killing it reaches its children too (gunicorn's).
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=self._file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """kill -9: no chance to tidy up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class AppServer(Process):
    def __init__(self, log_dir: Path, **extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = process_environment(PORT=str(self.port), **extra)
        command = [str(ROOT / ".venv/bin/gunicorn"), "--config", "deploy/gunicorn.conf.py"]
        super().__init__(
            [*command, "localperf.wsgi:application"], environment, log_dir / f"app-{self.port}.log"
        )
        wait_for(lambda: self._answers(), f"the app server on {self.port}", self)

    def _answers(self) -> bool:
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False


class TaskWorker(Process):
    def __init__(self, log_dir: Path, name: str, **extra: str) -> None:
        command = [sys.executable, "manage.py", "worker", "--interval", "0.2"]
        super().__init__(command, process_environment(**extra), log_dir / f"worker-{name}.log")


def wait_for(condition, what: str, process: Process | None = None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.popen.poll() is not None:
            raise AssertionError(f"{what} stopped:\n{process.output()[-3000:]}")
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def signed_in(base_url: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base_url}/account/sign-in/")
    response = session.post(
        f"{base_url}/account/sign-in/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_of(page.text),
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def make_user(role: str, username: str):
    """A user who signs in with ``PASSWORD``: a performance manager belongs to Hartlepool
    (whose figures ``tests.observations.helpers.row`` writes by default)."""
    from django.contrib.auth import get_user_model

    from localperf.accounts.models import Role
    from localperf.organisations.models import Organisation, OrganisationKind

    organisation = None
    if role != Role.ADMINISTRATOR:
        organisation = Organisation.objects.filter(
            kind=OrganisationKind.UNITARY_COUNCIL, area__code="E06000001"
        ).first()
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, role=role, organisation=organisation
    )


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class DatabaseRelay:
    """A TCP relay in front of PostgreSQL that can be cut (every connection dropped,
    new ones refused) and restored on the same port: the database "going away"."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._live: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self._listener is not None:
            # shutdown wakes the thread blocked in accept(); close alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for sock in self._live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._live.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._live += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()
