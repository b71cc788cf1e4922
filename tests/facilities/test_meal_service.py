"""Whether a facility served meals, on any past day: the MealService history kept by the facility service."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, FacilityKind, FacilityStatus, FacilityStatusChange, MealService
from facilities.services import save_facility
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def history(facility):
    return list(facility.meal_services.order_by("changed_on").values_list("changed_on", "serves_meals"))


def meals_on(facility, day):
    """The annotation and the model method, which must agree."""
    annotated = Facility.objects.with_meals_on(day).get(pk=facility.pk).meals_on
    assert Facility.objects.get(pk=facility.pk).serves_meals_on(day) == annotated
    return annotated


def change_meals(facility, serves_meals, since, by=None):
    facility.serves_meals = serves_meals
    save_facility(facility=facility, by=by, meals_since=since)


@pytest.fixture
def courtyard(townships, make_facility):
    facility = make_facility(townships["jinluo"], kind=FacilityKind.HAPPINESS, serves_meals=False)
    facility.meal_services.update(changed_on=date(2020, 6, 1))
    return facility


def test_a_change_of_meal_service_is_dated_and_read_back_on_any_day(courtyard, users):
    change_meals(courtyard, True, date(2021, 9, 1), by=users["jinluo"])
    assert history(courtyard) == [(date(2020, 6, 1), False), (date(2021, 9, 1), True)]
    assert [meals_on(courtyard, day) for day in (date(2019, 1, 1), date(2021, 8, 31), date(2021, 9, 1))] == [False, False, True]
    assert courtyard.meal_services.get(changed_on=date(2021, 9, 1)).recorded_by == users["jinluo"]


def test_a_change_without_a_day_holds_from_today_and_an_unchanged_value_adds_nothing(courtyard):
    courtyard.name = "改名后"
    save_facility(facility=courtyard, by=None, meals_since=date(2021, 1, 1))
    assert len(history(courtyard)) == 1
    change_meals(courtyard, True, None)
    assert history(courtyard)[-1] == (timezone.localdate(), True)


def test_a_change_dated_back_replaces_the_later_rows_it_covers(courtyard):
    change_meals(courtyard, True, date(2022, 1, 1))
    change_meals(courtyard, False, date(2021, 1, 1))  # "no meals since 2021": the 2022 row said otherwise
    assert history(courtyard) == [(date(2020, 6, 1), False)]


def test_a_meal_service_change_in_the_future_is_refused_and_nothing_is_saved(courtyard):
    from django.core.exceptions import ValidationError

    courtyard.serves_meals = True
    with pytest.raises(ValidationError) as error:
        save_facility(facility=courtyard, by=None, meals_since=timezone.localdate() + timedelta(days=1))
    assert list(error.value.message_dict) == ["meals_since"]
    assert not Facility.objects.get(pk=courtyard.pk).serves_meals and len(history(courtyard)) == 1


def test_a_facility_without_meal_history_reads_its_current_value(courtyard):
    courtyard.meal_services.all().delete()
    Facility.objects.filter(pk=courtyard.pk).update(serves_meals=True)
    assert meals_on(courtyard, date(2020, 1, 1)) is True


def edit_data(client, facility):
    form = client.get(reverse("facilities:edit", args=[facility.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if name in form.fields and value not in (None, False)}
    data.update(rooms=[feature.pk for feature in facility.rooms.all()], equipment=[e.pk for e in facility.equipment.all()])
    return form, data


def test_the_edit_form_dates_a_change_of_meal_service_and_refuses_a_future_day(client, users, courtyard):
    client = client_for(client, users["jinluo"])
    form, data = edit_data(client, courtyard)
    assert list(form.fields).index("meals_since") == list(form.fields).index("serves_meals") + 1
    data["serves_meals"] = "on"
    url = reverse("facilities:edit", args=[courtyard.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.post(url, {**data, "meals_since": tomorrow.isoformat()})
    assert refused.status_code == 200 and list(refused.context["form"].errors) == ["meals_since"]
    assert "日期不能晚于今天" in refused.context["form"].errors["meals_since"][0]
    assert client.post(url, {**data, "meals_since": "2021-10-08"}).status_code == 302
    assert history(courtyard)[-1] == (date(2021, 10, 8), True)


def test_a_new_facility_serves_meals_from_its_first_status(client, users, townships, make_village):
    data = {
        "township": townships["jinluo"].pk,
        "village": make_village(townships["jinluo"]).pk,
        "name": "就餐测试幸福小院",
        "beds": "6",
        "serves_meals": "on",
        "status": FacilityStatus.BUILT,
        "status_on": "2021-04-01",
    }
    create = reverse("facilities:create", args=[FacilityKind.HAPPINESS])
    client = client_for(client, users["jinluo"])
    assert "meals_since" not in client.get(create).context["form"].fields
    assert client.post(create, data).status_code == 302
    facility = Facility.objects.get(name="就餐测试幸福小院")
    assert history(facility) == [(date(2021, 4, 1), True)]
    assert meals_on(facility, date(2021, 1, 1)) is True  # before the first row, the first row holds


def test_the_facility_page_lists_the_meal_service_history(client, users, courtyard):
    change_meals(courtyard, True, date(2021, 9, 1), by=users["jinluo"])
    page = client_for(client, users["jinluo"]).get(courtyard.get_absolute_url()).content.decode()
    section = page[page.index('id="meal-service"') :]
    section = section[: section.index("</section>")]
    assert "2020-06-01" in section and "2021-09-01" in section and "township-jinluo" in section
    assert section.index("<td>否</td>") < section.index("<td>是</td>")


def form_data(form):
    """What the browser sends back for an unchanged form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def admin_post_data(page):
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for form in formset.forms:
            data.update(form_data(form))
    return data


def test_the_admin_shows_the_history_read_only_and_dates_a_change_from_today(client, users, courtyard):
    client.force_login(users["bureau"])
    url = reverse("admin:facilities_facility_change", args=[courtyard.pk])
    page = client.get(url)
    inline = next(inline for inline in page.context["inline_admin_formsets"] if inline.formset.model is MealService)
    assert not inline.has_add_permission and not inline.formset.can_delete
    assert set(inline.formset.forms[0].fields) <= {"id", "facility"}  # every shown column is read-only
    data = admin_post_data(page)
    data["serves_meals"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert history(courtyard) == [(date(2020, 6, 1), False), (timezone.localdate(), True)]
    assert courtyard.meal_services.last().recorded_by == users["bureau"]


def test_the_migration_seeds_one_row_per_facility_from_its_first_status(townships, make_village):
    seeded = Facility.objects.create(
        kind=FacilityKind.HAPPINESS, name="迁移测试小院", township=townships["jinluo"], village=make_village(townships["jinluo"])
    )
    Facility.objects.filter(pk=seeded.pk).update(serves_meals=True)
    for status, day in ((FacilityStatus.BUILT, date(2020, 9, 1)), (FacilityStatus.PLANNED, date(2020, 3, 1))):
        FacilityStatusChange.objects.create(facility=seeded, status=status, changed_on=day)
    unstarted = Facility.objects.create(kind=FacilityKind.NURSING_HOME, name="迁移测试敬老院", township=townships["jinluo"])
    migration = importlib.import_module("facilities.migrations.0005_meal_service")
    migration.first_meal_service(apps, None)
    assert history(seeded) == [(date(2020, 3, 1), True)]
    assert history(unstarted) == [(timezone.localdate(unstarted.created_at), False)]


def test_the_import_records_meal_service_from_the_status_date_or_from_today(client, users, townships, make_village):
    from tests.facilities.test_facility_spreadsheets import IMPORT, row, template_headers, workbook

    village = make_village(townships["jinluo"])
    client = client_for(client, users["jinluo"])

    def imported(values):
        checked = client.post(IMPORT, {"file": workbook(template_headers(client), [values])})
        assert checked.context["valid"], [report.messages for report in checked.context["reports"]]
        assert client.post(IMPORT, {"token": checked.context["token"]}).status_code == 302

    imported(row(village, "导入就餐小院", 提供就餐="是", 状态起始日期="2021-06-30"))
    facility = Facility.objects.get(name="导入就餐小院")
    assert history(facility) == [(date(2021, 6, 30), True)]
    imported(row(village, "导入就餐小院", 提供就餐="否", **{"编号（新增设施留空）": facility.pk, "状态起始日期": "2021-06-30"}))
    assert history(facility) == [(date(2021, 6, 30), True), (timezone.localdate(), False)]
