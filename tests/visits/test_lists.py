"""The worklist, the elder list and its export: what they show, masking, and a query count that does not grow."""

from datetime import timedelta
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.visits.conftest import add_elders_with_visits, assign_visitor, make_elder, make_visit, page_queries
from visits.models import LivingArrangement
from zhongyang_eldercare.kernel.dates import week_start
from zhongyang_eldercare.personal_data import mask_id_number

# Every page: session, user, the user's township (menu bar), and saving the session (savepoint, update, release) = 6.
PAGE_QUERIES = 6
# Worklist: + priority rules, visit frequencies, the counts per status (one aggregate, also the pager's total),
# the villages for the filter, the page of elders with their visit facts, current visitors (prefetch);
# + 4 the monthly and quarterly tiers still to visit (visits.tiers: priority rules, tiers, the township's figures
# version, the elders listed), + 1 after a write in the township (which elders: the figures cache holds it until then).
WORKLIST_QUERIES = PAGE_QUERIES + 6 + 4 + 1
# Elder list: + villages for the filter, priority rules, visit frequencies, count, the page of elders
# with their visit facts.
ELDER_LIST_QUERIES = PAGE_QUERIES + 5


def test_worklist_query_count_stays_constant_as_visits_grow(client, users, jinluo_village, django_assert_max_num_queries):
    client_for(client, users["jinluo"])
    add_elders_with_visits(jinluo_village, 3, weeks=1)
    page_queries(client, reverse("visits:worklist"), django_assert_max_num_queries, WORKLIST_QUERIES)
    add_elders_with_visits(jinluo_village, 12, weeks=4)
    html = page_queries(client, reverse("visits:worklist"), django_assert_max_num_queries, WORKLIST_QUERIES)
    assert html.count("登记巡访") == 15


def test_elder_list_query_count_stays_constant_as_visits_grow(client, users, jinluo_village, django_assert_max_num_queries):
    client_for(client, users["jinluo"])
    add_elders_with_visits(jinluo_village, 3, weeks=1)
    page_queries(client, reverse("visits:elders"), django_assert_max_num_queries, ELDER_LIST_QUERIES)
    add_elders_with_visits(jinluo_village, 12, weeks=4)
    html = page_queries(client, reverse("visits:elders") + "?priority=1", django_assert_max_num_queries, ELDER_LIST_QUERIES)
    assert "共 15 位老人" in html


def test_worklist_puts_overdue_first_then_due_then_visited(client, users, jinluo_village):
    today = timezone.localdate()
    visited = make_elder(jinluo_village, children_count=0, name="本周已访")
    make_visit(visited, today)
    due = make_elder(jinluo_village, children_count=0, name="上周已访")
    make_visit(due, week_start(today) - timedelta(days=1))
    make_elder(jinluo_village, children_count=0, name="从未巡访")
    html = client_for(client, users["jinluo"]).get(reverse("visits:worklist")).content.decode()
    assert html.index("从未巡访") < html.index("上周已访") < html.index("本周已访")
    assert "逾期" in html and "待巡访" in html and "已巡访" in html


def test_worklist_of_township_staff_shows_only_their_township(client, users, jinluo_village, zhike_village):
    make_elder(jinluo_village, children_count=0, name="金罗老人")
    make_elder(zhike_village, children_count=0, name="枝柯老人")
    html = (
        client_for(client, users["zhike"])
        .get(reverse("visits:worklist") + f"?township={jinluo_village.township_id}")
        .content.decode()
    )
    assert "枝柯老人" in html and "金罗老人" not in html


@pytest.mark.parametrize("asked", ["abc", "999999", ""])
def test_worklist_of_the_bureau_falls_back_to_the_first_township_for_a_township_it_cannot_find(client, users, asked):
    html = client_for(client, users["bureau"]).get(reverse("visits:worklist") + f"?township={asked}").content.decode()
    assert "本周巡访 · 宁乡镇" in html


def test_worklist_of_the_bureau_shows_the_chosen_township_and_offers_every_one(client, users, townships):
    response = client_for(client, users["bureau"]).get(reverse("visits:worklist") + f"?township={townships['zhike'].pk}")
    assert "本周巡访 · 枝柯镇" in response.content.decode()
    assert [township.name for township in response.context["townships"]][:2] == ["宁乡镇", "金罗镇"]
    assert len(response.context["townships"]) == 7


def test_elder_list_filters_by_category_and_overdue(client, users, jinluo_village):
    today = timezone.localdate()
    make_elder(jinluo_village, name="低保老人", is_dibao=True)
    visited = make_elder(jinluo_village, name="已访重点", children_count=0)
    make_visit(visited, today)
    make_elder(jinluo_village, name="逾期重点", children_count=0)
    client_for(client, users["jinluo"])
    html = client.get(reverse("visits:elders") + "?category=dibao").content.decode()
    assert "低保老人" in html and "已访重点" not in html
    html = client.get(reverse("visits:elders") + "?overdue=1").content.decode()
    assert "逾期重点" in html and "已访重点" not in html and "低保老人" not in html


def test_elder_list_shows_masked_id_numbers_even_to_the_own_township(client, users, jinluo_village):
    elder = make_elder(jinluo_village)
    html = client_for(client, users["jinluo"]).get(reverse("visits:elders")).content.decode()
    assert mask_id_number(elder.id_number) in html and elder.id_number not in html


def test_elder_export_masks_id_numbers_and_escapes_formulas(client, users, jinluo_village):
    elder = make_elder(jinluo_village, name="=HYPERLINK(1)")
    response = client_for(client, users["bureau"]).get(reverse("visits:elder_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[2] == "'=HYPERLINK(1)"
    assert row[3] == mask_id_number(elder.id_number) and elder.id_number not in response.content.decode("latin-1")


@pytest.mark.parametrize(("who", "full"), [("jinluo", True), ("bureau", True), ("leader", False), ("admin", False)])
def test_elder_page_shows_full_id_and_health_notes_only_to_own_township_and_bureau(client, users, jinluo_village, who, full):
    elder = make_elder(jinluo_village, health_notes="高血压，需每日服药", living_arrangement=LivingArrangement.ALONE)
    response = client_for(client, users[who]).get(reverse("visits:elder", args=[elder.pk]))
    # the record's own facts; the change history below them (bureau only) carries masked values
    html = response.content.decode().split('class="card record-history"', 1)[0]
    assert (elder.id_number in html) == full and ("高血压，需每日服药" in html) == full
    assert (mask_id_number(elder.id_number) in html) == (not full)
    assert response["Cache-Control"].count("no-store") == 1
    assert LogEntry.objects.filter(object_pk=str(elder.pk), action=LogEntry.Action.ACCESS).exists() == full


def test_audit_log_masks_the_id_number_and_health_notes(jinluo_village):
    elder = make_elder(jinluo_village, health_notes="高血压")
    entry = LogEntry.objects.get_for_object(elder).get(action=LogEntry.Action.CREATE)
    changes = str(entry.changes)
    assert elder.id_number not in changes and "高血压" not in changes
    assert mask_id_number(elder.id_number) in changes


def test_list_of_priority_elders_without_a_visitor(client, users, jinluo_village):
    assign_visitor(make_elder(jinluo_village, children_count=0, name="有人走访"))
    make_elder(jinluo_village, children_count=0, name="无人走访")
    make_elder(jinluo_village, name="非重点")
    html = client_for(client, users["bureau"]).get(reverse("visits:without_visitor")).content.decode()
    assert "无人走访" in html and "有人走访" not in html and "非重点" not in html
