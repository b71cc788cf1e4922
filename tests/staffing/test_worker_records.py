"""Workers: the one GB 11643 validator and derivation, masking and logged full views, the form's errors."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from staffing.models import Worker
from tests.staffing.conftest import REGION, id_number_for, make_worker
from zhongyang_eldercare.kernel.identity import Gender, with_check_digit
from zhongyang_eldercare.personal_data import mask_id_number

pytestmark = pytest.mark.django_db


def refusal(township, number):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        make_worker(township, id_number=number)
    return refused.value.message_dict["id_number"][0]


def test_a_wrong_check_digit_is_refused_with_the_reason(jinluo):
    good = id_number_for()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert "校验" in refusal(jinluo, wrong)


def test_an_impossible_birth_date_is_refused(jinluo):
    assert "出生日期" in refusal(jinluo, with_check_digit(f"{REGION}19750230123"))


def test_a_wrong_length_is_refused(jinluo):
    assert "18" in refusal(jinluo, "14112919750308123")


def test_a_lower_case_x_is_accepted_and_normalised(jinluo):
    for serial in range(100, 200):
        number = with_check_digit(f"{REGION}19800101{serial:03d}")
        if number.endswith("X"):
            break
    worker = make_worker(jinluo, id_number=number.lower())
    worker.refresh_from_db()
    assert worker.id_number == number


def test_birth_date_and_gender_are_read_from_the_number(jinluo):
    worker = make_worker(jinluo, id_number=with_check_digit(f"{REGION}19750308121"))
    assert (worker.birth_date, worker.gender) == (date(1975, 3, 8), Gender.MALE)


def test_a_leaving_date_before_the_hiring_date_is_refused(jinluo):
    with pytest.raises(ValidationError) as refused:
        make_worker(jinluo, hired_on=date(2021, 1, 1), left_on=date(2020, 12, 31))
    assert "left_on" in refused.value.message_dict


def test_the_form_shows_the_id_reason_next_to_the_field_and_saves_nothing(client, users):
    client.force_login(users["jinluo"])
    data = {"name": "李四", "id_number": "14112919750308123", "hired_on": "2020-01-01"}
    with translation.override("zh-hans"):
        response = client.post(reverse("staffing:worker_add"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert not Worker.objects.exists()


def test_township_staff_add_workers_of_their_own_township_whatever_they_post(client, users, townships):
    client.force_login(users["jinluo"])
    data = {"name": "李四", "id_number": id_number_for(), "township": townships["zhike"].pk, "hired_on": "2020-01-01"}
    response = client.post(reverse("staffing:worker_add"), data)
    assert response.status_code == 302
    assert Worker.objects.get().township == townships["jinluo"]


def test_the_id_number_is_full_and_logged_for_the_township_masked_for_the_leading_group(client, users, jinluo):
    worker = make_worker(jinluo)
    url = reverse("staffing:worker", args=[worker.pk])
    client.force_login(users["leader"])
    text = client.get(url).content.decode()
    assert mask_id_number(worker.id_number) in text and worker.id_number not in text
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    client.force_login(users["jinluo"])
    assert worker.id_number in client.get(url).content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(worker.pk)).count() == 1


def test_the_worker_list_masks_id_numbers_for_everyone(client, users, jinluo):
    worker = make_worker(jinluo)
    client.force_login(users["jinluo"])
    text = client.get(reverse("staffing:workers")).content.decode()
    assert mask_id_number(worker.id_number) in text and worker.id_number not in text


def test_a_worker_holding_a_post_is_not_moved_to_another_township(users, jinluo, zhike):
    """Moved while holding a post in 金罗镇, the worker would take that post's facility into 枝柯镇's pages; the move
    is refused on the township field until the holding ends. A post ended before today is history and does not stop it."""
    from datetime import date

    from django.core.exceptions import ValidationError

    from staffing import services
    from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker

    facility = make_plain_facility(jinluo)
    worker = make_worker(jinluo)
    holding = hold(make_post(facility), worker)
    worker.township = zhike
    with pytest.raises(ValidationError) as refused:
        services.save_worker(worker=worker, by=users["bureau"])
    assert "township" in refused.value.message_dict and facility.name in refused.value.message_dict["township"][0]
    worker.refresh_from_db()  # nothing of the refused move was saved
    assert worker.township == jinluo
    holding.refresh_from_db()
    services.end_holding(holding=holding, until=date(2024, 6, 30), by=users["bureau"])
    worker.township = zhike
    services.save_worker(worker=worker, by=users["bureau"])


def test_a_post_that_has_been_held_does_not_move_to_another_townships_facility(users, jinluo, zhike):
    from django.core.exceptions import ValidationError

    from staffing import services
    from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker

    post = make_post(make_plain_facility(jinluo))
    hold(post, make_worker(jinluo))
    post.facility = make_plain_facility(zhike)
    with pytest.raises(ValidationError) as refused:
        services.save_post(post=post, by=users["bureau"])
    assert "facility" in refused.value.message_dict
    post.facility = make_plain_facility(jinluo)  # another facility of its own township: moved
    services.save_post(post=post, by=users["bureau"])
