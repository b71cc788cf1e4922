"""Demo accounts of the county roles: bureau, leader, admin.

The township accounts (one per township, named by its pinyin) are made by facilities' demo, which
knows the townships; both write through ``save_demo_account``. Accounts import no facilities module.
"""

from zhongyang_eldercare.accounts.models import Role, User

ORDER = 20

COUNTY_ACCOUNTS = [
    ("bureau", Role.BUREAU, "县民政局（演示）"),
    ("leader", Role.LEADER, "领导小组（演示）"),
    ("admin", Role.ADMIN, "系统管理员（演示）"),
]


def load(*, password):
    lines = [save_demo_account(username, role, None, name, password=password) for username, role, name in COUNTY_ACCOUNTS]
    return ["Demo accounts:", *lines]


def save_demo_account(username, role, township, name, *, password):
    """Create or reset one demo account; return its line for the command's output."""
    user, _created = User.objects.get_or_create(username=username, defaults={"role": role, "township": township})
    user.role, user.township, user.first_name = role, township, name
    user.is_staff = role in {Role.BUREAU, Role.ADMIN}
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean()
    user.save()
    return f"  {username:<12} {role.label}{' · ' + township.name if township else ''}"
