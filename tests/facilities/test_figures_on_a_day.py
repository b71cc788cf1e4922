"""Facilities' own figures on a day, each one queryset method: what progress and the reports assemble."""

from datetime import date

import pytest

from facilities.models import Facility, FacilityKind, FacilityStatus, TaskKind, Village
from facilities.services import save_facility

pytestmark = pytest.mark.django_db


def built(day):
    return [(FacilityStatus.PLANNED, date(2019, 3, 1)), (FacilityStatus.BUILT, day)]


def test_tasks_done_count_each_facility_in_the_year_it_first_entered_service(townships, make_facility, make_site):
    jinluo = townships["jinluo"]
    make_facility(jinluo, kind=FacilityKind.HAPPINESS, history=built(date(2020, 12, 31)))
    make_facility(jinluo, kind=FacilityKind.HAPPINESS, history=built(date(2021, 1, 1)))
    make_facility(jinluo, history=built(date(2020, 7, 1)))
    make_facility(jinluo, relocation_site=make_site(jinluo), history=built(date(2020, 8, 1)))
    make_facility(jinluo, kind=FacilityKind.NURSING_HOME, history=built(date(2020, 8, 1)))  # no task of the table
    make_facility(jinluo, kind=FacilityKind.HAPPINESS, history=built(date(2022, 5, 1)))  # after the day
    suspended = [*built(date(2020, 5, 1)), (FacilityStatus.SUSPENDED, date(2020, 9, 1))]
    make_facility(jinluo, kind=FacilityKind.HAPPINESS, history=suspended)  # done once built, whatever came later
    assert Facility.objects.tasks_done(date(2021, 12, 31)) == {
        (jinluo.pk, 2020, TaskKind.HAPPINESS): 2,
        (jinluo.pk, 2021, TaskKind.HAPPINESS): 1,
        (jinluo.pk, 2020, TaskKind.DAY_CARE): 1,
        (jinluo.pk, 2020, TaskKind.RELOCATION_DAY_CARE): 1,
    }


def test_facilities_are_counted_by_their_status_on_the_day(townships, make_facility, make_village):
    jinluo = townships["jinluo"]
    make_facility(jinluo, history=built(date(2020, 7, 1)))
    make_facility(jinluo, history=[(FacilityStatus.PLANNED, date(2020, 3, 1))])
    make_facility(jinluo, history=[(FacilityStatus.PLANNED, date(2021, 3, 1))])
    Facility.objects.create(kind=FacilityKind.HAPPINESS, name="无状态小院", township=jinluo, village=make_village(jinluo))
    assert Facility.objects.count_by_status(date(2020, 12, 31)) == {
        FacilityStatus.BUILT: 1,
        FacilityStatus.PLANNED: 1,
        None: 2,
    }


def test_coverage_on_several_days_is_one_query_and_matches_each_day(
    townships, make_village, make_facility, django_assert_num_queries
):
    jinluo = townships["jinluo"]
    for day in (date(2020, 6, 1), date(2021, 6, 1), date(2022, 6, 1)):
        make_facility(jinluo, village=make_village(jinluo), history=built(day))
    make_village(jinluo)
    days = [date(2019, 12, 31), date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)]
    with django_assert_num_queries(1):
        by_day = Village.objects.coverage_by_township_on(days)
    assert [by_day[day][jinluo.pk] for day in days] == [(0, 4), (1, 4), (2, 4), (3, 4)]
    assert all(by_day[day] == Village.objects.coverage_by_township(day) for day in days)


def test_a_facility_on_a_day_is_read_in_one_query(townships, make_facility, django_assert_num_queries):
    facility = make_facility(townships["jinluo"], beds=10, serves_meals=False, history=built(date(2020, 7, 1)))
    facility.bed_counts.update(since=date(2020, 7, 1))
    facility.meal_services.update(changed_on=date(2020, 7, 1))
    facility.beds, facility.serves_meals = 16, True
    save_facility(facility=facility, by=None, beds_since=date(2021, 3, 1), meals_since=date(2021, 3, 1))
    with django_assert_num_queries(1):  # every figure an annotation of the facility's own row
        then = Facility.objects.as_of(date(2020, 3, 1)).get(pk=facility.pk)
    now = Facility.objects.as_of(date(2021, 6, 1)).get(pk=facility.pk)
    assert (then.status_on, then.in_service, then.beds_on, then.meals_on) == (FacilityStatus.PLANNED, False, 10, False)
    assert (now.status_on, now.in_service, now.beds_on, now.meals_on) == (FacilityStatus.BUILT, True, 16, True)
    assert then.first_in_service == now.first_in_service == date(2020, 7, 1)
