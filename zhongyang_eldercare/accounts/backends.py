"""Permissions follow the role, not checkboxes.

Django's admin asks ``user.has_perm("app.change_model")``. Instead of
per-user or per-group permission rows (which an administrator could tick by
mistake), the role decides:

- administrator: superuser (``User.save`` derives it), so every permission;
  ScopedAdmin still refuses it changes to township records (``can_edit_records``).
- bureau: every permission on the domain apps, read-only on the audit log and
  the lockout records; nothing on accounts, roles or two-factor devices.
- township staff and the leading group: no admin permissions at all
  (they are not staff; their pages check roles and scoping themselves).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from zhongyang_eldercare.accounts.models import Role

# Apps whose data only the administrator manages.
ADMINISTRATOR_APPS = frozenset({"accounts", "auth", "contenttypes", "sessions", "admin", "otp_totp", "otp_static", "otp_email"})
# Apps the bureau may read in the admin but never change.
READ_ONLY_APPS = frozenset({"auditlog", "axes"})


def bureau_permissions():
    rows = Permission.objects.exclude(content_type__app_label__in=ADMINISTRATOR_APPS).values_list(
        "content_type__app_label", "codename"
    )
    return {
        f"{app_label}.{codename}"
        for app_label, codename in rows
        if app_label not in READ_ONLY_APPS or codename.startswith("view_")
    }


class RolePermissionBackend(ModelBackend):
    """ModelBackend for passwords; permissions come from the role (see module docstring)."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = bureau_permissions() if user_obj.role == Role.BUREAU else set()
        return user_obj._role_perm_cache
