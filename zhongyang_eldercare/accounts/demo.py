"""Demo accounts of the county roles: bureau, leader, admin.

The township accounts (one per township, named by its pinyin) are made by facilities' demo, which
knows the townships; both write through ``save_demo_account``. Accounts import no facilities module.

A fresh install requires a second factor of the bureau and the administrator (accounts migration 0005).
The demo database switches that off, so the demo accounts log in with their password alone, and says so;
load_demo only runs with DEBUG on, never on a server.
"""

from zhongyang_eldercare.accounts.models import COUNTY_BOUND_ROLES, POLICY_ROLES, Role, RoleSecurityPolicy, User

ORDER = 20

COUNTY_ACCOUNTS = [
    ("bureau", Role.BUREAU, "县民政局（演示）"),
    ("leader", Role.LEADER, "领导小组（演示）"),
    ("admin", Role.ADMIN, "系统管理员（演示）"),
]


def installation_county():
    """The county load_policy loaded first: the installation's own (the model by name only, as ``User.county``)."""
    return User._meta.get_field("county").related_model.objects.order_by("pk").first()


def load(*, password):
    county = installation_county()
    lines = [
        save_demo_account(username, role, None, name, password=password, county=county if role in COUNTY_BOUND_ROLES else None)
        for username, role, name in COUNTY_ACCOUNTS
    ]
    lines += switch_off_two_factor()
    return ["Demo accounts:", *lines]


def save_demo_account(username, role, township, name, *, password, county=None, city=None):
    """Create or reset one demo account; return its line for the command's output."""
    places = {"township": township, "county": county, "city": city}
    user, _created = User.objects.get_or_create(username=username, defaults={"role": role, **places})
    user.role, user.first_name = role, name
    user.township, user.county, user.city = township, county, city
    user.set_password(password)
    user.full_clean()
    user.save()  # is_staff and is_superuser follow the role (User.save)
    place = township or county or city
    return f"  {username:<12} {role.label}{' · ' + place.name if place else ''}"


def switch_off_two_factor():
    for role in sorted(POLICY_ROLES):
        policy, _created = RoleSecurityPolicy.objects.get_or_create(role=role)
        policy.require_2fa = False
        policy.full_clean()
        policy.save()
    return [
        "  Two-factor login is OFF for bureau and admin in this demo database (a fresh install requires it);",
        "  switch it back on in the admin: 账户与角色 → 角色安全策略.",
    ]
