"""Sample villages, relocation sites and facilities that follow the task table.

Villages are named like 金罗镇样例村01 and flagged ``is_sample``. The villages the
table counts as already built get an operating facility from 2019; each task
of the table gets a facility whose life follows its year, with a few running
late so that the dashboards have something to show.
"""

from datetime import date

from facilities.models import (
    Facility,
    FacilityKind,
    FacilityStatus,
    FacilityStatusChange,
    RelocationSite,
    TaskKind,
    Village,
)
from facilities.plan_checks import current_document

ORDER = 10

TASK_FACILITY_KIND = {
    TaskKind.DAY_CARE: FacilityKind.DAY_CARE,
    TaskKind.HAPPINESS: FacilityKind.HAPPINESS,
    TaskKind.RELOCATION_DAY_CARE: FacilityKind.DAY_CARE,
}


def load(*, password):
    document = current_document()
    if document is None:
        return ["No task table loaded: run load_policy first."]
    created = 0
    for row in document.plan_rows.filter(is_total=False).select_related("township").prefetch_related("cells"):
        created += _load_township(row)
    return [f"Sample facilities created: {created}"]


def _load_township(row):
    township = row.township
    villages = [_village(township, number) for number in range(1, row.villages_total + 1)]
    township.elderly_population = sum(village.elderly_population for village in villages)
    township.save(update_fields=["elderly_population"])
    created = 0
    for village in villages[: row.villages_built]:
        created += _facility(village=village, kind=FacilityKind.DAY_CARE, history=_history(2019, 0))
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
                kind=TASK_FACILITY_KIND[cell.kind], history=_history(cell.year, index), planned_year=cell.year, **target
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
        (FacilityStatus.PLANNED, date(2020, 6, 1)),
        (FacilityStatus.UNDER_CONSTRUCTION, date(year, 4, 1)),
        (FacilityStatus.BUILT, built_on),
        (FacilityStatus.OPERATING, date(built_on.year, built_on.month, 28)),
    ]


def _facility(*, kind, history, planned_year=None, village=None, relocation_site=None):
    place = village or relocation_site
    name = f"{place.name}{FacilityKind(kind).label}"
    if Facility.objects.filter(name=name, township=place.township).exists():
        return 0
    beds = 10 + len(place.name) % 6 if kind == FacilityKind.DAY_CARE else 6
    facility = Facility.objects.create(
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
    )
    FacilityStatusChange.objects.bulk_create(
        FacilityStatusChange(facility=facility, status=status, changed_on=day, note="样例数据") for status, day in history
    )
    return 1
