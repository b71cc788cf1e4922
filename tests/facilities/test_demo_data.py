import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from facilities.models import Facility, PlanTableRow, RelocationSite, Village
from zhongyang_eldercare.accounts.models import Role, User


def test_load_demo_refuses_to_run_with_debug_off(policy, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists() and not Village.objects.exists()


@pytest.fixture
def demo(policy, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "Demo-pass-2020"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_creates_as_many_sample_villages_as_the_table_says(demo):
    for row in PlanTableRow.objects.filter(is_total=False).select_related("township"):
        villages = Village.objects.filter(township=row.township)
        assert villages.count() == row.villages_total, row.label
        assert all(village.is_sample for village in villages)
    assert Village.objects.filter(name="金罗镇样例村01").exists()
    assert Village.objects.filter(name="金罗镇样例村21").exists()


def test_the_villages_already_built_get_a_facility_before_the_plan(demo):
    from datetime import date

    per_township = Village.objects.coverage_by_township(date(2019, 12, 31))
    for row in PlanTableRow.objects.filter(is_total=False):
        assert per_township[row.township_id] == (row.villages_built, row.villages_total), row.label
    assert RelocationSite.objects.count() == 12
    assert not Facility.objects.filter(is_sample=False).exists()


def test_demo_accounts_exist_for_every_role_and_township(demo):
    expected = {"bureau", "leader", "admin", "ningxiang", "jinluo", "zhike", "nuanquan", "wujiazhuang", "chemingyu", "xiazaolin"}
    # the city bureau, and the second, sample county's bureau and township staff (facilities/demo_city.py)
    expected |= {"lvliang", "yangli", "yangli-chengguan", "yangli-dongshan"}
    assert set(User.objects.values_list("username", flat=True)) == expected
    assert User.objects.get(username="jinluo").township.name == "金罗镇"
    assert User.objects.get(username="leader").role == Role.LEADER
    assert User.objects.get(username="bureau").check_password("Demo-pass-2020")
    assert "Demo-pass-2020" in demo


def test_load_demo_twice_adds_nothing(demo, settings):
    counts = (Village.objects.count(), Facility.objects.count(), User.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Village.objects.count(), Facility.objects.count(), User.objects.count()) == counts


def test_load_demo_prints_a_generated_password_when_none_is_set(policy, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = None
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    password = out.getvalue().strip().rsplit(" ", 1)[-1]
    assert User.objects.get(username="bureau").check_password(password)
