from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.navigation import EVERYONE, NavItem

NAV_ITEMS = [
    NavItem(_("Subsidies and awards"), "subsidies:awards", roles=EVERYONE, order=50),
    NavItem(_("Evaluations"), "subsidies:evaluations", roles=EVERYONE, order=51),
    NavItem(_("Funding ledger"), "subsidies:ledger", roles=EVERYONE, order=52),
    NavItem(_("Subsidy rules"), "subsidies:rules", roles=EVERYONE, order=53),
]
