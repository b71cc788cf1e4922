import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhongyang_eldercare.accounts.management.commands._database import pg_arguments, sqlite_connection, vendor


class Command(BaseCommand):
    help = "Write a consistent backup of the whole database (records, accounts and audit trail) to one file."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Backup file (default: BACKUP_DIR/zhongyang-<time>.dump or .sqlite3).")

    def handle(self, *args, out=None, **options):
        kind = vendor()
        target = Path(out) if out else self.default_path(kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "postgresql":
            self.pg_dump(target)
        else:
            self.sqlite_copy(target)
        target.chmod(0o600)  # personal data: readable by the service account only
        self.stdout.write(str(target))

    def default_path(self, kind):
        suffix = "dump" if kind == "postgresql" else "sqlite3"
        return Path(settings.BACKUP_DIR) / f"zhongyang-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"

    def pg_dump(self, target):
        # -Fc: PostgreSQL's compressed custom format; pg_dump reads one consistent snapshot.
        args, env = pg_arguments()
        result = subprocess.run(["pg_dump", "-Fc", "--no-owner", "--file", str(target), *args], env=env, capture_output=True)
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.decode(errors='replace').strip()}")

    def sqlite_copy(self, target):
        # The sqlite3 backup API copies a consistent state even while the portal writes.
        target.unlink(missing_ok=True)
        destination = sqlite3.connect(target)
        try:
            sqlite_connection().backup(destination)
        except sqlite3.Error as error:
            target.unlink(missing_ok=True)
            raise CommandError(f"SQLite backup failed: {error}") from error
        finally:
            destination.close()
