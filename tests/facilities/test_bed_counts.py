"""Beds as they were on any day: the BedCount history kept by the facility service, read by the progress figures."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import BedCount, Facility, FacilityKind, FacilityStatus
from facilities.services import save_facility
from tests.conftest import client_for
from tests.reports.conftest import county_progress

pytestmark = pytest.mark.django_db


def counts(facility):
    return list(facility.bed_counts.order_by("since").values_list("since", "beds", "nursing_beds"))


def beds_of(facility, day):
    return Facility.objects.with_beds_on(day).get(pk=facility.pk).beds_on


def change_beds(facility, beds, since, nursing_beds=0):
    facility.beds, facility.nursing_beds = beds, nursing_beds
    save_facility(facility=facility, by=None, beds_since=since)


def test_a_change_of_beds_is_dated_and_read_back_on_any_day(townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=10)
    facility.bed_counts.update(since=date(2020, 6, 1))
    change_beds(facility, 20, date(2021, 7, 1))
    assert counts(facility) == [(date(2020, 6, 1), 10, 0), (date(2021, 7, 1), 20, 0)]
    assert [beds_of(facility, day) for day in (date(2019, 1, 1), date(2021, 6, 30), date(2021, 7, 1))] == [10, 10, 20]


def test_saving_without_a_change_of_beds_adds_nothing(townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=10)
    facility.name = "改名后"
    facility.save()
    Facility.objects.get(pk=facility.pk).save()
    assert facility.bed_counts.count() == 1


def test_a_change_dated_back_replaces_the_later_counts_it_covers(townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=10)
    facility.bed_counts.update(since=date(2020, 6, 1))
    change_beds(facility, 20, date(2022, 1, 1))
    change_beds(facility, 30, date(2021, 1, 1))  # "30 beds since 2021": the 2022 row said otherwise
    assert counts(facility) == [(date(2020, 6, 1), 10, 0), (date(2021, 1, 1), 30, 0)]
    change_beds(facility, 30, date(2021, 3, 1))  # the same count again: nothing new
    assert len(counts(facility)) == 2


def test_a_facility_without_history_counts_its_current_beds(townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=12)
    BedCount.objects.filter(facility=facility).delete()  # bulk-created rows skip save()
    assert beds_of(facility, date(2020, 1, 1)) == 12


def test_progress_counts_the_beds_of_the_day(townships, make_facility):
    jinluo = townships["jinluo"]
    facility = make_facility(jinluo, kind=FacilityKind.NURSING_HOME, beds=40, nursing_beds=10)
    facility.bed_counts.update(since=date(2020, 6, 1))
    change_beds(facility, 100, date(2021, 9, 1), nursing_beds=60)
    line = lambda day: next(line for line in county_progress(day).lines if line.township == jinluo)  # noqa: E731
    assert (line(date(2020, 12, 31)).beds, line(date(2021, 12, 31)).beds) == (40, 100)


def test_the_report_lists_each_facility_with_its_beds_on_the_day(client, users, townships, make_facility):
    facility = make_facility(townships["jinluo"], kind=FacilityKind.NURSING_HOME, beds=40, nursing_beds=10, name="测试敬老院")
    facility.bed_counts.update(since=date(2020, 6, 1))
    change_beds(facility, 100, date(2021, 9, 1), nursing_beds=60)
    response = client_for(client, users["bureau"]).get(reverse("reports:progress_xlsx"), {"as_of": "2020-12-31"})
    sheet = load_workbook(BytesIO(response.content))["设施清单"]
    header = [cell.value for cell in sheet[3]]
    row = next(row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1] == "测试敬老院")
    assert (row[header.index("床位数")], row[header.index("护理型床位")]) == (40, 10)


def test_the_edit_form_dates_a_change_of_beds_and_refuses_a_future_day(client, users, townships, make_facility):
    facility = make_facility(townships["jinluo"], kind=FacilityKind.NURSING_HOME, beds=40, name="测试敬老院")
    client = client_for(client, users["jinluo"])
    url = reverse("facilities:edit", args=[facility.pk])
    form = client.get(url).context["form"]
    assert list(form.fields).index("beds_since") == list(form.fields).index("nursing_beds") + 1
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    data.update(township=townships["jinluo"].pk, beds=60, nursing_beds=20, rooms=[], equipment=[])
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.post(url, {**data, "beds_since": tomorrow.isoformat()})
    assert refused.status_code == 200 and list(refused.context["form"].errors) == ["beds_since"]
    assert client.post(url, {**data, "beds_since": "2022-03-01"}).status_code == 302
    assert counts(facility)[-1] == (date(2022, 3, 1), 60, 20)


def test_a_new_facility_counts_its_beds_from_its_first_status(client, users, townships, make_village):
    village = make_village(townships["jinluo"])
    data = {
        "township": townships["jinluo"].pk,
        "village": village.pk,
        "name": "床位测试幸福小院",
        "beds": "6",
        "status": FacilityStatus.BUILT,
        "status_on": "2021-04-01",
    }
    response = client_for(client, users["jinluo"]).post(reverse("facilities:create", args=[FacilityKind.HAPPINESS]), data)
    assert response.status_code == 302
    assert counts(Facility.objects.get(name="床位测试幸福小院")) == [(date(2021, 4, 1), 6, 0)]


def form_data(form):
    """What the browser sends back for an unchanged form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_a_change_in_the_admin_is_counted_from_today(client, users, townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=10)
    facility.bed_counts.update(since=date(2020, 6, 1))
    client.force_login(users["bureau"])
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    page = client.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for form in formset.forms:
            data.update(form_data(form))
    data["beds"] = 14
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert counts(facility)[-1] == (timezone.localdate(), 14, 0)


def test_a_save_of_other_fields_records_no_unsaved_count(townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=10)
    facility.beds, facility.name = 99, "改名后"
    facility.save(update_fields=["name"])
    assert [beds for _since, beds, _nursing in counts(facility)] == [10]


def test_a_change_made_on_a_partly_loaded_facility_is_recorded(townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=10)
    partial = Facility.objects.only("pk", "beds", "name").get(pk=facility.pk)
    partial.beds = 16
    save_facility(facility=partial, by=None)
    assert counts(facility)[-1][1] == 16


def test_the_standards_minimum_beds_is_checked_against_the_beds_of_the_day(townships, make_facility):
    jinluo = townships["jinluo"]
    home = make_facility(jinluo, kind=FacilityKind.CENTRAL_NURSING, beds=120, name="测试中心敬老院")
    home.bed_counts.update(since=date(2020, 6, 1))
    change_beds(home, 250, date(2022, 1, 1))
    then, now = (county_progress(day) for day in (date(2021, 12, 31), date(2022, 6, 30)))
    checked = {progress.as_of: next(f for f in progress.facilities if f.pk == home.pk) for progress in (then, now)}
    found = then.assessment.shortfalls(checked[then.as_of])
    assert [str(item) for item in found] == ["床位不足：现有 120 张，标准要求不少于 200 张"]
    assert now.assessment.shortfalls(checked[now.as_of]) == []
    line = next(line for line in then.lines if line.township == jinluo)
    assert (line.compliant, line.not_compliant) == (0, 1)
