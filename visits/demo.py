"""Sample elders, visitors and a few weeks of visits in the sample villages (flagged ``is_sample``).

Deterministic: the same elders, ID numbers and visits every run (ID numbers use
the county's region code and a sequence, with a valid check digit); running it
again adds nothing. Names read 样例老人 so nobody takes them for real people.
"""

from datetime import date, timedelta

from django.utils import timezone

from facilities.models import Facility, Village
from visits.models import (
    Assessment,
    Elder,
    LivingArrangement,
    Placement,
    Risk,
    SelfCare,
    Visit,
    VisitMethod,
    VisitorAssignment,
    VisitorKind,
)
from visits.services import open_follow_up
from zhongyang_eldercare.kernel.dates import week_start
from zhongyang_eldercare.kernel.identity import with_check_digit

ORDER = 40
REGION = "141129"  # 中阳县
ELDERS_PER_VILLAGE = 4
WEEKS = 6


def load(*, password):
    villages = list(Village.objects.filter(is_sample=True).select_related("township").order_by("township__position", "name"))
    if not villages:
        return ["No sample villages: the facilities demo runs first."]
    if Elder.objects.filter(is_sample=True).exists():
        return ["Sample elders already loaded."]
    today = timezone.localdate()
    elders = [
        _elder(village, index, number * ELDERS_PER_VILLAGE + index)
        for number, village in enumerate(villages)
        for index in range(ELDERS_PER_VILLAGE)
    ]
    visits = _visits(elders, today) + _tier_visits(elders[3::ELDERS_PER_VILLAGE], today)
    _placements(elders)
    return [f"Sample elders: {len(elders)}; visits: {visits}"]


def _elder(village, index, serial):
    """Four profiles per village: 80+ alone, children out of the county, special family, and an ordinary one."""
    born = date(1936 + serial % 12, 1 + serial % 12, 1 + serial % 27)
    profile = [
        {"living_arrangement": LivingArrangement.ALONE, "children_count": 2, "children_in_county": True, "is_empty_nest": True},
        {
            "living_arrangement": LivingArrangement.SPOUSE,
            "children_count": 1,
            "children_in_county": False,
            "is_left_behind": True,
        },
        {"living_arrangement": LivingArrangement.SPOUSE, "children_count": 1, "is_special_family": True, "is_left_behind": True},
        {
            "living_arrangement": LivingArrangement.OTHERS,
            "children_count": 3,
            "children_in_county": True,
            "is_dibao": serial % 2 == 0,
        },
    ][index]
    if index == 0:
        born = date(1930 + serial % 10, 1 + serial % 12, 1 + serial % 27)
    sequence = 100 + serial % 800
    elder = Elder(
        name=f"样例老人{village.township.name[:2]}{serial + 1:03d}",
        id_number=with_check_digit(f"{REGION}{born:%Y%m%d}{sequence:03d}"),
        village=village,
        address=f"{village.name}{index + 1}号",
        phone=f"1390000{serial:04d}",
        self_care=[SelfCare.INDEPENDENT, SelfCare.INDEPENDENT, SelfCare.PARTIAL, SelfCare.INDEPENDENT][index],
        emergency_contact="样例联系人",
        emergency_phone=f"1380000{serial:04d}",
        archived_on=date(2020, 9, 1),
        is_sample=True,
        **profile,
    )
    elder.full_clean()
    elder.save()
    if index < 3 and serial % 5 != 4:  # every fifth priority elder still lacks a visitor, for the list
        kind = [VisitorKind.CADRE, VisitorKind.GRID, VisitorKind.VOLUNTEER][index]
        VisitorAssignment.objects.create(
            elder=elder,
            kind=kind,
            name=f"样例走访人{serial + 1:03d}",
            phone=f"1370000{serial:04d}",
            since=date(2020, 9, 1),
            is_sample=True,
        )
    return elder


def _visits(elders, today):
    """Weekly visits to the first three profiles for the past weeks; some weeks missed; one urgent finding."""
    visits, urgent_visits = [], []
    for number, elder in enumerate(elders[::ELDERS_PER_VILLAGE] + elders[1::ELDERS_PER_VILLAGE] + elders[2::ELDERS_PER_VILLAGE]):
        for weeks_ago in range(WEEKS, 0, -1):
            if (number + weeks_ago) % 7 == 0:
                continue  # a missed week
            day = week_start(today) - timedelta(weeks=weeks_ago) + timedelta(days=(number + weeks_ago) % 7)
            urgent = number == 0 and weeks_ago == 1
            visit = Visit(
                elder=elder,
                visited_on=day,
                week_start=week_start(day),
                visitor="样例走访人",
                method=VisitMethod.HOME if weeks_ago % 2 else VisitMethod.PHONE,
                health=Assessment.URGENT
                if urgent
                else Assessment.ATTENTION
                if (number + weeks_ago) % 5 == 0
                else Assessment.NORMAL,
                health_note="血压偏高，头晕" if urgent else "",
                reminders="注意保暖，按时服药",
                overall_risk=Risk.HIGH if urgent else Risk.LOW,
                is_sample=True,
            )
            visits.append(visit)
            if urgent:
                urgent_visits.append(visit)
    Visit.objects.bulk_create(visits)  # sample data: no audit trail needed for it
    for visit in urgent_visits:
        open_follow_up(visit=visit, today=visit.visited_on)
    return len(visits)


def _tier_visits(elders, today, months=4):
    """About one visit a month over the last months to the fourth profile, the elders of the monthly and quarterly tiers
    (visits.tiers); now and then a month is missed, so the tiers' tables show figures below 100 %."""
    visits = []
    for number, elder in enumerate(elders):
        month = today.replace(day=1)
        for offset in range(months):
            day = month + timedelta(days=(number * 5 + offset) % 25)
            if day < today and (number + offset) % 6 != 5:
                visits.append(
                    Visit(elder=elder, visited_on=day, week_start=week_start(day), visitor="样例走访人",
                          method=VisitMethod.PHONE, reminders="注意保暖", overall_risk=Risk.LOW, is_sample=True)
                )  # fmt: skip
            month = (month - timedelta(days=1)).replace(day=1)
    Visit.objects.bulk_create(visits)
    return len(visits)


def _placements(elders):
    for elder in elders:
        if elder.self_care == SelfCare.INDEPENDENT:
            continue
        facility = Facility.objects.filter(township=elder.village.township, beds__gt=0).order_by("pk").first()
        if facility:
            Placement.objects.create(elder=elder, facility=facility, since=date(2021, 3, 1), is_sample=True)
