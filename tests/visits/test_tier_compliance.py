"""Visit compliance counts every tier over its own period (issue 15, item 5): beside the weekly table, a table per tier
of a longer period (the month, the quarter) over its last two periods, the running one so far, with drill-down to the
elders behind a cell; on the boundaries of months and quarters."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Township
from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.models import TierPeriod
from visits.tiers import period_of, reading_days, tiers_over_periods

pytestmark = pytest.mark.django_db

MONTHLY, QUARTERLY = "monthly-special-difficulty", "quarterly-archived"


def blocks(townships, today):
    return {block.tier.code: block for block in tiers_over_periods(townships=Township.objects.all(), today=today)}


def county_cells(block):
    """[(elders, visited)] per column of the county row."""
    return [(cell.elders, cell.visited) for cell in block.rows[-1][2]]


def test_reading_days_are_each_periods_last_day_and_today_for_the_running_one():
    assert reading_days(TierPeriod.MONTH, date(2023, 3, 10), 3) == [date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 10)]
    assert reading_days(TierPeriod.QUARTER, date(2023, 1, 1), 2) == [date(2022, 12, 31), date(2023, 1, 1)]


def test_each_longer_tier_is_counted_over_its_own_last_two_periods(townships, elders):
    make_visit(elders["monthly"], date(2023, 1, 31))  # January's last day: January's, not February's
    make_visit(elders["quarterly"], date(2022, 12, 31))  # the fourth quarter's last day
    found = blocks(townships, date(2023, 2, 10))
    assert set(found) == {MONTHLY, QUARTERLY}  # the weekly tier is the weekly table's
    monthly, quarterly = found[MONTHLY], found[QUARTERLY]
    assert [column[0] for column in monthly.columns] == ["2023-01", "2023-02"]
    assert [column[2] for column in monthly.columns] == [False, True]  # the running month so far
    assert county_cells(monthly) == [(1, 1), (1, 0)]
    assert [column[0] for column in quarterly.columns] == ["2022年第4季度", "2023年第1季度"]
    assert county_cells(quarterly) == [(1, 1), (1, 0)]
    jinluo = next(row for row in monthly.rows if row[0] == townships["jinluo"].pk)
    assert [(cell.elders, cell.visited) for cell in jinluo[2]] == [(1, 1), (1, 0)]


def test_a_tier_not_yet_in_force_in_an_earlier_period_has_no_column_there(townships, elders):
    found = blocks(townships, date(2022, 10, 15))  # the guidance's monthly tier holds from October 2022
    assert [column[0] for column in found[MONTHLY].columns] == ["2022-10"]
    assert [column[0] for column in found[QUARTERLY].columns] == ["2022年第3季度", "2022年第4季度"]


def test_the_compliance_page_shows_the_tiers_and_drills_down_to_their_elders(client, users, townships, elders):
    today = timezone.localdate()
    make_visit(elders["quarterly"], period_of(TierPeriod.QUARTER, today)[0])  # visited this quarter
    client_for(client, users["bureau"])
    page = client.get(reverse("visits:compliance")).content.decode()
    assert 'id="tier-monthly-special-difficulty"' in page and 'id="tier-quarterly-archived"' in page
    assert "特殊困难老年人（每月）" in page and "截至今日" in page
    cell = reverse("visits:compliance_tier", args=[townships["jinluo"].pk, MONTHLY, today])
    assert cell in page
    drill = client.get(cell)
    assert drill.status_code == 200
    assert [elder.name for elder in drill.context["elders"]] == [elders["monthly"].name]
    assert drill.context["missed"] == 1 and "1人中1人探访不足" in drill.content.decode()
    quarter = client.get(reverse("visits:compliance_tier", args=[townships["jinluo"].pk, QUARTERLY, today]))
    assert [(elder.name, elder.seen) for elder in quarter.context["elders"]] == [(elders["quarterly"].name, 1)]
    assert quarter.context["missed"] == 0


def test_the_drill_down_is_scoped_and_refuses_unknown_tiers_and_days_to_come(client, users, townships, elders):
    today = timezone.localdate()
    jinluo = townships["jinluo"].pk

    def cell(code, day):
        return reverse("visits:compliance_tier", args=[jinluo, code, day])

    assert client_for(client, users["zhike"]).get(cell(MONTHLY, today)).status_code == 404
    client_for(client, users["jinluo"])
    assert client.get(cell(MONTHLY, today)).status_code == 200
    assert client.get(cell("no-such-tier", today)).status_code == 404
    assert client.get(cell("weekly-priority", date(2021, 6, 1))).status_code == 200
    assert client.get(cell(MONTHLY, date(2021, 6, 1))).status_code == 404  # not yet in force
    assert client.get(cell(MONTHLY, today + timedelta(days=1))).status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_the_tier_drill_down_query_count_does_not_grow_with_elders(
    client, users, townships, jinluo_village, django_assert_max_num_queries, count
):
    today = timezone.localdate()
    for _index in range(count):
        make_visit(make_elder(jinluo_village, birth_date=date(1952, 3, 1), is_empty_nest=True), today)
    client_for(client, users["bureau"])
    client.get("/")  # the session's once-a-minute refresh happens here, not in the measured request
    # 2 session and user; the township; the priority rules, the tiers, the elders
    with django_assert_max_num_queries(2 + 1 + 3):
        response = client.get(reverse("visits:compliance_tier", args=[townships["jinluo"].pk, MONTHLY, today]))
    assert len(response.context["elders"]) == count


def test_a_cached_count_holds_until_a_write_in_its_township(townships, users, elders):
    """The tiers' counts come from the figures cache while the township's figures version is the one they were counted
    at; a visit recorded through the portal (the visit service) moves the version on, and the next read counts again."""
    from visits.models import Visit
    from visits.services import record_visit
    from zhongyang_eldercare.kernel.dates import week_start as monday_of

    today = timezone.localdate()
    assert county_cells(blocks(townships, today)[MONTHLY])[-1] == (1, 0)
    day = today.replace(day=1)
    unseen = Visit(elder=elders["monthly"], visited_on=day, week_start=monday_of(day), visitor="村干部张三")
    unseen.full_clean()
    Visit.objects.bulk_create([unseen])  # a write that bypasses the portal's services: the cached count stays
    assert county_cells(blocks(townships, today)[MONTHLY])[-1] == (1, 0)
    visit = Visit(elder=elders["quarterly"], visited_on=day, visitor="村干部张三")
    record_visit(visit=visit, by=users["jinluo"], today=today)
    assert county_cells(blocks(townships, today)[MONTHLY])[-1] == (1, 1)  # counted again, the first visit too


def test_moving_a_village_to_another_township_counts_both_again(townships, users, elders):
    """A village moved in the admin takes its elders to the other township: both townships' figures versions move on
    in the same save, so neither serves a count of the old map (the tier counts, the compliance rows)."""
    from visits.summaries import versions

    village = elders["monthly"].village
    old, new = village.township_id, townships["zhike"].pk
    before = versions([old, new])
    village.township_id = new
    village.save()
    after = versions([old, new])
    assert after.get(old, 0) == before.get(old, 0) + 1 and after.get(new, 0) == before.get(new, 0) + 1
    village.population = (village.population or 0) + 1
    village.save()  # the same township: nothing to count again
    assert versions([old, new]) == after
