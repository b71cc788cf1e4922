from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhongyang_eldercare.policy_loading import PolicyDataError, load_all


class Command(BaseCommand):
    help = "Load the plan's reference data (places, task table, targets, standards, rules) from fixtures/. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(settings.BASE_DIR / "fixtures"), help="folder holding the policy files")

    def handle(self, *args, fixtures, **options):
        from pathlib import Path

        try:
            counts = load_all(Path(fixtures))
        except PolicyDataError as error:
            raise CommandError(f"{error}. Nothing was loaded.") from error
        for file_name, count in counts.items():
            self.stdout.write(f"{file_name}: {count}")
        self.stdout.write(self.style.SUCCESS("Policy data loaded."))
