"""Sample workers, posts and training records at the sample facilities (flagged ``is_sample``).

Deterministic, and a second run adds nothing. Every facility in service gets the posts its minimum asks
for, held by sample workers (ID numbers with the county's region code and a valid check digit), except
that every fourth facility is one post short (a vacant post, or none at all) so that the overview, the
facility page and the reports have something to show. Most caregivers completed the 吕梁山护工 training;
some come from registered poor households. Names read 样例护理员 so nobody takes them for real people.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from facilities.models import Facility
from staffing import services
from staffing.models import (
    FundingSource,
    Post,
    PostKind,
    StaffingRule,
    Training,
    TrainingProgramme,
    TrainingResult,
    Worker,
    rule_for,
)
from zhongyang_eldercare.kernel.identity import with_check_digit

ORDER = 20  # after the facilities (10), before the reports (50)
REGION = "141129"  # 中阳县
PAY = {"caregiver": Decimal("1500.00"), "cook": Decimal("1300.00"), "manager": Decimal("1800.00")}


def load(*, password):
    if Worker.objects.filter(is_sample=True).exists():
        return ["Sample workers already loaded."]
    today = timezone.localdate()
    facilities = list(
        Facility.objects.filter(is_sample=True).as_of(today).filter(in_service=True).order_by("township__position", "pk")
    )
    if not facilities:
        return ["No sample facilities: the facilities demo runs first."]
    rules = StaffingRule.objects.by_key(today)
    kinds = {kind.code: kind for kind in PostKind.objects.all()}
    sources = list(FundingSource.objects.filter(code__in=["photovoltaic", "employment_fund", "county_finance"]))
    lvliangshan = TrainingProgramme.objects.filter(for_caregivers=True).first()
    if not (kinds and sources and lvliangshan):
        return ["No post kinds, funding sources or training programmes: run load_policy first."]
    posts = workers = 0
    for number, facility in enumerate(facilities):
        rule = rule_for(rules, facility.kind, facility.meals_on)
        wanted = rule.min_posts if rule else 1
        for index in range(wanted):
            short = number % 4 == 3 and index == wanted - 1
            if short and number % 8 == 3:
                continue  # a facility with one post too few
            kind = kinds["caregiver"] if index == 0 else kinds["cook"]
            post = _post(facility, kind, sources[(number + index) % len(sources)])
            posts += 1
            if short:
                continue  # a vacant post
            worker = _worker(facility, number * 3 + index, poor=(number + index) % 3 == 0)
            workers += 1
            services.assign_worker(post=post, worker=worker, since=post.since, by=None, note="样例数据")
            if kind.is_caregiver:
                _training(worker, lvliangshan, passed=number % 5 != 4)
    return [f"Sample staffing: {posts} posts, {workers} workers"]


def _post(facility, kind, source):
    since = max(facility.first_in_service or date(2020, 1, 1), date(2020, 1, 1))
    post = Post(
        facility=facility,
        kind=kind,
        full_time=True,
        funding_source=source,
        monthly_pay=PAY.get(kind.code, Decimal("1200.00")),
        since=since,
        is_sample=True,
    )
    return services.save_post(post=post, by=None)


def _worker(facility, serial, *, poor):
    born = date(1965 + serial % 20, 1 + serial % 12, 1 + serial % 27)
    since = max(facility.first_in_service or date(2020, 1, 1), date(2020, 1, 1))
    worker = Worker(
        name=f"样例护理员{facility.township.name[:2]}{serial + 1:03d}",
        id_number=with_check_digit(f"{REGION}{born:%Y%m%d}{500 + serial % 400:03d}"),
        township=facility.township,
        home_village=facility.village,
        phone=f"1360000{serial:04d}",
        is_registered_poor=poor,
        hired_on=since - timedelta(days=30),
        is_sample=True,
    )
    return services.save_worker(worker=worker, by=None)


def _training(worker, programme, *, passed):
    started = max(worker.hired_on, date(2020, 3, 1))
    training = Training(
        worker=worker,
        programme=programme,
        started_on=started,
        ended_on=started + timedelta(days=20) if passed else None,
        hours=Decimal("60"),
        result=TrainingResult.PASSED if passed else TrainingResult.IN_PROGRESS,
        certificate_number=f"LLS{worker.pk:05d}" if passed else "",
        is_sample=True,
    )
    return services.save_training(training=training, by=None)
