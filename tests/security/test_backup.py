"""A backup restored into an EMPTY database holds every record and its audit history."""

import os
import sqlite3
import subprocess
import sys

import psycopg2
import psycopg2.extras
import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from facilities.models import Facility, FacilityKind, Village

pytestmark = pytest.mark.django_db(transaction=True)


def tables():
    return sorted({model._meta.db_table for model in apps.get_models() if model._meta.managed and not model._meta.proxy})


def snapshot(cursor, quote):
    return {table: sorted(map(tuple, _rows(cursor, f"SELECT * FROM {quote(table)}")), key=repr) for table in tables()}


def _rows(cursor, sql):
    cursor.execute(sql)
    return cursor.fetchall()


@pytest.fixture
def records(users, townships):
    """Records of several kinds with audit history (the users fixture and these saves are audited)."""
    village = Village.objects.create(township=townships["jinluo"], name="金罗镇备份村")
    Facility.objects.create(township=townships["jinluo"], village=village, kind=FacilityKind.DAY_CARE, name="备份日间照料中心")
    users["jinluo"].first_name = "备份前的名字"
    users["jinluo"].save()
    assert LogEntry.objects.filter(object_pk=str(users["jinluo"].pk)).count() >= 2


def restore_into(database_url, backup):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup), "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite variant; PostgreSQL runs test_postgresql_round_trip")
def test_sqlite_backup_restores_into_an_empty_database(records, tmp_path):
    backup = tmp_path / "zhongyang.sqlite3"
    call_command("backup", "--out", str(backup))
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    restore_into(f"sqlite:///{empty}", backup)
    restored = sqlite3.connect(empty, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    with connection.cursor() as cursor:
        original = snapshot(cursor, connection.ops.quote_name)
    assert snapshot(restored.cursor(), connection.ops.quote_name) == original
    assert original[LogEntry._meta.db_table] and original[Facility._meta.db_table]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_dump/pg_restore); set DATABASE_URL")
def test_postgresql_round_trip(records, tmp_path):
    backup = tmp_path / "zhongyang.dump"
    call_command("backup", "--out", str(backup))
    db = connection.settings_dict
    target = f"{db['NAME']}_restore"
    admin = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{target}"
        restore_into(url, backup)
        restored = psycopg2.connect(dbname=target, user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"])
        # Read JSON columns as text, as Django's own connection does.
        psycopg2.extras.register_default_jsonb(conn_or_curs=restored, loads=lambda text: text)
        try:
            with connection.cursor() as cursor:
                original = snapshot(cursor, connection.ops.quote_name)
            assert snapshot(restored.cursor(), connection.ops.quote_name) == original
            assert original[LogEntry._meta.db_table] and original[Facility._meta.db_table]
        finally:
            restored.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.close()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--noinput")
