"""Demo accounts: bureau, leader, admin, and one township account per township (its pinyin)."""

from facilities.models import Township
from zhongyang_eldercare.accounts.models import Role, User

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
    return ["Demo accounts:", *lines]
