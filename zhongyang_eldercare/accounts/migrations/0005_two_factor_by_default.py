"""Secure by default: a fresh install asks the administrator and the bureau for a second factor at login.

The rows are data the administrator can change in the admin (角色安全策略); a role that already has a
row keeps what the administrator chose. Reversing removes only rows still as this migration left them.
"""

from django.db import migrations

DEFAULT_ROLES = ("admin", "bureau")


def require_two_factor(apps, schema_editor):
    RoleSecurityPolicy = apps.get_model("accounts", "RoleSecurityPolicy")
    for role in DEFAULT_ROLES:
        RoleSecurityPolicy.objects.get_or_create(role=role, defaults={"require_2fa": True})


def remove_defaults(apps, schema_editor):
    RoleSecurityPolicy = apps.get_model("accounts", "RoleSecurityPolicy")
    RoleSecurityPolicy.objects.filter(role__in=DEFAULT_ROLES, require_2fa=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_authenticator_device"),
    ]

    operations = [
        migrations.RunPython(require_two_factor, remove_defaults),
    ]
