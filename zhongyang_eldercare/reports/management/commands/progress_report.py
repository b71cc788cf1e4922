from datetime import date

from django.core.management.base import BaseCommand, CommandError

from facilities.models import Township
from facilities.plan_checks import current_document
from zhongyang_eldercare.reports.forms import AsOfForm
from zhongyang_eldercare.reports.progress import compute_progress
from zhongyang_eldercare.reports.workbook import progress_workbook


class Command(BaseCommand):
    help = "Write the county's Excel progress report (the same workbook the dashboard downloads)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Path of the .xlsx file to write.")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD, from the plan's start to today (default: today).")

    def handle(self, *args, out, as_of=None, **options):
        document = current_document()
        if document is None:
            raise CommandError("No task table is loaded; run load_policy first.")
        if as_of is not None:
            try:
                date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD).") from None
        form = AsOfForm({"as_of": as_of or ""}, document=document)
        if not form.is_valid():
            raise CommandError("; ".join(form.errors["as_of"]))
        progress = compute_progress(
            on=form.cleaned_data["as_of"], townships=Township.objects.all(), whole_county=True, document=document
        )
        progress_workbook(progress).save(out)
        self.stdout.write(self.style.SUCCESS(f"Progress report as of {progress.as_of:%Y-%m-%d} written to {out}."))
