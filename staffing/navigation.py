from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.navigation import EDITORS, EVERYONE, NavItem

NAV_ITEMS = [
    NavItem(_("Staffing"), "staffing:overview", roles=EVERYONE, order=20),
    NavItem(_("Public-welfare posts"), "staffing:posts", roles=EVERYONE, order=21),
    NavItem(_("Workers"), "staffing:workers", roles=EVERYONE, order=22),
    NavItem(_("Training records"), "staffing:training", roles=EVERYONE, order=23),
    NavItem(_("Import workers"), "staffing:worker_import", roles=EDITORS, order=24),
]
