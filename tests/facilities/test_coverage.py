from datetime import date

import pytest

from facilities.models import BedRatio, Facility, FacilityKind, FacilityStatus, RelocationSite, Township, Village

pytestmark = pytest.mark.django_db

NEW_YEARS_EVE, NEW_YEARS_DAY = date(2020, 12, 31), date(2021, 1, 1)


def bed_ratio(township, day):
    return Township.objects.with_beds_on(day).get(pk=township.pk).bed_ratio


def built_on(day):
    return [(FacilityStatus.PLANNED, date(2020, 3, 1)), (FacilityStatus.BUILT, day)]


def test_a_village_counts_as_covered_from_the_day_its_facility_is_built(townships, make_village, make_facility):
    jinluo = townships["jinluo"]
    early, late, never = make_village(jinluo), make_village(jinluo), make_village(jinluo)
    make_facility(jinluo, village=early, history=built_on(NEW_YEARS_EVE))
    make_facility(jinluo, village=late, history=built_on(NEW_YEARS_DAY))
    make_facility(jinluo, village=never, history=[(FacilityStatus.PLANNED, date(2020, 3, 1))])
    assert Village.objects.coverage_by_township(NEW_YEARS_EVE)[jinluo.pk] == (1, 3)
    assert Village.objects.coverage_by_township(NEW_YEARS_DAY)[jinluo.pk] == (2, 3)


def test_a_suspended_facility_stops_covering_its_village(townships, make_village, make_facility):
    jinluo = townships["jinluo"]
    history = [(FacilityStatus.OPERATING, date(2020, 5, 1)), (FacilityStatus.SUSPENDED, date(2021, 6, 1))]
    make_facility(jinluo, history=history)
    assert Village.objects.coverage_by_township(date(2021, 5, 31))[jinluo.pk] == (1, 1)
    assert Village.objects.coverage_by_township(date(2021, 6, 1))[jinluo.pk] == (0, 1)


def test_nursing_homes_do_not_cover_a_village(townships, make_village, make_facility):
    ningxiang = townships["ningxiang"]
    make_village(ningxiang)
    make_facility(ningxiang, kind=FacilityKind.CENTRAL_NURSING)
    assert Village.objects.coverage_by_township(date(2022, 12, 31))[ningxiang.pk] == (0, 1)
    assert not Facility.objects.covering(date(2022, 12, 31)).exists()


def test_relocation_site_coverage_counts_day_care_centers_by_date(townships, make_facility, make_site):
    zhike = townships["zhike"]
    served, waiting = make_site(zhike), make_site(zhike)
    make_facility(zhike, relocation_site=served, history=built_on(NEW_YEARS_DAY))
    assert waiting.pk != served.pk
    assert RelocationSite.objects.coverage_by_township(NEW_YEARS_EVE)[zhike.pk] == (0, 2)
    assert RelocationSite.objects.coverage_by_township(NEW_YEARS_DAY)[zhike.pk] == (1, 2)


def test_beds_per_thousand_elderly_counts_beds_in_service_on_the_day(townships, make_village, make_facility):
    jinluo = townships["jinluo"]
    village = make_village(jinluo, elderly_population=300)
    make_village(jinluo, elderly_population=200)
    make_facility(jinluo, village=village, beds=12, history=built_on(NEW_YEARS_EVE))
    make_facility(jinluo, kind=FacilityKind.NURSING_HOME, beds=8, history=built_on(NEW_YEARS_DAY))
    before = bed_ratio(jinluo, NEW_YEARS_EVE)
    after = bed_ratio(jinluo, NEW_YEARS_DAY)
    assert (before.beds, before.elderly, str(before.per_thousand)) == (12, 500, "24.0")
    assert (after.beds, str(after.per_thousand)) == (20, "40.0")


def test_the_township_figure_stands_in_when_no_village_gives_one(townships, make_facility):
    zhike = townships["zhike"]
    zhike.elderly_population = 400
    zhike.save()
    make_facility(zhike, beds=10)
    assert bed_ratio(zhike, date(2021, 1, 1)).per_thousand == 25
    assert bed_ratio(townships["jinluo"], date(2021, 1, 1)).per_thousand is None


def test_the_townships_ratios_take_one_query_and_add_up_for_the_county(
    townships, make_village, make_facility, django_assert_num_queries
):
    for pinyin, elderly, beds in (("jinluo", 500, 10), ("zhike", 300, 18)):
        make_facility(townships[pinyin], village=make_village(townships[pinyin], elderly_population=elderly), beds=beds)
    with django_assert_num_queries(1):  # the townships, their elderly and beds in service as subqueries
        ratios = [township.bed_ratio for township in Township.objects.with_beds_on(date(2021, 1, 1))]
    county = sum(ratios, BedRatio(0, 0))
    assert (county.beds, county.elderly, str(county.per_thousand)) == (28, 800, "35.0")
