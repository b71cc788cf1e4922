"""Scope cases of the facilities app (see tests/scoping.py)."""

from datetime import date

from facilities.models import (
    BedCount,
    Facility,
    FacilityKind,
    FacilityStatus,
    FacilityStatusChange,
    KeyProject,
    MealService,
    Milestone,
    PolicyDocument,
    RelocationSite,
    Township,
    Village,
)
from tests.scoping import ScopeCase


def _village(township):
    count = Village.objects.filter(township=township).count() + 1
    return Village.objects.create(township=township, name=f"{township.name}范围村{count:02d}")


def _facility(township):
    count = Facility.objects.count() + 1
    return Facility.objects.create(
        township=township, kind=FacilityKind.DAY_CARE, name=f"范围测试设施{count:03d}", village=_village(township)
    )


def _status_change(township):
    facility = _facility(township)
    return FacilityStatusChange.objects.create(facility=facility, status=FacilityStatus.PLANNED, changed_on=date(2020, 6, 1))


def _bed_count(township):
    return BedCount.objects.create(facility=_facility(township), since=date(2020, 6, 1), beds=4)


def _meal_service(township):
    return MealService.objects.create(facility=_facility(township), changed_on=date(2020, 6, 1), serves_meals=True)


def _key_project(township):
    count = KeyProject.objects.count() + 1
    return KeyProject.objects.create(
        document=PolicyDocument.objects.filter(county=township.county_id).first(),  # the plan of its county
        clause="§2.4",
        code=f"scope-test-{count}",
        name=f"{township.name}范围测试重点项目",
        kind=FacilityKind.NURSING_HOME,
        township=township,
    )


def _milestone(township):
    return Milestone.objects.create(project=_key_project(township), position=1, name="范围测试节点", deadline=date(2021, 12, 31))


def _site(township):
    count = RelocationSite.objects.filter(township=township).count() + 1
    return RelocationSite.objects.create(township=township, name=f"{township.name}范围安置点{count:02d}")


def _facility_data(facility):
    return {"township": facility.township_id, "village": facility.village_id, "name": "改名", "beds": 0}


CASES = [
    ScopeCase(
        model=Facility,
        make=_facility,
        list_url="facilities:list",
        detail_url="facilities:detail",
        change_url="facilities:edit",
        export_url="facilities:export",
        change_data=_facility_data,
    ),
    ScopeCase(model=FacilityStatusChange, make=_status_change),
    ScopeCase(model=BedCount, make=_bed_count),
    ScopeCase(model=MealService, make=_meal_service),
    ScopeCase(
        model=Village,
        make=_village,
        list_url="facilities:villages",
        change_url="facilities:village_edit",
        change_data=lambda village: {"population": 800, "elderly_population": 150},
    ),
    ScopeCase(model=RelocationSite, make=_site),
    ScopeCase(model=KeyProject, make=_key_project),
    ScopeCase(model=Milestone, make=_milestone),
    ScopeCase(model=Township, make=lambda township: township),
]
