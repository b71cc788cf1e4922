"""Dates are sane: one validator in the kernel, with a range per meaning, on every date a user enters."""

import inspect
from datetime import date, timedelta

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

import facilities.forms
import visits.forms
import zhongyang_eldercare.reports.forms
from tests.conftest import client_for
from tests.facilities.test_facility_spreadsheets import IMPORT, row, template_headers, workbook
from tests.reports.conftest import make_facility
from tests.visits.conftest import make_elder, make_visit
from visits.models import Assessment, Visit
from visits.services import open_follow_up
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate, validate_plausible_date

SLIPS = ["0001-01-01", "9999-12-31", "1899-12-31"]
FORM_MODULES = [facilities.forms, visits.forms, zhongyang_eldercare.reports.forms]
PROJECT_APPS = {"accounts", "audit", "facilities", "staffing", "visits", "subsidies", "reports", "import_jobs"}


def has_plausible_validator(field):
    return any(isinstance(validator, PlausibleDate) for validator in field.validators)


@pytest.mark.parametrize(
    ("meaning", "good", "bad"),
    [
        (DateMeaning.BIRTH, [date(1900, 1, 1), date(1950, 6, 1)], [date(1899, 12, 31), date(1, 1, 1)]),
        (DateMeaning.HAPPENED, [date(2000, 1, 1), date(2021, 3, 1)], [date(1999, 12, 31), date(9999, 12, 31)]),
        (DateMeaning.DUE, [date(2021, 3, 1), date(2022, 3, 1)], [date(2022, 3, 3), date(1, 1, 1)]),
        (DateMeaning.PLANNED, [date(2025, 12, 31)], [date(2040, 1, 1), date(1, 1, 1)]),
    ],
)
def test_each_meaning_has_its_range(meaning, good, bad):
    today = date(2021, 3, 2)
    for day in good:
        validate_plausible_date(day, meaning, today=today)
    for day in bad:
        with pytest.raises(ValidationError):
            validate_plausible_date(day, meaning, today=today)


def test_nothing_that_happened_is_in_the_future():
    with pytest.raises(ValidationError) as error:
        validate_plausible_date(timezone.localdate() + timedelta(days=1), DateMeaning.HAPPENED)
    assert error.value.code == "future"


def test_every_date_a_user_enters_in_a_model_has_the_validator():
    """Every editable date field of the project's models (forms, the admin and imports all validate through it)."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField) and field.editable
        if not has_plausible_validator(field)
    ]
    assert not missing, missing


def test_every_date_field_of_every_form_has_the_validator():
    missing = []
    for module in FORM_MODULES:
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                model = getattr(getattr(form_class, "_meta", None), "model", None)
                for field_name, field in form_class.base_fields.items():
                    if not isinstance(field, forms.DateField) or has_plausible_validator(field):
                        continue
                    # a model form's field is validated by its model field (the instance's full_clean)
                    if model is None or not has_plausible_validator(model._meta.get_field(field_name)):
                        missing.append(f"{name}.{field_name}")
    # the dashboard's day is held to the plan period by its own form
    assert set(missing) <= {"AsOfForm.as_of"}, missing


@pytest.mark.django_db
@pytest.mark.parametrize("slip", SLIPS)
def test_the_visit_form_refuses_a_slip_of_the_keyboard(client, users, townships, make_village, slip):
    elder = make_elder(make_village(townships["jinluo"]))
    data = {"visited_on": slip, "visitor": "张三", "method": "home", "overall_risk": 1}
    data |= dict.fromkeys(("health", "mental", "safety", "hygiene", "environment"), "normal")
    response = client_for(client, users["jinluo"]).post(f"/visits/elders/{elder.pk}/visit/", data)
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slip", SLIPS)
def test_the_archive_and_the_follow_up_refuse_slips(client, users, townships, make_village, slip):
    elder = make_elder(make_village(townships["jinluo"]))
    follow_up = open_follow_up(
        visit=make_visit(elder, date(2021, 3, 1), health=Assessment.URGENT, health_note="摔伤"), today=date(2021, 3, 1)
    )
    client_for(client, users["jinluo"])
    response = client.post(f"/visits/follow-ups/{follow_up.pk}/", {"status": "in_progress", "assignee": "张三", "due_on": slip})
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.due_on != date.fromisoformat(slip) and follow_up.status == "open"
    response = client.post(f"/visits/elders/{elder.pk}/status/", {"status": "moved_away", "changed_on": slip})
    elder.refresh_from_db()
    assert elder.status == "active"


@pytest.mark.django_db
def test_a_due_date_more_than_a_year_ahead_is_refused(users, townships, make_village):
    elder = make_elder(make_village(townships["jinluo"]))
    follow_up = open_follow_up(
        visit=make_visit(elder, date(2021, 3, 1), health=Assessment.URGENT, health_note="摔伤"), today=date(2021, 3, 1)
    )
    follow_up.due_on = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError):
        follow_up.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("slip", SLIPS)
def test_the_facility_form_refuses_slips(client, users, townships, make_village, slip):
    village = make_village(townships["jinluo"])
    facility = make_facility(townships["jinluo"], village=village, built_on=date(2020, 6, 1))
    client_for(client, users["jinluo"])
    response = client.post(f"/facilities/{facility.pk}/status/", {"status": "operating", "changed_on": slip})
    assert response.status_code == 400
    assert not facility.status_changes.filter(changed_on=date.fromisoformat(slip)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slip", ["0001-01-01", "9999-12-31"])
def test_the_import_refuses_slips(client, users, townships, make_village, slip):
    from facilities.models import Facility

    village = make_village(townships["jinluo"])
    client_for(client, users["jinluo"])
    upload = workbook(template_headers(client), [row(village, "幸福小院甲", 审议日期=slip)])
    response = client.post(IMPORT, {"file": upload})
    assert not response.context["valid"] and not Facility.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_slips(client, users):
    client_for(client, users["bureau"])
    from facilities.models import PolicyDocument

    document = PolicyDocument.objects.first()
    document.period_end = date(9999, 12, 31)
    with pytest.raises(ValidationError):
        document.full_clean()
