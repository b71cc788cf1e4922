from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.navigation import NavItem
from zhongyang_eldercare.audit.access import AUDIT_READERS

NAV_ITEMS = [NavItem(_("Audit log"), "audit:log", roles=AUDIT_READERS, order=900)]
