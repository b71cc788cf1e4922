"""The priority tier's visits per week are data (VisitFrequency, §2.7): compliance and the worklist read them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from facilities.models import PolicyDocument, Township
from tests.visits.conftest import make_elder, make_visit
from visits.compliance import weekly_compliance, worklist
from visits.models import Elder, Period, Tier, VisitFrequency, priority_frequencies, weekly_visits_required

MONDAY = date(2021, 3, 1)  # 2021-W09


def county(rows, monday):
    return next((row.targets, row.visited) for row in rows if row.township_id is None and row.monday == monday)


@pytest.fixture
def twice_from_w09(policy):
    """The bureau asks for two visits a week from 2021-W09 on (one before, as the plan says)."""
    weekly = VisitFrequency.objects.get(tier=Tier.PRIORITY)
    weekly.valid_to = date(2021, 2, 28)
    weekly.save()
    decision = PolicyDocument.objects.create(
        code="中民〔2021〕测试号", title="巡访频次调整（测试）", period_start=MONDAY, period_end=date(2022, 12, 31)
    )
    twice = VisitFrequency(document=decision, tier=Tier.PRIORITY, period=Period.WEEK, visits=2, clause="一", valid_from=MONDAY)
    twice.full_clean()
    twice.save()
    return twice


def test_the_plan_asks_for_one_visit_a_week(policy):
    frequencies = priority_frequencies()
    assert [weekly_visits_required(day, frequencies) for day in (date(2020, 6, 1), date(2022, 6, 1))] == [1, 1]


def test_compliance_counts_an_elder_as_visited_only_with_the_visits_the_week_asks_for(twice_from_w09, jinluo_village):
    once, twice = make_elder(jinluo_village, children_count=0), make_elder(jinluo_village, children_count=0)
    for elder in (once, twice):
        make_visit(elder, date(2021, 2, 23))  # W08: one visit was enough
        make_visit(elder, MONDAY)
    make_visit(twice, date(2021, 3, 4))
    rows = weekly_compliance(townships=Township.objects.all(), weeks=[(2021, 8), (2021, 9)], today=date(2021, 6, 1))
    assert county(rows, date(2021, 2, 22)) == (2, 2)
    assert county(rows, MONDAY) == (2, 1)


def test_the_worklist_keeps_an_elder_due_until_the_weeks_visits_are_done(twice_from_w09, jinluo_village):
    elder = make_elder(jinluo_village, children_count=0)
    make_visit(elder, MONDAY)
    listed = worklist(queryset=Elder.objects.all(), township=jinluo_village.township, on=date(2021, 3, 3)).get(pk=elder.pk)
    assert (listed.visits_this_week, listed.visited_this_week, listed.is_overdue) == (1, False, True)
    make_visit(elder, date(2021, 3, 3))
    listed = worklist(queryset=Elder.objects.all(), township=jinluo_village.township, on=date(2021, 3, 3)).get(pk=elder.pk)
    assert (listed.visits_this_week, listed.visited_this_week, listed.is_overdue) == (2, True, False)


def test_priority_targets_are_counted_by_the_week(policy):
    frequency = VisitFrequency.objects.get(tier=Tier.PRIORITY)
    frequency.period = Period.MONTH
    with pytest.raises(ValidationError) as error:
        frequency.full_clean()
    assert "period" in error.value.message_dict
