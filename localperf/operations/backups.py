"""Backing up the database and restoring it, with the tools each database trusts.

PostgreSQL: ``pg_dump --format=custom`` (consistent while the service runs, restorable
table by table) and ``pg_restore`` into an empty database. SQLite: the library's online
backup, which copies a consistent image even while the file is being written. A restore
refuses a database that already holds tables, so a slip of the finger never merges two
histories.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


def default_backup_path(directory: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    return directory / f"localperf-{stamp}.{suffix}"


def postgres_environment() -> tuple[list[str], dict[str, str]]:
    """The connection options for pg_dump/pg_restore, with the password in the environment
    (never on a command line that ``ps`` shows)."""
    conf = connection.settings_dict
    options = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        options += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        options += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        options += ["--username", str(conf["USER"])]
    environment = dict(os.environ)
    if conf.get("PASSWORD"):
        environment["PGPASSWORD"] = str(conf["PASSWORD"])
    return options, environment


def run_tool(command: list[str], environment: dict[str, str]) -> None:
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip() or finished.returncode}")


def database_backup(*, to: Path) -> Path:
    """Write a backup of the whole database to ``to``; returns the path."""
    to.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        options, environment = postgres_environment()
        run_tool(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(to), *options], environment
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(to) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"No backup method for a {connection.vendor} database.")
    return to


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def database_restore(*, source: Path) -> None:
    """Load the backup ``source`` into the (empty) database the settings name."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if not database_is_empty():
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already holds tables: restore "
            "into a new, empty database, then point DATABASE_URL at it."
        )
    if connection.vendor == "postgresql":
        options, environment = postgres_environment()
        command = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"]
        run_tool([*command, *options, str(source)], environment)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as backup:
            backup.backup(connection.connection)
        backup.close()
    else:
        raise BackupError(f"No restore method for a {connection.vendor} database.")
