"""One write for a facility (facilities.services.save_facility), whichever door it comes through; rules in the model."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, FacilityKind, Village
from facilities.services import save_facility
from tests.conftest import client_for
from tests.facilities.test_facility_spreadsheets import IMPORT, row, template_headers, workbook

pytestmark = pytest.mark.django_db


def counts(facility):
    return list(facility.bed_counts.order_by("since").values_list("since", "beds"))


def test_saving_a_facility_by_itself_writes_no_history(townships, make_village):
    facility = Facility(kind=FacilityKind.HAPPINESS, name="直接保存小院", township=townships["jinluo"], beds=4)
    facility.village = make_village(townships["jinluo"])
    facility.save()
    facility.beds, facility.serves_meals = 8, True
    facility.save()
    assert not facility.bed_counts.exists() and not facility.meal_services.exists()


def test_the_service_refuses_a_facility_of_another_township_for_township_staff(townships, users, make_village):
    facility = Facility(kind=FacilityKind.HAPPINESS, name="他乡小院", township=townships["zhike"])
    facility.village = make_village(townships["zhike"])
    with pytest.raises(ValidationError) as error:
        save_facility(facility=facility, by=users["jinluo"])
    assert list(error.value.message_dict) == ["township"]
    assert not Facility.objects.filter(name="他乡小院").exists()
    save_facility(facility=facility, by=users["bureau"])
    assert Facility.objects.filter(name="他乡小院").exists()


def test_an_import_changing_the_beds_counts_them_from_today(client, users, townships, make_facility):
    facility = make_facility(townships["jinluo"], kind=FacilityKind.HAPPINESS, beds=4)
    facility.bed_counts.update(since=date(2020, 6, 1))
    client = client_for(client, users["jinluo"])
    values = row(facility.village, facility.name, 床位数=9, **{"编号（新增设施留空）": facility.pk, "状态": "运营中"})
    checked = client.post(IMPORT, {"file": workbook(template_headers(client), [values])})
    assert checked.context["valid"], [report.messages for report in checked.context["reports"]]
    client.post(IMPORT, {"token": checked.context["token"]})
    assert counts(facility) == [(date(2020, 6, 1), 4), (timezone.localdate(), 9)]


def test_the_admin_obeys_the_villages_rule_on_its_elderly_population(client, users, townships, make_village):
    village = make_village(townships["jinluo"], population=100)
    client.force_login(users["bureau"])
    url = reverse("admin:facilities_village_change", args=[village.pk])
    data = {"township": townships["jinluo"].pk, "name": village.name, "population": 100, "elderly_population": 210}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["elderly_population"] == ["老年人口不能多于总人口。"]
    assert Village.objects.get(pk=village.pk).elderly_population is None
