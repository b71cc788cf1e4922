"""A second, sample county of the same city and the city bureau's account, for trying the county scope.

The sample county (吕梁市样例县, flagged by its name and its sample villages) has two townships, a few
villages and facilities, and its own bureau account ``yangli``; the city bureau's account ``lvliang``
reads both counties side by side and changes nothing. Its bureau sees nothing of 中阳县, and 中阳县's
bureau nothing of it (accounts.scoping).
"""

from datetime import date

from facilities.models import (
    City,
    County,
    FacilityKind,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    Target,
    TargetCode,
    TaskKind,
    Township,
)
from facilities.plans import plan_in_force
from zhongyang_eldercare.accounts.demo import save_demo_account
from zhongyang_eldercare.accounts.models import Role

SAMPLE_COUNTY = {"name": "吕梁市样例县", "code": "yangli-sample"}
# (name, kind, pinyin, villages, of which built)
SAMPLE_TOWNSHIPS = [("样例县城关镇", "town", "yangli-chengguan", 6, 4), ("样例县东山乡", "xiang", "yangli-dongshan", 5, 2)]


def load(*, password, numbers, village, facility, history):
    """Make the sample county with the facilities demo's own makers; return the lines for the command."""
    city = City.objects.order_by("pk").first()
    if city is None:
        return []
    county, _created = County.objects.get_or_create(code=SAMPLE_COUNTY["code"], defaults={"name": SAMPLE_COUNTY["name"]})
    county.city = city
    county.save(update_fields=["city"])
    for position, (name, kind, pinyin, villages, built) in enumerate(SAMPLE_TOWNSHIPS, start=1):
        township, _created = Township.objects.get_or_create(
            name=name, defaults={"county": county, "kind": kind, "pinyin": pinyin, "position": position}
        )
        made = [village(township, number) for number in range(1, villages + 1)]
        township.elderly_population = sum(each.elderly_population for each in made)
        township.save(update_fields=["elderly_population"])
        for index, each in enumerate(made[:built]):
            facility(village=each, kind=FacilityKind.DAY_CARE, history=history(2021, index), number=next(numbers))
    _sample_plan(county)
    return [
        "Demo accounts of the city and of a second, sample county:",
        save_demo_account("lvliang", Role.CITY, None, f"{city.name}民政局（演示）", password=password, city=city),
        save_demo_account("yangli", Role.BUREAU, None, f"{county.name}民政局（演示）", password=password, county=county),
    ]


# The sample county's own sample plan: (township name, villages, [(year, happiness courtyards to build)]).
SAMPLE_PLAN_ROWS = [
    ("样例县城关镇", 6, [(2020, 2), (2021, 2), (2022, 2)]),
    ("样例县东山乡", 5, [(2020, 1), (2021, 2), (2022, 2)]),
]


def _sample_plan(county):
    """A sample task table for the sample county, with the targets of the installation's plan copied (sample data)."""
    document, created = PolicyDocument.objects.get_or_create(
        code="样例县〔2020〕1号",
        defaults={
            "county": county, "title": f"{county.name}农村养老服务实施方案（样例）", "issued_by": "样例",
            "period_start": date(2020, 1, 1), "period_end": date(2022, 12, 31),
        },
    )  # fmt: skip
    if not created:
        return
    totals = {}
    for position, (name, villages, tasks) in enumerate(SAMPLE_PLAN_ROWS, start=1):
        row = PlanTableRow.objects.create(
            document=document, position=position, label=name, township=Township.objects.get(name=name),
            villages_total=villages, villages_built=0, villages_to_build=villages,
        )  # fmt: skip
        for year, count in tasks:
            PlanTableCell.objects.create(row=row, year=year, kind=TaskKind.HAPPINESS, count=count)
            totals[year] = totals.get(year, 0) + count
    total = PlanTableRow.objects.create(
        document=document, position=len(SAMPLE_PLAN_ROWS) + 1, label="合计", is_total=True,
        villages_total=11, villages_built=0, villages_to_build=11,
    )  # fmt: skip
    for year, count in totals.items():
        PlanTableCell.objects.create(row=total, year=year, kind=TaskKind.HAPPINESS, count=count)
    source = plan_in_force(County.objects.order_by("pk").first(), date(2020, 1, 1))
    targets = Target.objects.filter(document=source).exclude(code=TargetCode.RELOCATION_SITES) if source else []
    for target in targets:  # the shares and the bed ratio; the count of sites is the installation county's own
        target.pk, target.document = None, document
        target.save()
