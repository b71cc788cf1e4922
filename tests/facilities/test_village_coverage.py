"""Village and relocation-site coverage computed from facility records and their dated status changes."""

from datetime import date

import pytest

from facilities.models import Facility, FacilityStatusChange, RelocationSite


def facility(township, *, kind="day_care", village=None, site=None, history=()):
    made = Facility.objects.create(
        kind=kind, name=f"设施{Facility.objects.count() + 1}", township=township, village=village, relocation_site=site
    )
    for status, day in history:
        FacilityStatusChange.objects.create(facility=made, status=status, changed_on=day)
    return made


@pytest.fixture
def jinluo_villages(townships, make_village):
    return [make_village(townships["jinluo"]) for _ in range(4)]


def test_a_village_counts_from_the_day_its_facility_is_built(townships, jinluo_villages):
    jinluo = townships["jinluo"]
    facility(jinluo, village=jinluo_villages[0], history=[("planned", date(2020, 3, 1)), ("built", date(2020, 12, 31))])
    facility(jinluo, village=jinluo_villages[1], kind="happiness", history=[("built", date(2021, 1, 1))])
    villages = jinluo.villages.all()
    assert villages.coverage_by_township(date(2020, 12, 30)) == {jinluo.pk: (0, 4)}
    assert villages.coverage_by_township(date(2020, 12, 31)) == {jinluo.pk: (1, 4)}
    assert villages.coverage_by_township(date(2021, 1, 1)) == {jinluo.pk: (2, 4)}


def test_a_suspended_or_closed_facility_no_longer_covers_its_village(townships, jinluo_villages):
    jinluo = townships["jinluo"]
    facility(jinluo, village=jinluo_villages[0], history=[("operating", date(2020, 5, 1)), ("suspended", date(2021, 2, 1))])
    facility(jinluo, village=jinluo_villages[1], history=[("built", date(2020, 5, 1)), ("closed", date(2022, 2, 1))])
    assert jinluo.villages.coverage_by_township(date(2021, 1, 31)) == {jinluo.pk: (2, 4)}
    assert jinluo.villages.coverage_by_township(date(2021, 3, 1)) == {jinluo.pk: (1, 4)}
    assert jinluo.villages.coverage_by_township(date(2022, 3, 1)) == {jinluo.pk: (0, 4)}


def test_two_facilities_in_one_village_count_it_once_and_nursing_homes_do_not_count(townships, jinluo_villages):
    jinluo = townships["jinluo"]
    built = [("built", date(2020, 5, 1))]
    facility(jinluo, village=jinluo_villages[0], history=built)
    facility(jinluo, village=jinluo_villages[0], kind="mutual_aid", history=built)
    facility(jinluo, village=jinluo_villages[1], kind="nursing_home", history=built)
    facility(jinluo, village=jinluo_villages[2], history=[("under_construction", date(2020, 5, 1))])
    assert jinluo.villages.coverage_by_township(date(2020, 6, 1)) == {jinluo.pk: (1, 4)}


def test_coverage_is_given_per_township_and_adds_up_for_the_county(townships, make_village):
    jinluo, zhike = townships["jinluo"], townships["zhike"]
    jinluo_villages = [make_village(jinluo) for _ in range(3)]
    zhike_villages = [make_village(zhike) for _ in range(2)]
    built = [("operating", date(2020, 8, 1))]
    facility(jinluo, village=jinluo_villages[0], history=built)
    facility(jinluo, village=jinluo_villages[2], history=built)
    facility(zhike, village=zhike_villages[1], history=built)
    from facilities.models import Village

    per_township = Village.objects.coverage_by_township(date(2020, 12, 31))
    assert per_township == {jinluo.pk: (2, 3), zhike.pk: (1, 2)}
    covered = sum(c for c, _t in per_township.values())
    total = sum(t for _c, t in per_township.values())
    assert (covered, total) == (3, 5)


def test_relocation_sites_count_only_day_care_centers(townships):
    ningxiang = townships["ningxiang"]
    sites = [RelocationSite.objects.create(township=ningxiang, name=f"安置点{n}") for n in range(2)]
    facility(ningxiang, site=sites[0], history=[("built", date(2020, 11, 30))])
    assert RelocationSite.objects.coverage_by_township(date(2020, 12, 31)) == {ningxiang.pk: (1, 2)}
    assert RelocationSite.objects.coverage_by_township(date(2020, 11, 29)) == {ningxiang.pk: (0, 2)}


def test_coverage_takes_one_query_however_many_villages(townships, make_village, django_assert_num_queries):
    jinluo = townships["jinluo"]
    for _ in range(30):
        village = make_village(jinluo)
        facility(jinluo, village=village, history=[("built", date(2020, 1, 1))])
    with django_assert_num_queries(1):  # one grouped query with the covering subquery inside it
        assert jinluo.villages.coverage_by_township(date(2020, 6, 1)) == {jinluo.pk: (30, 30)}
