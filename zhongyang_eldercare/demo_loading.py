"""Sample data for trying the portal: each app's ``demo`` module has ``ORDER`` and ``load(password=...)``."""

from django.db import transaction

from zhongyang_eldercare.discovery import app_modules


def registered_loaders():
    return sorted(app_modules("demo"), key=lambda module: module.ORDER)


@transaction.atomic
def load_all(*, password):
    """Run every app's demo loader; return the lines to tell the user."""
    lines = []
    for module in registered_loaders():
        lines.extend(module.load(password=password) or [])
    return lines
