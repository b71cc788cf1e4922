from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.navigation import COUNTY, NavItem

NAV_ITEMS = [
    NavItem(_("The plan"), "plan:plan", order=80),
    NavItem(_("Plan checks"), "plan:checks", roles=COUNTY, order=81),
]
