"""The main menu. Each app lists its own entries in a ``navigation`` module
(``NAV_ITEMS``); the menu shows a user only the entries their role may use."""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from zhongyang_eldercare.accounts.models import COUNTY_ROLES, EDITOR_ROLES, POLICY_ROLES, Role
from zhongyang_eldercare.discovery import app_modules

EVERYONE = frozenset(Role.values)
COUNTY = COUNTY_ROLES
EDITORS = EDITOR_ROLES


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = EVERYONE
    order: int = 100

    def visible_to(self, user):
        return user.is_authenticated and user.role in self.roles


@cache
def all_items():
    items = [item for module in app_modules("navigation") for item in getattr(module, "NAV_ITEMS", ())]
    return sorted(items, key=lambda item: item.order)


def items_for(user):
    return [(item.label, reverse(item.url_name)) for item in all_items() if item.visible_to(user)]


def _(text):
    from django.utils.translation import gettext_lazy

    return gettext_lazy(text)


NAV_ITEMS = [
    NavItem(_("Home"), "home", order=0),
    # accounts and policy data are kept in Django's admin: without this entry its address had to be typed
    NavItem(_("Data administration"), "admin:index", roles=POLICY_ROLES, order=990),
]
