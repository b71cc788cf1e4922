import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhongyang_eldercare.accounts.management.commands._database import pg_arguments, sqlite_connection, vendor


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup` (the database may be empty)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file: .dump (PostgreSQL) or .sqlite3 (SQLite).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm.")

    def handle(self, *args, file, interactive=True, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"No such backup file: {source}")
        kind = vendor()
        if interactive:
            answer = input(f"This replaces every record in database {connection.settings_dict['NAME']!s}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        if kind == "postgresql":
            self.pg_restore(source)
        else:
            self.sqlite_restore(source)
        self.stdout.write(f"Restored {source}.")

    def pg_restore(self, source):
        # --clean --if-exists drops what exists first, so it works on an empty or a used database alike;
        # one transaction: a failed restore leaves the database as it was.
        connection.close()
        args, env = pg_arguments()
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ]
        result = subprocess.run(command, env=env, capture_output=True)
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.decode(errors='replace').strip()}")

    def sqlite_restore(self, source):
        with open(source, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise CommandError(f"{source} is not a SQLite backup.")
        backup = sqlite3.connect(source)
        try:
            backup.backup(sqlite_connection())
        finally:
            backup.close()
