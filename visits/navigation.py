from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.navigation import COUNTY, EDITORS, EVERYONE, NavItem

NAV_ITEMS = [
    NavItem(_("This week's visits"), "visits:worklist", roles=EVERYONE, order=30),
    NavItem(_("Elder archive"), "visits:elders", roles=EVERYONE, order=31),
    NavItem(_("Follow-ups"), "visits:follow_ups", roles=EVERYONE, order=32),
    NavItem(_("Elders without a visitor"), "visits:without_visitor", roles=EVERYONE, order=33),
    NavItem(_("Visit compliance"), "visits:compliance", roles=EVERYONE, order=34),
    NavItem(_("Weekly visit summary"), "visits:summary", roles=COUNTY, order=35),
    NavItem(_("Import the elder archive"), "visits:elder_import", roles=EDITORS, order=36),
]
