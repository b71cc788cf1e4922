"""Sample villages, relocation sites and facilities that follow the task table.

Villages are named like 金罗镇样例村01 and flagged ``is_sample``. The villages the
table counts as already built get an operating facility from 2019; each task
of the table gets a facility whose life follows its year, with a few running
late so that the dashboards have something to show.
"""

from datetime import date
from decimal import Decimal
from itertools import count

from django.utils import timezone

from facilities import demo_city
from facilities.models import (
    ApprovalKind,
    BuildingSource,
    County,
    Facility,
    FacilityKind,
    FacilityStandard,
    FacilityStatus,
    FacilityStatusChange,
    KeyProject,
    MilestoneStatus,
    OperatingModel,
    RelocationSite,
    TaskKind,
    Township,
    Village,
)
from facilities.plans import plans_of
from facilities.services import save_facility
from zhongyang_eldercare.accounts.demo import save_demo_account
from zhongyang_eldercare.accounts.models import Role

ORDER = 10

TASK_FACILITY_KIND = {
    TaskKind.DAY_CARE: FacilityKind.DAY_CARE,
    TaskKind.HAPPINESS: FacilityKind.HAPPINESS,
    TaskKind.RELOCATION_DAY_CARE: FacilityKind.DAY_CARE,
}


def load(*, password):
    county = County.objects.order_by("pk").first()  # the installation's own county (load_policy's); not the demo's second
    document = plans_of(county).last() if county else None
    if document is None:
        return ["No task table loaded: run load_policy first.", "Demo township accounts:", *_township_accounts(password)]
    created = 0
    numbers = count()
    for row in document.plan_rows.filter(is_total=False).select_related("township").prefetch_related("cells"):
        created += _load_township(row, numbers)
    created += _load_key_projects()
    city = demo_city.load(password=password, numbers=numbers, village=_village, facility=_facility, history=_history)
    accounts = ["Demo township accounts:", *_township_accounts(password)]
    return [f"Sample facilities created: {created}", *accounts, *city]


def _township_accounts(password):
    """One township staff account per township, named by its pinyin."""
    return [
        save_demo_account(township.pinyin, Role.TOWNSHIP, township, f"{township.name}工作人员（演示）", password=password)
        for township in Township.objects.order_by("position")
    ]


def _load_township(row, numbers):
    township = row.township
    villages = [_village(township, number) for number in range(1, row.villages_total + 1)]
    township.elderly_population = sum(village.elderly_population for village in villages)
    township.save(update_fields=["elderly_population"])
    created = 0
    for village in villages[: row.villages_built]:
        created += _facility(village=village, kind=FacilityKind.DAY_CARE, history=_history(2019, 0), number=next(numbers))
    pending = iter(villages[row.villages_built :])
    sites = 0
    for cell in row.cells.order_by("year", "kind"):
        for index in range(cell.count):
            if cell.kind == TaskKind.RELOCATION_DAY_CARE:
                sites += 1
                target = {"relocation_site": _site(township, sites)}
            else:
                village = next(pending, None)
                if village is None:
                    break
                target = {"village": village}
            created += _facility(
                kind=TASK_FACILITY_KIND[cell.kind],
                history=_history(cell.year, index),
                planned_year=cell.year,
                number=next(numbers),
                **target,
            )
    return created


def _village(township, number):
    population = 600 + (number * 173 + township.position * 59) % 1100
    village, _created = Village.objects.get_or_create(
        township=township,
        name=f"{township.name}样例村{number:02d}",
        defaults={
            "population": population,
            "elderly_population": population * 21 // 100,
            "is_township_seat": number == 1,
            "has_clinic": number % 3 != 0,
            "is_sample": True,
        },
    )
    return village


def _site(township, number):
    site, _created = RelocationSite.objects.get_or_create(
        township=township,
        name=f"{township.name}样例安置点{number:02d}",
        defaults={"elderly_population": 40 + number * 7, "is_sample": True},
    )
    return site


def _history(year, index):
    """Planned, under construction, built, operating; every third task of a year finishes late."""
    if year < 2020:
        return [(FacilityStatus.BUILT, date(year, 6, 30)), (FacilityStatus.OPERATING, date(year, 9, 1))]
    late = index % 3 == 2
    built_on = date(year + 1, 3, 20) if late else date(year, 10, 15)
    return [
        (FacilityStatus.PLANNED, date(2020, 3, 1)),
        (FacilityStatus.UNDER_CONSTRUCTION, date(year, 4, 1)),
        (FacilityStatus.BUILT, built_on),
        (FacilityStatus.OPERATING, date(built_on.year, built_on.month, 28)),
    ]


# Every seventh sample facility misses the standard in one way, in turn, so that
# the compliance filter and counts have something to show; the rest meet it.
FLAWS = ("area", "room", "equipment", "reuse", "approval")
SOURCES = (BuildingSource.IDLE_SCHOOL, BuildingSource.VILLAGE_COMMITTEE, BuildingSource.IDLE_HOSPITAL, BuildingSource.OTHER_REUSE)


def _flaw(number):
    return FLAWS[(number // 7) % len(FLAWS)] if number % 7 == 3 else None


def _equipped(facility, standard, flaw):
    """Give a sample facility what its standard asks for, minus its one flaw (if any)."""
    rooms = list(standard.required_rooms.all()) if standard else []
    equipment = list(standard.required_equipment.all()) if standard else []
    facility.rooms.set(rooms[:-1] if flaw == "room" else rooms)
    facility.equipment.set(equipment[:-1] if flaw == "equipment" else equipment)


def _sample_fields(kind, number, standard, approved_on):
    flaw = _flaw(number)
    low = standard.min_area if standard and standard.min_area is not None else Decimal(150)
    high = standard.max_area if standard and standard.max_area is not None else low
    area = low + (high - low) * (number % 5) / 5
    fields = {
        "floor_area": low / 2 if flaw == "area" else area.quantize(Decimal("1")),
        "building_source": BuildingSource.NEW_BUILD if flaw == "reuse" else SOURCES[number % len(SOURCES)],
        "operating_model": (OperatingModel.VILLAGE_COLLECTIVE, OperatingModel.PUBLIC_PRIVATE, OperatingModel.PUBLIC_PUBLIC)[
            number % 3
        ],
        "merged_with_clinic": number % 4 == 0,
        "in_insurance_network": number % 6 == 0,
        "medical_partner": "乡镇卫生院" if number % 2 == 0 else "",
        "contact_person": f"样例联系人{number:03d}",
        "contact_phone": f"1380000{number:04d}",
    }
    if flaw != "approval":
        approval_kind = ApprovalKind.VILLAGERS_COMMITTEE if number % 2 else ApprovalKind.REPRESENTATIVES_MEETING
        fields.update(
            approval_kind=approval_kind, approval_date=approved_on, approval_number=f"村议〔{approved_on.year}〕{number}号"
        )
    return fields, flaw


def _facility(*, kind, history, number, planned_year=None, village=None, relocation_site=None):
    place = village or relocation_site
    name = f"{place.name}{FacilityKind(kind).label}"
    if Facility.objects.filter(name=name, township=place.township).exists():
        return 0
    standard = FacilityStandard.objects.by_kind(timezone.localdate()).get(kind)
    sample, flaw = _sample_fields(kind, number, standard, history[0][1])
    beds = 10 + len(place.name) % 6 if kind == FacilityKind.DAY_CARE else 6
    facility = Facility(
        kind=kind,
        name=name,
        township=place.township,
        village=village,
        relocation_site=relocation_site,
        planned_year=planned_year,
        status=history[-1][0],
        beds=beds,
        serves_meals=kind == FacilityKind.DAY_CARE,
        is_sample=True,
        **sample,
    )
    save_facility(facility=facility, by=None, status_on=history[0][1])  # beds and meals counted from the first status on
    _equipped(facility, standard, flaw)
    FacilityStatusChange.objects.bulk_create(
        FacilityStatusChange(facility=facility, status=status, changed_on=day, note="样例数据") for status, day in history
    )
    return 1


# Sample progress of the key projects: (project code, facility, [(milestone position, done on or None)]).
KEY_PROJECT_PROGRESS = [
    (
        "central-nursing-home",
        ("宁乡镇", "中阳县护理型中心敬老院（样例）", FacilityKind.CENTRAL_NURSING, 220, 180),
        [(1, date(2020, 10, 15)), (2, date(2021, 11, 30))],
    ),
    (
        "xiazaolin-regional-home",
        ("下枣林乡", "下枣林乡区域性敬老院（样例）", FacilityKind.REGIONAL_NURSING, 80, 30),
        [(1, date(2020, 11, 20)), (2, None)],
    ),
    ("county-home-upgrade", None, [(1, date(2021, 8, 31)), (2, None), (3, None)]),
    ("zhiyuan-fire-safety", ("暖泉镇", "暖泉镇知源敬老院（样例）", FacilityKind.NURSING_HOME, 40, 10), [(1, None), (2, None)]),
]


def _load_key_projects():
    created = 0
    projects = {project.code: project for project in KeyProject.objects.prefetch_related("milestones")}
    for code, home, progress in KEY_PROJECT_PROGRESS:
        project = projects.get(code)
        if project is None:
            continue
        if home and project.facility_id is None:
            project.facility = _nursing_home(*home)
            project.save(update_fields=["facility"])
            created += 1
        done = dict(progress)
        for milestone in project.milestones.all():
            day = done.get(milestone.position)
            milestone.done_on = day
            milestone.status = MilestoneStatus.DONE if day else MilestoneStatus.IN_PROGRESS
            milestone.full_clean()
            milestone.save()
    return created


def _nursing_home(township_name, name, kind, beds, nursing_beds):
    township = Township.objects.get(name=township_name)
    existing = Facility.objects.filter(name=name, township=township).first()
    if existing is not None:
        return existing
    facility = Facility(
        kind=kind,
        name=name,
        township=township,
        status=FacilityStatus.OPERATING,
        beds=beds,
        nursing_beds=nursing_beds,
        building_source=BuildingSource.IDLE_SCHOOL if kind == FacilityKind.REGIONAL_NURSING else BuildingSource.OTHER_REUSE,
        operating_model=OperatingModel.PUBLIC_PUBLIC,
        has_medical_unit=True,
        in_insurance_network=True,
        open_to_public=True,
        serves_meals=True,
        is_sample=True,
    )
    history = [(FacilityStatus.UNDER_CONSTRUCTION, date(2020, 10, 15)), (FacilityStatus.OPERATING, date(2021, 11, 30))]
    save_facility(facility=facility, by=None, status_on=history[0][1])
    FacilityStatusChange.objects.bulk_create(
        FacilityStatusChange(facility=facility, status=status, changed_on=day, note="样例数据") for status, day in history
    )
    return facility
