"""Demo accounts: bureau, leader, admin, and one township account per township (its pinyin).

A fresh install requires a second factor of the bureau and the administrator (accounts migration 0005).
The demo database switches that off, so the demo accounts log in with their password alone, and says so;
load_demo only runs with DEBUG on, never on a server.
"""

from facilities.models import Township
from zhongyang_eldercare.accounts.models import Role, RoleSecurityPolicy, User

ORDER = 20


def load(*, password):
    accounts = [
        ("bureau", Role.BUREAU, None, "县民政局（演示）"),
        ("leader", Role.LEADER, None, "领导小组（演示）"),
        ("admin", Role.ADMIN, None, "系统管理员（演示）"),
    ]
    accounts += [(t.pinyin, Role.TOWNSHIP, t, f"{t.name}工作人员（演示）") for t in Township.objects.order_by("position")]
    lines = []
    for username, role, township, name in accounts:
        user, _created = User.objects.get_or_create(username=username, defaults={"role": role, "township": township})
        user.role, user.township, user.first_name = role, township, name
        user.is_staff = role in {Role.BUREAU, Role.ADMIN}
        user.is_superuser = role == Role.ADMIN
        user.set_password(password)
        user.full_clean()
        user.save()
        lines.append(f"  {username:<12} {role.label}{' · ' + township.name if township else ''}")
    lines += switch_off_two_factor()
    return ["Demo accounts:", *lines]


def switch_off_two_factor():
    for role in (Role.BUREAU, Role.ADMIN):
        policy, _created = RoleSecurityPolicy.objects.get_or_create(role=role)
        policy.require_2fa = False
        policy.full_clean()
        policy.save()
    return [
        "  Two-factor login is OFF for bureau and admin in this demo database (a fresh install requires it);",
        "  switch it back on in the admin: 账户与角色 → 角色安全策略.",
    ]
