"""Builders for the staffing tests: workers with valid ID numbers, posts and holdings, made in code."""

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from facilities.models import Facility, FacilityKind, FacilityStatus, FacilityStatusChange, Village
from facilities.services import save_facility
from staffing.models import FundingSource, Holding, Post, PostKind, Training, TrainingProgramme, TrainingResult, Worker
from zhongyang_eldercare.kernel.identity import with_check_digit

REGION = "141129"  # 中阳县
_sequence = count(1)


def id_number_for(birth_date=date(1975, 3, 8)):
    serial = next(_sequence) % 900 + 100
    return with_check_digit(f"{REGION}{birth_date:%Y%m%d}{serial:03d}")


def make_worker(township, **fields):
    values = {"name": f"护理员{next(_sequence)}", "hired_on": date(2020, 1, 1), **fields}
    worker = Worker(id_number=values.pop("id_number", None) or id_number_for(), township=township, **values)
    worker.full_clean()
    worker.save()
    return worker


def kind(code="caregiver"):
    return PostKind.objects.get(code=code)


def source(code="photovoltaic"):
    return FundingSource.objects.get(code=code)


def make_post(facility, *, since=date(2020, 6, 1), until=None, kind_code="caregiver", source_code="photovoltaic", **fields):
    values = {"full_time": True, "monthly_pay": Decimal("1500.00"), **fields}
    post = Post(facility=facility, kind=kind(kind_code), funding_source=source(source_code), since=since, until=until, **values)
    post.full_clean()
    post.save()
    return post


def hold(post, worker, since=None, until=None):
    holding = Holding(post=post, worker=worker, since=since or post.since, until=until)
    holding.full_clean()
    holding.save()
    return holding


def make_training(worker, *, code="lvliangshan", result=TrainingResult.PASSED, started=date(2020, 3, 1), ended=date(2020, 3, 20)):
    training = Training(
        worker=worker,
        programme=TrainingProgramme.objects.get(code=code),
        started_on=started,
        ended_on=ended,
        hours=Decimal("40"),
        result=result,
    )
    training.full_clean()
    training.save()
    return training


def make_plain_facility(township, kind=FacilityKind.DAY_CARE, *, meals=False, since=date(2020, 6, 1), meals_history=None):
    """A facility in service from ``since`` (its standard not met: these tests look at staffing only)."""
    village = None
    if kind in (FacilityKind.DAY_CARE, FacilityKind.HAPPINESS, FacilityKind.MUTUAL_AID):
        number = Village.objects.filter(township=township).count() + 1
        village = Village.objects.create(township=township, name=f"{township.name}人员村{number:02d}")
    number = Facility.objects.count() + 1
    facility = Facility(
        township=township,
        kind=kind,
        name=f"人员测试设施{number:03d}",
        village=village,
        serves_meals=meals,
        status=FacilityStatus.OPERATING,
    )
    save_facility(facility=facility, by=None, status_on=since)
    FacilityStatusChange.objects.create(facility=facility, status=FacilityStatus.OPERATING, changed_on=since)
    return facility


@pytest.fixture
def jinluo(townships):
    return townships["jinluo"]


@pytest.fixture
def zhike(townships):
    return townships["zhike"]
