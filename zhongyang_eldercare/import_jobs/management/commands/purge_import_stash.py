"""Delete the stashed uploads nobody will confirm: expired ones and those whose job is over (cron, hourly)."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from zhongyang_eldercare.import_jobs.models import ImportJob, ImportStatus, ImportStep
from zhongyang_eldercare.kernel.spreadsheets import purge_stash


class Command(BaseCommand):
    help = "Delete stashed spreadsheet uploads that expired (IMPORT_STASH_HOURS) or whose import is over."

    def handle(self, *args, **options):
        waiting = Q(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]) | Q(
            step=ImportStep.CHECK, status=ImportStatus.DONE, valid=True
        )
        keep = set(ImportJob.objects.filter(waiting).values_list("token", flat=True))
        removed = purge_stash(keep=keep)
        self.stdout.write(f"{removed} stashed upload(s) deleted.")
