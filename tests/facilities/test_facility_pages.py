import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facilities.models import FacilityKind, FacilityStatus, Village
from facilities.services import save_facility
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LIST = reverse("facilities:list")


def fill(make_facility, township, count):
    for index in range(count):
        make_facility(township, floor_area=Decimal(90) if index % 4 == 0 else Decimal(200))


def test_the_list_shows_the_users_township_only(townships, users, client, make_facility):
    mine = make_facility(townships["jinluo"], name="金罗样本")
    make_facility(townships["zhike"], name="枝柯样本")
    page = client_for(client, users["jinluo"]).get(LIST).content.decode()
    assert mine.name in page and "枝柯样本" not in page


def test_the_list_filters_by_type_status_township_search_and_compliance(townships, users, client, make_facility):
    good = make_facility(townships["jinluo"], name="达标中心")
    bad = make_facility(townships["jinluo"], name="面积不足中心", floor_area=Decimal(90))
    courtyard = make_facility(townships["zhike"], kind=FacilityKind.HAPPINESS, name="幸福小院甲")
    planned = make_facility(townships["zhike"], name="规划中心", history=[(FacilityStatus.PLANNED, date(2021, 1, 1))])
    client_for(client, users["bureau"])

    def names(**query):
        return {facility.name for facility in client.get(LIST, query).context["rows"]}

    assert names(compliance="fails") == {bad.name}
    assert names(compliance="meets") == {good.name, courtyard.name, planned.name}
    assert names(kind="happiness") == {courtyard.name}
    assert names(status="planned") == {planned.name}
    assert names(township=townships["zhike"].pk) == {courtyard.name, planned.name}
    assert names(q="面积") == {bad.name}
    assert "1 项不达标" in client.get(LIST, {"compliance": "fails"}).content.decode()


def test_the_list_pages_through_25_facilities_at_a_time(townships, users, client, make_facility):
    fill(make_facility, townships["jinluo"], 27)
    client_for(client, users["jinluo"])
    assert len(client.get(LIST).context["rows"]) == 25
    assert len(client.get(LIST, {"page": 2}).context["rows"]) == 2


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_query_count_does_not_grow_with_facilities(
    townships, users, client, make_facility, count, django_assert_max_num_queries
):
    fill(make_facility, townships["jinluo"], count)
    client_for(client, users["bureau"])
    # 2 session + user; 6 compliance filter: the facilities' checked columns, 3 standards + their rooms and
    # equipment, the facilities' rooms and equipment; 1 count; 6 page: facilities with places as of today,
    # 3 standards + 2 lists, rooms, equipment; 1 townships for the filter form; 3 session save (savepoint, update, release).
    with django_assert_max_num_queries(19):
        response = client.get(LIST, {"compliance": "fails"})
    assert len(response.context["rows"]) == (count + 3) // 4


@pytest.mark.parametrize("history_length", [1, 12])
def test_the_detail_query_count_does_not_grow_with_history(
    townships, users, client, make_facility, history_length, django_assert_max_num_queries
):
    history = [(FacilityStatus.PLANNED, date(2020, 1, day)) for day in range(1, history_length + 1)]
    facility = make_facility(townships["jinluo"], history=history)
    facility.bed_counts.update(since=date(2019, 12, 1))
    for number in range(1, history_length):
        facility.beds = number
        save_facility(facility=facility, by=None, beds_since=date(2020, 2, number))
    client_for(client, users["jinluo"])
    # 2 session + user; 1 the facility with its places as of today; 1 rooms; 1 equipment; 1 status history with
    # recorders; 1 bed counts; 1 meal service with recorders; 3 standards + their rooms and equipment (the shortfall
    # check reads the prefetched rooms and equipment); 1 the user's township (page header); 3 session save;
    # 3 the sections other apps register (staffing: its rules in force, the posts, today's holders).
    with django_assert_max_num_queries(18):
        response = client.get(facility.get_absolute_url())
    html = response.content.decode()
    assert html.count("<td>2020-01-") == history_length and html.count("<td>2020-02-") == history_length - 1


def test_the_detail_page_names_each_shortfall(townships, users, client, make_facility):
    facility = make_facility(townships["jinluo"], floor_area=Decimal(90), building_source="new_build")
    page = client_for(client, users["jinluo"]).get(facility.get_absolute_url()).content.decode()
    assert "建筑面积 90 m² 不符合标准 150–500 m²" in page
    assert "期望利用闲置设施却为新建" in page


def test_another_townships_facility_is_not_found(townships, users, client, make_facility):
    facility = make_facility(townships["jinluo"])
    assert client_for(client, users["zhike"]).get(facility.get_absolute_url()).status_code == 404


def test_list_and_detail_refuse_post(townships, users, client, make_facility):
    facility = make_facility(townships["jinluo"])
    client_for(client, users["jinluo"])
    assert client.post(LIST).status_code == 405
    assert client.post(facility.get_absolute_url()).status_code == 405


def test_township_staff_enter_a_villages_elderly_population(townships, users, client, make_village):
    village = make_village(townships["jinluo"])
    url = reverse("facilities:village_edit", args=[village.pk])
    response = client_for(client, users["jinluo"]).post(url, {"population": 900, "elderly_population": 210})
    assert response.status_code == 302
    village.refresh_from_db()
    assert village.elderly_population == 210
    assert "210" in client.get(reverse("facilities:villages")).content.decode()


def test_an_elderly_population_above_the_population_is_refused(townships, users, client, make_village):
    village = make_village(townships["jinluo"])
    url = reverse("facilities:village_edit", args=[village.pk])
    response = client_for(client, users["jinluo"]).post(url, {"population": 100, "elderly_population": 210})
    assert "elderly_population" in response.context["form"].errors


@pytest.mark.parametrize(("who", "expected"), [("zhike", 404), ("leader", 403)])
def test_others_cannot_edit_a_village(townships, users, client, make_village, who, expected):
    village = make_village(townships["jinluo"])
    url = reverse("facilities:village_edit", args=[village.pk])
    assert client_for(client, users[who]).post(url, {"population": 900, "elderly_population": 1}).status_code == expected
    assert Village.objects.get(pk=village.pk).elderly_population is None


def test_village_edit_refuses_other_methods(townships, users, client, make_village):
    url = reverse("facilities:village_edit", args=[make_village(townships["jinluo"]).pk])
    assert client_for(client, users["jinluo"]).put(url).status_code == 405


def test_the_menu_lists_the_facility_pages(users, client, townships):
    page = client_for(client, users["jinluo"]).get(reverse("home")).content.decode()
    assert reverse("facilities:list") in page and reverse("facilities:choose_kind") in page
    assert reverse("facilities:key_projects") not in page


@pytest.mark.parametrize("count", [3, 60])
def test_the_village_list_query_count_does_not_grow_with_villages(
    townships, users, client, make_village, count, django_assert_max_num_queries
):
    for _number in range(count):
        make_village(townships["jinluo"], population=800, elderly_population=160)
    client_for(client, users["jinluo"])
    # 2 session + user; 1 count for the pages; 1 the user's township (page header); 1 the villages with their
    # townships; 3 session save (savepoint, update, release)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("facilities:villages"))
    assert len(re.findall(r'href="/facilities/villages/\d+/edit/"', response.content.decode())) == min(count, 50)
