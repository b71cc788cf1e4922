"""Find a module of a given name in every installed app (``navigation``, ``policy_data``, ``demo``)."""

from importlib import import_module

from django.apps import apps


def app_modules(name):
    """Each installed app's ``<app>.<name>`` module, in INSTALLED_APPS order; apps without one are skipped."""
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
    return modules
