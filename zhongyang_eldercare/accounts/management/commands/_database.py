"""What backup and restore need to know about the configured database."""

import os

from django.core.management.base import CommandError
from django.db import connection


def vendor():
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def pg_arguments():
    """Connection options for pg_dump / pg_restore; the password travels in the environment, not on the command line."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def sqlite_connection():
    """The raw sqlite3 connection Django uses (works for an in-memory test database too)."""
    connection.ensure_connection()
    return connection.connection
