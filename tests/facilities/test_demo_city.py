"""The demo's second, sample county and the city bureau's account (issue 15, item 1)."""

import pytest

from facilities import demo
from facilities.models import County, Facility, Target, Village
from zhongyang_eldercare.accounts import demo as account_demo
from zhongyang_eldercare.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_counties_each_bureau_seeing_its_own_and_the_city_both(policy):
    account_demo.load(password="Demo-pass-2020")
    lines = demo.load(password="Demo-pass-2020")
    assert any("lvliang" in line for line in lines) and any("yangli" in line for line in lines)
    zhongyang, sample = County.objects.get(code="zhongyang"), County.objects.get(code="yangli-sample")
    bureau, sample_bureau, city = (User.objects.get(username=name) for name in ("bureau", "yangli", "lvliang"))
    assert bureau.county == zhongyang and User.objects.get(username="leader").county == zhongyang
    assert sample_bureau.county == sample and city.role == Role.CITY and city.city == zhongyang.city == sample.city
    sample_facilities = set(Facility.objects.in_county(sample))
    assert len(sample_facilities) == 6
    assert set(Facility.objects.for_user(sample_bureau)) == sample_facilities
    assert not set(Facility.objects.for_user(bureau)) & sample_facilities
    assert Facility.objects.for_user(city).count() == Facility.objects.count()
    assert Village.objects.in_county(sample).count() == 11
    from facilities.plans import plans_of

    plan = plans_of(sample).get()  # the sample county's own sample plan, its targets copied
    assert plan.plan_rows.get(is_total=True).villages_total == 11 and Target.objects.filter(document=plan).exists()
    villages = Village.objects.count()
    demo.load(password="Demo-pass-2020")
    assert Village.objects.count() == villages
