"""The worklist on a phone (issue 13, item 7): search by name, filter by village and status, counts on top,
tel: links, 20 cards a page so 60+ elders stay usable."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.visits.conftest import assign_visitor, make_elder, make_visit

pytestmark = pytest.mark.django_db
URL = reverse("visits:worklist")


@pytest.fixture
def elders(jinluo_village, zhike_village, make_village, townships):
    other_village = make_village(townships["jinluo"], name="金罗镇东村")
    visited = make_elder(jinluo_village, children_count=0, name="王已访", phone="13900000001")
    make_visit(visited, timezone.localdate())
    due = make_elder(other_village, children_count=0, name="李待访")
    assign_visitor(due, name="赵走访", phone="13800000002")
    make_elder(zhike_village, children_count=0, name="枝柯老人")
    return {"visited": visited, "due": due, "village": other_village}


def names(html):
    cards = html[html.index('<ul class="worklist">') :]
    cards = cards[: cards.index("</ul>")]
    return [part.split("</a>")[0].split(">")[-1] for part in cards.split('<div class="who">')[1:]]


def test_counts_on_top_and_filters_by_status_village_and_name(client, users, elders):
    client = client_for(client, users["jinluo"])
    html = client.get(URL).content.decode()
    counts = html[html.index('id="worklist-counts"') : html.index("</ul>", html.index('id="worklist-counts"'))]
    # never visited since archived: overdue
    assert "<strong>1</strong> 逾期" in counts and "<strong>0</strong> 待巡访" in counts and "<strong>1</strong> 已巡访" in counts
    assert names(html) == ["李待访", "王已访"]
    assert names(client.get(URL, {"status": "visited"}).content.decode()) == ["王已访"]
    assert names(client.get(URL, {"village": elders["village"].pk}).content.decode()) == ["李待访"]
    assert names(client.get(URL, {"q": "王"}).content.decode()) == ["王已访"]
    assert "没有符合条件的重点老人" in client.get(URL, {"q": "不存在"}).content.decode()


def test_phone_numbers_are_tel_links(client, users, elders):
    html = client_for(client, users["jinluo"]).get(URL).content.decode()
    assert 'href="tel:13900000001"' in html and 'href="tel:13800000002"' in html


def test_another_townships_village_is_not_a_choice(client, users, elders, zhike_village):
    response = client_for(client, users["jinluo"]).get(URL, {"village": zhike_village.pk})
    assert "枝柯老人" not in response.content.decode()
    assert "village" in response.context["form"].errors


def test_sixty_five_elders_come_twenty_a_page_with_the_counts_for_all(client, users, jinluo_village):
    for index in range(65):
        make_elder(jinluo_village, children_count=0, name=f"重点{index:02d}")
    client = client_for(client, users["jinluo"])
    first = client.get(URL).content.decode()
    assert len(names(first)) == 20 and "<strong>65</strong> 逾期" in first and "第 1 页，共 4 页" in first
    last = client.get(URL, {"page": 4, "status": "overdue"}).content.decode()
    assert len(names(last)) == 5 and "status=overdue&amp;page=3" in last


def test_the_elder_list_finds_those_with_no_phone_number(client, users, elders):
    html = client_for(client, users["jinluo"]).get(reverse("visits:elders"), {"missing": "phone"}).content.decode()
    assert "李待访" in html and "王已访" not in html  # the one with a phone is not missing it
