from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.accounts.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Progress dashboard"), "reports:dashboard", order=10),
    NavItem(_("Monthly progress reports"), "reports:monthly_list", order=11),
    NavItem(_("Counties side by side"), "reports:city", roles=frozenset({Role.CITY}), order=9),
]
