"""Every staffing list, page and export in a number of queries that does not grow with its rows."""

from datetime import date

import pytest
from django.urls import reverse

from tests.staffing.conftest import hold, make_plain_facility, make_post, make_training, make_worker

pytestmark = pytest.mark.django_db


def populate(township, count):
    """``count`` facilities, each with a held post and a vacant one; each holder with a training record."""
    worker = None
    for _number in range(count):
        facility = make_plain_facility(township)
        worker = make_worker(township)
        hold(make_post(facility, since=date(2020, 1, 1)), worker)
        make_post(facility, since=date(2020, 1, 1), kind_code="cook")
        make_training(worker)
    return worker


# Every page: session, user, the user's township (header) and saving the session (3) = 6.
PAGES = [
    # + count and page of workers, their current holdings with post, facility and kind; 1 townships for the filter
    ("staffing:workers", 10),
    # + count and page of posts with facility, township, kind, source; today's holders with their workers
    ("staffing:posts", 10),
    # + count and page of training records with worker, township and programme
    ("staffing:training", 8),
    # exports: the rows with what they show (one query, or two with a prefetch); no page, no count
    ("staffing:worker_export", 8),
    ("staffing:post_export", 8),
    ("staffing:training_export", 7),
]


@pytest.mark.parametrize(("name", "limit"), PAGES)
@pytest.mark.parametrize("rows", [1, 6])
def test_lists_and_exports_keep_their_query_count(client, users, jinluo, name, limit, rows, django_assert_max_num_queries):
    populate(jinluo, rows)
    client.force_login(users["jinluo"])
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 6])
def test_the_worker_and_post_pages_keep_their_query_count(client, users, jinluo, rows, django_assert_max_num_queries):
    worker = populate(jinluo, 1)
    post = worker.holdings.get().post
    for _number in range(rows - 1):
        other = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1), full_time=False)
        hold(other, worker)
        make_training(worker)
    history = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1), full_time=False)
    for month in range(1, rows + 1):
        hold(history, make_worker(jinluo), since=date(2020, month, 1), until=date(2020, month, 28))
    client.force_login(users["jinluo"])
    # 6 every page; the worker with township and village; holdings with post, facility, kind, source; training with
    # programme; the audit entry of the full view (2) and the record's history (2)
    with django_assert_max_num_queries(15):
        response = client.get(worker.get_absolute_url())
    assert response.content.decode().count("<tr><td>") >= 2 * rows
    # 6 every page; the post with facility, township, kind, source; its holdings with workers; the worker choices;
    # the record's history (2)
    with django_assert_max_num_queries(13):
        assert client.get(post.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(13):
        html = client.get(history.get_absolute_url()).content.decode()
    assert html.count("2020-") >= 2 * rows
