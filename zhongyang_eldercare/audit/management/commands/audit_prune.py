from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete audit log entries older than AUDIT_RETENTION_DAYS (at least 180 days are always kept)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        old = LogEntry.objects.filter(timestamp__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} audit entries older than {cutoff:%Y-%m-%d} would be deleted.")
            return
        deleted, _by_model = old.delete()
        self.stdout.write(f"Deleted {deleted} audit entries older than {cutoff:%Y-%m-%d}.")
