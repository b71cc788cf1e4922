import secrets
import string

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhongyang_eldercare.demo_loading import load_all


def generated_password():
    """A random password that passes the portal's own password rules."""
    alphabet = string.ascii_letters + string.digits
    return "Zy-" + "".join(secrets.choice(alphabet) for _ in range(10)) + "7a"


class Command(BaseCommand):
    help = "Add clearly-labelled sample villages, facilities and demo accounts (refuses to run when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo adds sample data and known passwords; it only runs with DEBUG on.")
        password = settings.DEMO_PASSWORD or generated_password()
        for line in load_all(password=password):
            self.stdout.write(line)
        origin = "DEMO_PASSWORD" if settings.DEMO_PASSWORD else "generated for this run"
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Password of every demo account ({origin}): {password}"))
