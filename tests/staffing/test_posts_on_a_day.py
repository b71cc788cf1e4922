"""Required, filled, vacant and gap on a day: posts count only within their dates, holders only within theirs."""

from datetime import date

import pytest

from facilities.models import Facility
from staffing import services
from staffing.figures import staffing_of
from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker

pytestmark = pytest.mark.django_db


def staffing(facility, on):
    return staffing_of([Facility.objects.as_of(on).get(pk=facility.pk)], on=on)[facility.pk]


def test_posts_count_only_within_their_dates(jinluo):
    facility = make_plain_facility(jinluo, meals=True, since=date(2020, 1, 1))
    post = make_post(facility, since=date(2021, 1, 1), until=date(2021, 12, 31))
    hold(post, make_worker(jinluo), until=date(2021, 12, 31))
    assert staffing(facility, date(2020, 12, 31)).posts == 0
    assert staffing(facility, date(2021, 1, 1)).posts == 1
    assert staffing(facility, date(2021, 12, 31)).filled == 1
    assert staffing(facility, date(2022, 1, 1)).posts == 0


def test_a_vacant_post_is_counted_but_does_not_staff_the_facility(jinluo):
    facility = make_plain_facility(jinluo, meals=True, since=date(2020, 1, 1))
    hold(make_post(facility, since=date(2020, 1, 1)), make_worker(jinluo))
    make_post(facility, since=date(2020, 1, 1))  # nobody holds it
    figures = staffing(facility, date(2021, 6, 1))
    assert (figures.required, figures.posts, figures.filled, figures.vacant, figures.gap) == (2, 2, 1, 1, 1)


def test_a_change_of_worker_ends_one_holding_and_starts_another(jinluo, users):
    facility = make_plain_facility(jinluo, since=date(2020, 1, 1))
    post = make_post(facility, since=date(2020, 1, 1))
    first, second = make_worker(jinluo, name="甲"), make_worker(jinluo, name="乙")
    services.assign_worker(post=post, worker=first, since=date(2020, 1, 1), by=users["jinluo"])
    services.assign_worker(post=post, worker=second, since=date(2021, 3, 1), by=users["jinluo"])
    history = list(post.holdings.order_by("since").values_list("worker__name", "since", "until"))
    assert history == [("甲", date(2020, 1, 1), date(2021, 2, 28)), ("乙", date(2021, 3, 1), None)]
    assert staffing(facility, date(2021, 2, 28)).filled == 1
    assert staffing(facility, date(2021, 3, 1)).filled == 1


def test_ending_a_holding_leaves_the_post_vacant_from_the_next_day(jinluo, users):
    facility = make_plain_facility(jinluo, since=date(2020, 1, 1))
    post = make_post(facility, since=date(2020, 1, 1))
    holding = hold(post, make_worker(jinluo))
    services.end_holding(holding=holding, until=date(2021, 5, 31), by=users["jinluo"])
    assert staffing(facility, date(2021, 5, 31)).gap == 0
    figures = staffing(facility, date(2021, 6, 1))
    assert (figures.filled, figures.vacant, figures.gap) == (0, 1, 1)
