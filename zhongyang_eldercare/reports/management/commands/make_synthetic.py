from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhongyang_eldercare.reports.synthetic import (
    ELDERS_PER_COUNTY,
    Shape,
    SyntheticRefused,
    build,
    check_allowed,
    delete_synthetic,
)


class Command(BaseCommand):
    help = (
        "Add synthetic counties shaped like Zhongyang (7 townships, 76 villages, 12 relocation sites, facilities, "
        "25,000 elders, three years of weekly visits) for measurements. Refuses a database with real records, "
        "and any database outside DEBUG, unless --allow-real."
    )

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=1, help="How many counties to add (default 1).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed (and --today) builds the same records.")
        parser.add_argument("--elders", type=int, default=ELDERS_PER_COUNTY, help="Elders per county (default 25,000).")
        parser.add_argument("--weeks", type=int, default=Shape.weeks, help="Weeks of visits up to today (default three years).")
        parser.add_argument("--today", help="YYYY-MM-DD: the day the visits run up to (default: today).")
        parser.add_argument("--allow-real", action="store_true", help="Build even beside real records, or outside DEBUG.")
        parser.add_argument("--delete", action="store_true", help="Remove every synthetic county instead of adding.")

    def handle(self, *args, counties, seed, elders, weeks, today, allow_real, delete, **options):
        try:
            check_allowed(allow_real=allow_real)
        except SyntheticRefused as error:
            raise CommandError(str(error)) from None
        if delete:
            delete_synthetic(log=self.stdout.write)
            return
        if counties < 1 or elders < 1 or weeks < 1:
            raise CommandError("--counties, --elders and --weeks must be at least 1.")
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date (YYYY-MM-DD).") from None
        try:
            build(counties=counties, seed=seed, today=day, shape=Shape(elders=elders, weeks=weeks), log=self.stdout.write)
        except SyntheticRefused as error:
            raise CommandError(str(error)) from None
