"""Backup and restore (issue 16): a backup restored into a fresh database holds every
row of every table — agreements, figures, history — on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from localperf.observations.importing.services import observation_import
from localperf.operations.backups import BackupError, database_backup, database_restore
from localperf.places.models import Area
from tests.agreements.factories import approved_kent, make_partners, make_users
from tests.observations.helpers import csv_of, row

from .processes import ROOT, database_url, process_environment


def row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def restore_in_a_process(source, database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(source)],
        cwd=ROOT,
        env=process_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_agreement_figure_and_history_row(live_reference, tmp_path):
    partners = make_partners(Area.objects.get(code="E10000016"))
    approved_kent(make_users(), partners)
    imported = observation_import(
        file=io.BytesIO(csv_of(row(), row(period="2009/10"), row(area="E06000002"))),
        user=None,
        dry_run=False,
        file_name="figures.csv",
    )
    assert imported.status == "committed", imported.message
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        before = row_counts(cursor, tables)
    assert before["agreements_agreement"] == 1 and before["observations_observation"] == 3
    assert sum(n for t, n in before.items() if "historical" in t) > 0

    backup = database_backup(to=tmp_path / "localperf.backup")
    assert backup.stat().st_size > 0

    if connection.vendor == "sqlite":
        restored = tmp_path / "restored.sqlite3"
        done = restore_in_a_process(backup, f"sqlite:///{restored}")
        assert done.returncode == 0, done.stderr
        with sqlite3.connect(restored) as copy:
            after = row_counts(copy.cursor(), tables)
    else:
        name = f"lp_restored_{uuid.uuid4().hex[:8]}"
        conf = connection.settings_dict
        admin = psycopg.connect(
            host=conf["HOST"] or "127.0.0.1",
            port=conf["PORT"] or 5432,
            user=conf["USER"] or "postgres",
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = database_url().rsplit("/", 1)[0] + f"/{name}"
            done = restore_in_a_process(backup, url)
            assert done.returncode == 0, done.stderr
            with psycopg.connect(
                host=conf["HOST"] or "127.0.0.1",
                port=conf["PORT"] or 5432,
                user=conf["USER"] or "postgres",
                dbname=name,
            ) as copy:
                after = row_counts(copy.cursor(), tables)
            again = restore_in_a_process(backup, url)
            assert again.returncode != 0 and "already holds tables" in again.stderr
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    assert after == before


@pytest.mark.django_db
def test_a_restore_refuses_a_database_that_holds_tables(tmp_path):
    backup = tmp_path / "any.backup"
    backup.write_bytes(b"not used")
    with pytest.raises(
        BackupError, match="already holds tables: restore into a new, empty database"
    ):
        database_restore(source=backup)


@pytest.mark.django_db
def test_a_restore_names_a_missing_file(tmp_path):
    with pytest.raises(BackupError, match="There is no backup file at"):
        database_restore(source=tmp_path / "missing.backup")
