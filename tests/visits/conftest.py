"""Builders for the visit tests: elders with valid ID numbers, visits and assignments, made in code."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.utils import timezone

from visits import summaries
from visits.models import Elder, LivingArrangement, Visit, VisitorAssignment, VisitorKind, risk_for
from zhongyang_eldercare.kernel.dates import week_start
from zhongyang_eldercare.kernel.identity import with_check_digit

REGION = "141129"  # 中阳县
_sequence = count(1)


def id_number_for(birth_date, *, female=False, region=REGION):
    serial = next(_sequence) % 500 * 2 + (0 if female else 1)
    return with_check_digit(f"{region}{birth_date:%Y%m%d}{serial:03d}")


def make_elder(village, *, birth_date=date(1940, 5, 1), **fields):
    values = {
        "name": f"老人{next(_sequence)}",
        "living_arrangement": LivingArrangement.OTHERS,
        "children_count": 2,
        "children_in_county": True,
        "archived_on": date(2020, 1, 1),
        **fields,
    }
    elder = Elder(id_number=fields.pop("id_number", None) or id_number_for(birth_date), village=village, **values)
    elder.full_clean()
    elder.save()
    summaries.figures_changed([village.township_id])
    return elder


def make_visit(elder, day, **fields):
    fields.setdefault("overall_risk", risk_for(fields.values()))  # the lowest the assessments allow
    visit = Visit(elder=elder, visited_on=day, week_start=week_start(day), visitor="村干部张三", **fields)
    visit.full_clean()
    visit.save()
    summaries.figures_changed([elder.village.township_id])  # as every write of the portal does (visits.summaries)
    return visit


def assign_visitor(elder, since=date(2020, 1, 1), **fields):
    values = {"kind": VisitorKind.CADRE, "name": "张三", "phone": "13800000000", **fields}
    return VisitorAssignment.objects.create(elder=elder, since=since, **values)


def add_elders_with_visits(village, count, weeks):
    """``count`` priority elders (no children), each with a visitor and one visit in each of the last ``weeks`` weeks."""
    today = timezone.localdate()
    elders = [make_elder(village, children_count=0, name=f"重点{index}") for index in range(count)]
    for elder in elders:
        assign_visitor(elder)
        for weeks_ago in range(1, weeks + 1):
            make_visit(elder, week_start(today) - timedelta(weeks=weeks_ago))
    return elders


def page_queries(client, url, django_assert_max_num_queries, limit):
    """GET ``url`` in at most ``limit`` queries; the page's text."""
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def jinluo_village(townships, make_village):
    return make_village(townships["jinluo"])


@pytest.fixture
def zhike_village(townships, make_village):
    return make_village(townships["zhike"])


@pytest.fixture
def elders(jinluo_village):
    """One elder per visiting tier (visits.tiers): priority (80+ alone: weekly), empty-nest (monthly), any other archived
    (quarterly). A test parametrized on ``elders`` (a count) overrides it."""
    return {
        "weekly": make_elder(jinluo_village, birth_date=date(1935, 3, 1), living_arrangement=LivingArrangement.ALONE),
        "monthly": make_elder(jinluo_village, birth_date=date(1952, 3, 1), is_empty_nest=True),
        "quarterly": make_elder(jinluo_village, birth_date=date(1955, 3, 1)),
    }
