#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongyang_eldercare.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now, so a missing variable is reported plainly
    except ImproperlyConfigured as error:
        # The settings fail closed outside DEBUG; say how to proceed instead of a long traceback.
        sys.exit(
            f"Configuration error: {error}\nOn a development machine run with DEBUG=1 (as `make run` does); see .env.example."
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
