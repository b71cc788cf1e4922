"""A worker holds one full-time post at a time: a clear Chinese error on every database, and on PostgreSQL
an exclusion constraint that holds even when ``clean()`` is bypassed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from staffing import services
from staffing.models import Holding
from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_posts(jinluo):
    first = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1))
    second = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1))
    return first, second


def test_clean_refuses_a_second_overlapping_full_time_post_in_chinese(jinluo, two_posts):
    worker = make_worker(jinluo, name="王芳")
    hold(two_posts[0], worker, since=date(2020, 1, 1))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        hold(two_posts[1], worker, since=date(2021, 1, 1))
    message = " ".join(refused.value.message_dict["worker"])
    assert "王芳" in message and "全职" in message
    assert Holding.objects.filter(worker=worker).count() == 1


def test_the_service_refuses_it_on_the_worker_field_and_saves_nothing(jinluo, users, two_posts):
    worker = make_worker(jinluo)
    services.assign_worker(post=two_posts[0], worker=worker, since=date(2020, 1, 1), by=users["jinluo"])
    with pytest.raises(ValidationError) as refused:
        services.assign_worker(post=two_posts[1], worker=worker, since=date(2020, 6, 1), by=users["jinluo"])
    assert "worker" in refused.value.message_dict
    assert Holding.objects.filter(worker=worker).count() == 1


def test_a_full_time_post_after_the_first_ends_is_accepted(jinluo, two_posts):
    worker = make_worker(jinluo)
    hold(two_posts[0], worker, since=date(2020, 1, 1), until=date(2020, 12, 31))
    hold(two_posts[1], worker, since=date(2021, 1, 1))
    assert Holding.objects.filter(worker=worker).count() == 2


def test_a_part_time_post_beside_a_full_time_one_is_accepted(jinluo):
    worker = make_worker(jinluo)
    hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1)), worker)
    hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1), full_time=False), worker)
    assert Holding.objects.filter(worker=worker).count() == 2


def test_making_a_post_full_time_is_refused_when_its_holder_has_another(jinluo, users):
    worker = make_worker(jinluo)
    hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1)), worker)
    part_time = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1), full_time=False)
    hold(part_time, worker)
    part_time.full_time = True
    with pytest.raises(ValidationError) as refused:
        services.save_post(post=part_time, by=users["jinluo"])
    assert "full_time" in refused.value.message_dict


def test_two_workers_cannot_hold_one_post_on_the_same_day(jinluo, two_posts):
    hold(two_posts[0], make_worker(jinluo, name="甲"), since=date(2020, 1, 1))
    with pytest.raises(ValidationError) as refused:
        hold(two_posts[0], make_worker(jinluo), since=date(2021, 1, 1))
    assert "甲" in " ".join(refused.value.message_dict["since"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_overlapping_full_time_holdings_without_clean(jinluo, two_posts):
    worker = make_worker(jinluo)
    Holding.objects.create(post=two_posts[0], worker=worker, since=date(2020, 1, 1), full_time=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Holding.objects.create(post=two_posts[1], worker=worker, since=date(2020, 6, 1), until=date(2020, 7, 1), full_time=True)
    Holding.objects.create(post=two_posts[1], worker=worker, since=date(2020, 6, 1), until=date(2020, 7, 1), full_time=False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_two_holders_of_one_post_without_clean(jinluo, two_posts):
    Holding.objects.create(post=two_posts[0], worker=make_worker(jinluo), since=date(2020, 1, 1), until=date(2020, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Holding.objects.create(post=two_posts[0], worker=make_worker(jinluo), since=date(2020, 12, 31), full_time=False)
