"""The staffing forms as their users meet them: errors next to the field, nothing half-saved; township staff
their own township, the bureau corrects any, the leading group reads (403), wrong methods 405."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from staffing.models import Holding, Post, Training, TrainingProgramme, Worker
from tests.staffing.conftest import hold, id_number_for, kind, make_plain_facility, make_post, make_worker, source

pytestmark = pytest.mark.django_db


def post_data(facility, **fields):
    values = {"facility": facility.pk, "kind": kind().pk, "full_time": "on", "funding_source": source().pk}
    return values | {"monthly_pay": "1500", "since": "2021-01-01"} | fields


def errors(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def test_a_clerk_adds_a_post_at_a_facility_of_the_township(client, users, jinluo):
    facility = make_plain_facility(jinluo)
    client.force_login(users["jinluo"])
    response = client.post(reverse("staffing:post_add"), post_data(facility, monthly_pay="1500.55"))
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert (post.monthly_pay, post.facility) == (Decimal("1500.55"), facility)


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"monthly_pay": "-1"}, "monthly_pay", "月工资不能为负数"),
        ({"until": "2020-12-31"}, "until", "早于"),
    ],
)
def test_bad_post_input_is_refused_next_to_the_field(client, users, jinluo, fields, field, text):
    client.force_login(users["jinluo"])
    response = client.post(reverse("staffing:post_add"), post_data(make_plain_facility(jinluo), **fields))
    assert response.status_code == 200 and text in errors(response, field)
    assert not Post.objects.exists()


def test_a_post_at_another_townships_facility_is_refused_on_the_facility_field(client, users, zhike):
    client.force_login(users["jinluo"])
    response = client.post(reverse("staffing:post_add"), post_data(make_plain_facility(zhike)))
    assert "请选择本乡镇的设施" in errors(response, "facility")
    assert not Post.objects.exists()


def test_the_post_form_offers_only_the_users_facilities(client, users, jinluo, zhike):
    mine, theirs = make_plain_facility(jinluo), make_plain_facility(zhike)
    client.force_login(users["jinluo"])
    choices = list(client.get(reverse("staffing:post_add")).context["form"].fields["facility"].queryset)
    assert mine in choices and theirs not in choices
    assert client.get(reverse("staffing:post_add"), {"facility": theirs.pk}).status_code == 404
    assert client.get(reverse("staffing:post_add"), {"facility": "x1"}).status_code == 404
    assert client.get(reverse("staffing:post_add"), {"facility": mine.pk}).context["form"].initial["facility"] == mine.pk


def test_a_second_full_time_post_is_refused_next_to_the_worker_and_nothing_changes(client, users, jinluo):
    worker = make_worker(jinluo, name="赵敏")
    hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1)), worker)
    post = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1))
    client.force_login(users["jinluo"])
    response = client.post(reverse("staffing:post_assign", args=[post.pk]), {"worker": worker.pk, "since": "2021-01-01"})
    assert response.status_code == 400
    assert "赵敏" in errors(response, "worker") and "全职" in errors(response, "worker")
    assert not post.holdings.exists()


def test_changing_the_worker_through_the_page_keeps_the_history(client, users, jinluo):
    post = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1))
    first = hold(post, make_worker(jinluo))
    second = make_worker(jinluo)
    client.force_login(users["jinluo"])
    response = client.post(reverse("staffing:post_assign", args=[post.pk]), {"worker": second.pk, "since": "2021-04-01"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.until == date(2021, 3, 31)
    assert post.holdings.get(until__isnull=True).worker == second


def test_ending_a_holding_before_it_began_is_refused_on_the_field(client, users, jinluo):
    holding = hold(make_post(make_plain_facility(jinluo), since=date(2021, 1, 1)), make_worker(jinluo))
    client.force_login(users["jinluo"])
    response = client.post(reverse("staffing:holding_end", args=[holding.pk]), {"until": "2020-12-31"})
    assert response.status_code == 400 and errors(response, "until")
    holding.refresh_from_db()
    assert holding.until is None


def test_the_bureau_corrects_a_townships_worker(client, users, jinluo):
    worker = make_worker(jinluo)
    client.force_login(users["bureau"])
    data = {"name": "更正后", "id_number": worker.id_number, "township": jinluo.pk, "hired_on": "2020-01-01"}
    assert client.post(reverse("staffing:worker_edit", args=[worker.pk]), data).status_code == 302
    worker.refresh_from_db()
    assert worker.name == "更正后"


def test_a_training_record_is_added_from_the_workers_page(client, users, jinluo):
    worker = make_worker(jinluo)
    client.force_login(users["jinluo"])
    programme = TrainingProgramme.objects.get(code="lvliangshan")
    data = {"programme": programme.pk, "started_on": "2021-01-01", "ended_on": "2020-12-01", "hours": "40", "result": "passed"}
    response = client.post(reverse("staffing:training_add", args=[worker.pk]), data)
    assert "早于" in errors(response, "ended_on") and not Training.objects.exists()
    response = client.post(reverse("staffing:training_add", args=[worker.pk]), data | {"ended_on": "2021-01-20"})
    assert response.status_code == 302 and Training.objects.get().worker == worker


def write_urls(jinluo):
    worker = make_worker(jinluo)
    holding = hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1)), worker)
    programme = TrainingProgramme.objects.get(code="food_safety")
    training = Training.objects.create(worker=worker, programme=programme, started_on=date(2020, 1, 1), hours=1)
    return [
        reverse("staffing:worker_add"),
        reverse("staffing:worker_edit", args=[worker.pk]),
        reverse("staffing:post_add"),
        reverse("staffing:post_edit", args=[holding.post_id]),
        reverse("staffing:post_assign", args=[holding.post_id]),
        reverse("staffing:holding_end", args=[holding.pk]),
        reverse("staffing:training_add", args=[worker.pk]),
        reverse("staffing:training_edit", args=[training.pk]),
        reverse("staffing:worker_import"),
        reverse("staffing:post_import"),
        reverse("staffing:training_import"),
    ]


def test_the_leading_group_and_the_administrator_cannot_open_a_form(client, users, jinluo):
    urls = write_urls(jinluo)
    for role in ("leader", "admin"):
        client.force_login(users[role])
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
            assert client.post(url, {}).status_code == 403, (role, url)
    assert Worker.objects.count() == 1 and Holding.objects.count() == 1


def test_the_forms_refuse_other_methods(client, users, jinluo):
    client.force_login(users["jinluo"])
    for url in write_urls(jinluo)[:8]:
        assert client.put(url).status_code == 405, url
    for name in ("staffing:overview", "staffing:workers", "staffing:posts", "staffing:training", "staffing:post_export"):
        assert client.post(reverse(name)).status_code == 405, name


def test_the_leading_group_reads_the_overview_and_lists(client, users, jinluo):
    make_worker(jinluo, name="可读人员", id_number=id_number_for())
    client.force_login(users["leader"])
    for name in ("staffing:overview", "staffing:workers", "staffing:posts", "staffing:training"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "新增" not in response.content.decode().split("<main>")[1], name
