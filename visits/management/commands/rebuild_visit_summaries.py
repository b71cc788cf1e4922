from django.core.management.base import BaseCommand, CommandError

from visits.summary_rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stored weekly compliance summaries with the full computation, print every difference "
        "and correct it. Approved weeks are final: where today's records give other figures, they are listed and kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=0, help="Also build the last N weeks for every township.")
        parser.add_argument("--check", action="store_true", help="Report only; exit 1 when a summary differs.")

    def handle(self, *args, weeks, check, **options):
        found = rebuild(weeks=weeks, fix=not check)
        drift = [difference for difference in found if not difference.final]
        for difference in found:
            self.stdout.write(str(difference))
        self.stdout.write(
            f"{len(drift)} differences from the full computation; "
            f"{len(found) - len(drift)} approved weeks differ from today's records and stay as approved."
        )
        if check and drift:
            raise CommandError("The summaries differ from the full computation.")
