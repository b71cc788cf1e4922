from datetime import date
from decimal import Decimal

import pytest

from facilities.compliance import assess_queryset
from facilities.models import ApprovalKind, BuildingSource, Facility, FacilityKind, FacilityStandard, Feature
from tests.facilities.conftest import shortfalls

pytestmark = pytest.mark.django_db


def codes(facility):
    return [shortfall.code for shortfall in shortfalls(facility)]


def test_the_standards_are_loaded_from_the_plan_with_clause(policy):
    day_care = FacilityStandard.objects.get(kind=FacilityKind.DAY_CARE)
    assert (day_care.min_area, day_care.max_area, day_care.clause) == (Decimal(150), Decimal(500), "§2.2")
    assert [room.name for room in day_care.required_rooms.order_by("position")] == [
        "日间休息室", "休闲娱乐室", "图书阅览室", "健身康复室", "餐厅",
    ]  # fmt: skip
    assert FacilityStandard.objects.get(kind=FacilityKind.HAPPINESS).required_rooms.filter(name="小型菜园").exists()
    assert FacilityStandard.objects.get(kind=FacilityKind.CENTRAL_NURSING).min_beds == 200


@pytest.mark.parametrize("kind", [FacilityKind.DAY_CARE, FacilityKind.HAPPINESS, FacilityKind.MUTUAL_AID])
def test_a_facility_with_everything_its_standard_asks_meets_it(townships, make_facility, kind):
    assert shortfalls(make_facility(townships["jinluo"], kind=kind)) == []


@pytest.mark.parametrize("area", [Decimal("149.9"), Decimal("500.1")])
def test_a_day_care_center_outside_150_to_500_square_metres_falls_short(townships, make_facility, area):
    facility = make_facility(townships["jinluo"], floor_area=area)
    assert codes(facility) == ["area"]
    assert "150–500 m²" in str(shortfalls(facility)[0])


@pytest.mark.parametrize("area", [Decimal(150), Decimal(500)])
def test_the_area_bounds_themselves_meet_the_standard(townships, make_facility, area):
    assert shortfalls(make_facility(townships["jinluo"], floor_area=area)) == []


def test_a_happiness_courtyard_over_200_square_metres_falls_short(townships, make_facility):
    assert codes(make_facility(townships["jinluo"], kind=FacilityKind.HAPPINESS, floor_area=Decimal(201))) == ["area"]


def test_an_unrecorded_area_is_a_shortfall_where_the_standard_has_a_range(townships, make_facility):
    facility = make_facility(townships["jinluo"], floor_area=None)
    assert codes(facility) == ["area"] and "未填写" in str(shortfalls(facility)[0])


def test_each_missing_room_is_named(townships, make_facility):
    rooms = Feature.objects.filter(name__in=["日间休息室", "休闲娱乐室", "餐厅"])
    facility = make_facility(townships["jinluo"], rooms=rooms)
    assert [str(shortfall) for shortfall in shortfalls(facility)] == ["缺少功能室：图书阅览室", "缺少功能室：健身康复室"]


def test_missing_equipment_is_named(townships, make_facility):
    equipment = Feature.objects.filter(name__in=["就餐设备", "洗衣设备", "食品安全设备"])
    facility = make_facility(townships["jinluo"], kind=FacilityKind.MUTUAL_AID, equipment=equipment)
    assert [str(shortfall) for shortfall in shortfalls(facility)] == ["缺少设备：消防取暖设备"]


def test_a_central_nursing_home_needs_200_beds(townships, make_facility):
    enough = make_facility(townships["ningxiang"], kind=FacilityKind.CENTRAL_NURSING, beds=200)
    short = make_facility(townships["ningxiang"], kind=FacilityKind.CENTRAL_NURSING, beds=199)
    assert shortfalls(enough) == []
    assert codes(short) == ["beds"] and "199" in str(shortfalls(short)[0]) and "200" in str(shortfalls(short)[0])


def test_a_new_build_falls_short_where_reuse_is_expected(townships, make_facility):
    assert codes(make_facility(townships["jinluo"], building_source=BuildingSource.NEW_BUILD)) == ["reuse"]
    # The central nursing home may be new or rebuilt (§2.1): no reuse shortfall.
    home = make_facility(townships["ningxiang"], kind=FacilityKind.CENTRAL_NURSING, building_source=BuildingSource.NEW_BUILD)
    assert shortfalls(home) == []


def test_a_village_facility_without_an_approval_record_falls_short(townships, make_facility):
    facility = make_facility(townships["jinluo"], approval_kind="", approval_date=None)
    assert codes(facility) == ["approval"]
    half = make_facility(townships["jinluo"], approval_kind=ApprovalKind.REPRESENTATIVES_MEETING, approval_date=None)
    assert codes(half) == ["approval"]


def test_a_bureau_edit_of_the_standard_changes_the_verdict(townships, make_facility):
    facility = make_facility(townships["jinluo"], floor_area=Decimal(520))
    assert codes(facility) == ["area"]
    FacilityStandard.objects.filter(kind=FacilityKind.DAY_CARE).update(max_area=Decimal(600))
    assert shortfalls(Facility.objects.get(pk=facility.pk)) == []


def test_a_standard_not_yet_in_force_is_not_applied(townships, make_facility):
    facility = make_facility(townships["jinluo"], floor_area=Decimal(100))
    assert shortfalls(facility, on=date(2019, 12, 31)) == []
    assert codes(facility) == ["area"]


def test_queryset_filters_and_counts_agree_with_shortfalls(townships, make_facility):
    jinluo, zhike = townships["jinluo"], townships["zhike"]
    good = [make_facility(jinluo), make_facility(jinluo), make_facility(zhike)]
    bad = [make_facility(jinluo, floor_area=Decimal(90)), make_facility(zhike, building_source=BuildingSource.NEW_BUILD)]
    assert set(Facility.objects.not_meeting_standard()) == set(bad)
    assert set(Facility.objects.meeting_standard()) == set(good)
    assert assess_queryset(Facility.objects.all()).tally_by_township() == {jinluo.pk: (2, 1), zhike.pk: (1, 1)}
    assert assess_queryset(Facility.objects.in_township(zhike)).tally_by_township() == {zhike.pk: (1, 1)}


@pytest.mark.parametrize("count", [3, 12])
def test_the_below_standard_filter_takes_a_constant_number_of_queries(townships, make_facility, django_assert_num_queries, count):
    for index in range(count):
        make_facility(townships["jinluo"], floor_area=Decimal(90) if index % 3 == 0 else Decimal(200))
    # 1 facilities with the checked columns; 3 standards in force with their rooms and equipment;
    # 2 the facilities' rooms and equipment (many-to-many pairs); 1 the filtered facilities
    with django_assert_num_queries(7):
        failing = list(Facility.objects.not_meeting_standard())
    assert len(failing) == (count + 2) // 3
