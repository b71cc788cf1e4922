"""A staffing gap is a shortfall of the facility, with its clause: on its page, in the list's "below standard"
filter; the page lists the posts and its query count does not grow with them."""

from datetime import date

import pytest
from django.urls import reverse

from facilities.compliance import assess_queryset
from facilities.models import Facility
from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker

pytestmark = pytest.mark.django_db


def staffing_shortfalls(facility, on=None):
    found = assess_queryset(Facility.objects.filter(pk=facility.pk), on=on).shortfalls(facility)
    return [item for item in found if item.code == "staffing"]


def test_a_facility_short_of_posts_has_a_staffing_shortfall_with_the_clause(jinluo):
    facility = make_plain_facility(jinluo, meals=True, since=date(2020, 1, 1))
    hold(make_post(facility, since=date(2020, 1, 1)), make_worker(jinluo))
    found = staffing_shortfalls(facility)
    assert [item.clause for item in found] == ["§2.5"]
    assert "中办发〔2020〕22号 §2.5" in found[0].message
    hold(make_post(facility, since=date(2020, 1, 1)), make_worker(jinluo))
    assert staffing_shortfalls(facility) == []


def test_the_shortfall_is_read_on_the_day_asked(jinluo):
    facility = make_plain_facility(jinluo, since=date(2020, 1, 1))
    hold(make_post(facility, since=date(2021, 1, 1)), make_worker(jinluo))
    assert staffing_shortfalls(facility, date(2020, 12, 31))
    assert not staffing_shortfalls(facility, date(2021, 1, 1))


def test_the_list_below_standard_filter_includes_a_short_staffed_facility(client, users, jinluo):
    short = make_plain_facility(jinluo, since=date(2020, 1, 1))
    client.force_login(users["jinluo"])
    names = [
        facility.name for facility, _found in client.get(reverse("facilities:list"), {"compliance": "fails"}).context["listing"]
    ]
    assert short.name in names


@pytest.mark.parametrize("posts", [1, 8])
def test_the_facility_page_lists_posts_and_the_gap_in_constant_queries(
    client, users, jinluo, posts, django_assert_max_num_queries
):
    facility = make_plain_facility(jinluo, meals=True, since=date(2020, 1, 1))
    for number in range(posts):
        post = make_post(facility, since=date(2020, 1, 1), kind_code="cook" if number else "caregiver")
        if number:
            hold(post, make_worker(jinluo, name=f"炊事员{number}"))
    client.force_login(users["jinluo"])
    # 2 session + user; 6 the facility as of today with rooms, equipment and histories; 3 standards; 2 staffing
    # check (rules, posts held); 1 township; 3 staffing section (rules, posts, holders); 3 session save.
    with django_assert_max_num_queries(20):
        response = client.get(facility.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="badge bad">空缺') == 1
    assert ("炊事员1" in html) == (posts > 1)
    assert (html.count("§2.5") >= 1) and ("人员配备" in html or "公益性岗位" in html)
