"""Query counts that stay flat as rows grow: follow-ups, elders without a visitor, the elder export,
the weekly summary and its export, the elder page. Each limit is the sum of the queries named beside it."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import Facility
from tests.conftest import client_for
from tests.visits.conftest import add_elders_with_visits, assign_visitor, make_elder, make_visit, page_queries
from visits.models import ElderStatusChange, FollowUp, MutualHelpPair, Placement, SelfCare
from zhongyang_eldercare.kernel.dates import week_start

# Every request: the session, the user, and saving the session (savepoint, update, release).
REQUEST = 5
# A page with the menu bar, for township staff: + the user's township shown in it.
TOWNSHIP_PAGE = REQUEST + 1
# Follow-ups: + the count for the pager, the page of follow-ups with elder, village, township and visit,
# + one INSERT logging the page's full views of health text (personal_data.reveal).
FOLLOW_UPS = TOWNSHIP_PAGE + 3
# Elders without a visitor: + priority rules, the elders (village and township joined, no visitor: NOT EXISTS).
WITHOUT_VISITOR = TOWNSHIP_PAGE + 2
# Elder export (no menu bar): + priority rules, the elders with their visit facts (the week's required
# visits read in the same query).
ELDER_EXPORT = REQUEST + 2
# Weekly summary, page or export, for the bureau (no township in the menu): + the townships, the townships'
# figures versions, the stored weekly visit counts (visits.summaries.week_activity), the follow-ups opened and the
# follow-ups closed aggregates; where a township was written since its counts were stored, + the visits aggregate
# for those townships and the upsert of their rows.
SUMMARY_STORED = REQUEST + 5
SUMMARY = SUMMARY_STORED + 2
# Elder page for its own township: + priority rules, the elder (village and township joined), then one
# query each for visitors, pairs (partner joined), pairs as partner (elder joined), placements (facility
# joined), status history; the audit log's access entry, the follow-ups (their visit joined), the last visits and
# the township's approved weeks (a visit in one offers no correction). The personal-data scope check reads the
# township already joined.
ELDER_PAGE = TOWNSHIP_PAGE + 2 + 5 + 4


def open_follow_ups(elders):
    today = timezone.localdate()
    for elder in elders:
        visit = make_visit(elder, today, safety="urgent", safety_note="炉子漏烟")  # in the running week
        FollowUp.objects.create(
            elder=elder, visit=visit, problem=f"{elder.name}家炉子漏烟", assignee="张三", due_on=today, opened_on=today
        )


def test_follow_up_list_query_count_stays_flat(client, users, jinluo_village, django_assert_max_num_queries):
    client_for(client, users["jinluo"])
    open_follow_ups(add_elders_with_visits(jinluo_village, 2, weeks=1))
    page_queries(client, reverse("visits:follow_ups"), django_assert_max_num_queries, FOLLOW_UPS)
    open_follow_ups(add_elders_with_visits(jinluo_village, 14, weeks=2))
    html = page_queries(client, reverse("visits:follow_ups"), django_assert_max_num_queries, FOLLOW_UPS)
    assert html.count("家炉子漏烟") == 16 and html.count(jinluo_village.name) >= 16


def test_elders_without_a_visitor_query_count_stays_flat(client, users, jinluo_village, django_assert_max_num_queries):
    client_for(client, users["jinluo"])
    make_elder(jinluo_village, children_count=0, name="无人走访0")
    page_queries(client, reverse("visits:without_visitor"), django_assert_max_num_queries, WITHOUT_VISITOR)
    for index in range(1, 15):
        make_elder(jinluo_village, children_count=0, name=f"无人走访{index}")
    add_elders_with_visits(jinluo_village, 5, weeks=1)  # with a visitor: not listed
    html = page_queries(client, reverse("visits:without_visitor"), django_assert_max_num_queries, WITHOUT_VISITOR)
    assert html.count("无人走访") == 15 and "重点0" not in html
    assert html.count("无子女或子女不在本县") == 15  # why each is a target, without a query per elder


def test_elder_export_query_count_stays_flat(client, users, jinluo_village, django_assert_max_num_queries):
    client_for(client, users["jinluo"])
    add_elders_with_visits(jinluo_village, 2, weeks=1)
    with django_assert_max_num_queries(ELDER_EXPORT):
        client.get(reverse("visits:elder_export"))
    add_elders_with_visits(jinluo_village, 14, weeks=3)
    with django_assert_max_num_queries(ELDER_EXPORT):
        response = client.get(reverse("visits:elder_export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("乡镇", "行政村", "姓名", "身份证号", "性别", "年龄", "类别", "重点对象", "原因", "最近巡访", "状态")
    assert len(rows) == 1 + 16 and all(row[7] == "是" and row[8] == "无子女或子女不在本县" for row in rows[1:])


def add_summary_weeks(village, elders, weeks):
    monday = week_start(timezone.localdate())
    open_follow_ups(add_elders_with_visits(village, elders, weeks=weeks))
    return monday


@pytest.mark.parametrize("url", ["visits:summary", "visits:summary_export"])
def test_weekly_summary_query_count_does_not_grow_with_visits_or_weeks_of_data(
    client, users, jinluo_village, zhike_village, django_assert_max_num_queries, url
):
    client_for(client, users["bureau"])
    add_summary_weeks(jinluo_village, 1, weeks=1)
    with django_assert_max_num_queries(SUMMARY):
        client.get(reverse(url))
    add_summary_weeks(jinluo_village, 6, weeks=10)
    add_summary_weeks(zhike_village, 6, weeks=10)
    with django_assert_max_num_queries(SUMMARY):
        response = client.get(reverse(url))
    assert response.status_code == 200
    with django_assert_max_num_queries(SUMMARY_STORED):  # nothing written since: every count from the summary rows
        again = client.get(reverse(url))
    assert again.status_code == 200
    if url == "visits:summary":
        assert response.content.decode().count('class="total"') == 12  # a county row for each of the 12 weeks
    else:
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
        last_week_county = rows[-1 - 8]  # the week before the running one: its county row
        assert last_week_county[2] == "全县" and last_week_county[3] == 13  # one visit by each of the 13 elders


def add_network(elder, facility, partners):
    for partner in partners:
        assign_visitor(elder, name=f"走访人{partner.pk}")
        MutualHelpPair.objects.create(elder=elder, partner=partner, since=date(2021, 1, 1))
        MutualHelpPair.objects.create(elder=partner, partner=elder, since=date(2021, 2, 1), until=date(2021, 12, 31))
        Placement.objects.create(elder=elder, facility=facility, since=date(2021, 1, 1))
        ElderStatusChange.objects.create(elder=elder, status="active", changed_on=date(2021, 1, 1))


def test_elder_page_query_count_stays_flat_as_networks_visits_and_follow_ups_grow(
    client, users, jinluo_village, django_assert_max_num_queries
):
    client_for(client, users["jinluo"])
    elder = make_elder(jinluo_village, name="张大爷", children_count=0, self_care=SelfCare.PARTIAL)
    home = Facility.objects.create(kind="nursing_home", name="金罗镇测试敬老院", township=jinluo_village.township)
    add_network(elder, home, [make_elder(jinluo_village)])
    open_follow_ups([elder])
    page_queries(client, elder.get_absolute_url(), django_assert_max_num_queries, ELDER_PAGE)
    add_network(elder, home, [make_elder(jinluo_village, name=f"邻居{index}") for index in range(8)])
    open_follow_ups([elder] * 6)
    for weeks_ago in range(1, 12):
        make_visit(elder, timezone.localdate() - timedelta(weeks=weeks_ago))
    html = page_queries(client, elder.get_absolute_url(), django_assert_max_num_queries, ELDER_PAGE)
    assert html.count("金罗镇测试敬老院") == 9 and html.count("邻居") == 16  # each neighbour as partner and as elder
    assert html.count("张大爷家炉子漏烟") == 7 and "无子女或子女不在本县" in html
