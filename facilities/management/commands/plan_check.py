from django.core.management.base import BaseCommand, CommandError

from facilities.plan_checks import failures, run_checks


class Command(BaseCommand):
    help = "Run the plan's consistency rules over the stored task table; exit non-zero when any fails."

    def handle(self, *args, **options):
        findings = run_checks()
        if not findings:
            raise CommandError("No task table is loaded; run load_policy first.")
        failed = failures(findings)
        for finding in failed:
            self.stdout.write(
                f"{finding.subject}\t{finding.rule}: {finding.title}\texpected {finding.expected}\tfound {finding.found}"
            )
        if failed:
            raise CommandError(f"{len(failed)} of {len(findings)} plan checks failed.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"All {len(findings)} plan checks pass."))
