"""Sample data for trying the portal: each app's ``demo`` module has ``ORDER`` and ``load(password=...)``."""

from importlib import import_module

from django.apps import apps
from django.db import transaction


def registered_loaders():
    loaders = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        loaders.append(module)
    return sorted(loaders, key=lambda module: module.ORDER)


@transaction.atomic
def load_all(*, password):
    """Run every app's demo loader; return the lines to tell the user."""
    lines = []
    for module in registered_loaders():
        lines.extend(module.load(password=password) or [])
    return lines
