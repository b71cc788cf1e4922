from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, FacilityStatus
from facilities.services import record_status_change
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(townships, make_facility):
    return make_facility(townships["jinluo"], history=[(FacilityStatus.PLANNED, date(2020, 3, 1))])


def test_each_status_change_is_kept_and_the_latest_by_date_is_the_status(facility, users):
    record_status_change(facility=facility, status=FacilityStatus.BUILT, changed_on=date(2020, 10, 1), by=users["jinluo"])
    record_status_change(
        facility=facility, status=FacilityStatus.UNDER_CONSTRUCTION, changed_on=date(2020, 5, 1), by=users["jinluo"]
    )
    facility.refresh_from_db()
    assert facility.status == FacilityStatus.BUILT
    assert [(c.status, c.changed_on) for c in facility.status_changes.order_by("changed_on")] == [
        ("planned", date(2020, 3, 1)),
        ("under_construction", date(2020, 5, 1)),
        ("built", date(2020, 10, 1)),
    ]
    assert facility.status_changes.get(status="built").recorded_by == users["jinluo"]


def test_completion_cannot_be_dated_before_planning(facility, users):
    with pytest.raises(ValidationError) as error:
        record_status_change(facility=facility, status=FacilityStatus.BUILT, changed_on=date(2020, 2, 1), by=users["jinluo"])
    assert "changed_on" in error.value.message_dict
    assert facility.status_changes.count() == 1


def test_a_status_date_in_the_future_is_refused(facility, users):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        record_status_change(facility=facility, status=FacilityStatus.BUILT, changed_on=tomorrow, by=users["jinluo"])


def test_the_detail_page_shows_the_history(facility, users, client):
    record_status_change(facility=facility, status=FacilityStatus.OPERATING, changed_on=date(2021, 4, 2), by=users["jinluo"])
    page = client_for(client, users["jinluo"]).get(facility.get_absolute_url()).content.decode()
    assert "2020-03-01" in page and "2021-04-02" in page and "运营中" in page
    assert "no-store" in client.get(facility.get_absolute_url())["Cache-Control"]


def status_url(facility):
    return reverse("facilities:status", args=[facility.pk])


DATA = {"status": "built", "changed_on": "2021-05-01", "note": "验收"}


def test_township_staff_record_a_status_change_from_the_page(facility, users, client):
    response = client_for(client, users["jinluo"]).post(status_url(facility), DATA)
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.status == FacilityStatus.BUILT
    assert facility.status_changes.filter(note="验收", changed_on=date(2021, 5, 1)).exists()


def test_a_refused_status_date_is_shown_next_to_the_field(facility, users, client):
    response = client_for(client, users["jinluo"]).post(status_url(facility), {**DATA, "changed_on": "2019-01-01"})
    assert response.status_code == 400
    assert "不能早于" in response.content.decode()
    assert Facility.objects.get(pk=facility.pk).status == FacilityStatus.PLANNED


@pytest.mark.parametrize(("who", "expected"), [("zhike", 404), ("leader", 403)])
def test_others_cannot_change_the_status(facility, users, client, who, expected):
    assert client_for(client, users[who]).post(status_url(facility), DATA).status_code == expected
    assert facility.status_changes.count() == 1


def test_the_status_change_is_post_only(facility, users, client):
    assert client_for(client, users["jinluo"]).get(status_url(facility)).status_code == 405
