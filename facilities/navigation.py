from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.navigation import COUNTY, EDITORS, NavItem

NAV_ITEMS = [
    NavItem(_("Facilities"), "facilities:list", order=10),
    NavItem(_("Add a facility"), "facilities:choose_kind", roles=EDITORS, order=11),
    NavItem(_("Import facilities"), "facilities:import", roles=EDITORS, order=12),
    NavItem(_("Villages"), "facilities:villages", order=13),
    NavItem(_("Key projects"), "facilities:key_projects", roles=COUNTY, order=14),
    NavItem(_("The plan"), "plan:plan", order=80),
    NavItem(_("Plan checks"), "plan:checks", roles=COUNTY, order=81),
]
