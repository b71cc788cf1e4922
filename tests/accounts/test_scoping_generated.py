"""Township access checks generated from the list of scoped models.

Every model with ``township_lookup`` needs a ScopeCase in some tests/<app>/scope_cases*.py;
for each case, another township's account cannot list, open, change or export the row,
the leading group cannot change it, and the admin is scoped the same way.
"""

import importlib
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from zhongyang_eldercare.accounts.admin_scoping import ScopedAdmin
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet, scoped_models

TESTS = Path(__file__).resolve().parent.parent


def collect_cases():
    cases = []
    for path in sorted(TESTS.glob("*/scope_cases*.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        cases.extend(module.CASES)
    return cases


CASES = collect_cases()


def case_id(case):
    return case.model.__name__


def with_url(attribute):
    return [pytest.param(case, id=case_id(case)) for case in CASES if getattr(case, attribute)]


def test_every_scoped_model_has_a_scope_case():
    covered = {case.model for case in CASES}
    missing = [model._meta.label for model in scoped_models() if model not in covered]
    assert not missing, f"Add a ScopeCase in tests/<app>/scope_cases.py for: {missing}"


@pytest.fixture
def rows(townships):
    """One row in each of two townships, made by the case."""

    def make(case):
        return case.make(townships["jinluo"]), case.make(townships["zhike"])

    return make


def page_text(response):
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("list_url"))
def test_list_shows_only_own_township(client, users, rows, case):
    own, other = rows(case)
    client.force_login(users["jinluo"])
    text = page_text(client.get(reverse(case.list_url)))
    assert case.text_of(own) in text
    assert case.text_of(other) not in text


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("export_url"))
def test_export_holds_only_own_township(client, users, rows, case):
    own, other = rows(case)
    client.force_login(users["jinluo"])
    response = client.get(reverse(case.export_url))
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    cells = " ".join(str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row)
    assert case.text_of(own) in cells
    assert case.text_of(other) not in cells


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("detail_url"))
def test_detail_of_another_township_is_not_found(client, users, rows, case):
    own, other = rows(case)
    client.force_login(users["jinluo"])
    assert client.get(reverse(case.detail_url, args=[own.pk])).status_code == 200
    assert client.get(reverse(case.detail_url, args=[other.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("change_url"))
def test_change_of_another_township_is_not_found_and_not_written(client, users, rows, case):
    _own, other = rows(case)
    client.force_login(users["jinluo"])
    url = reverse(case.change_url, args=[other.pk])
    assert client.get(url).status_code == 404
    before = case.model._default_manager.filter(pk=other.pk).values().get()
    data = case.change_data(other) if case.change_data else {}
    assert client.post(url, data).status_code == 404
    assert case.model._default_manager.filter(pk=other.pk).values().get() == before


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("change_url"))
def test_leading_group_cannot_change(client, users, rows, case):
    own, _other = rows(case)
    client.force_login(users["leader"])
    data = case.change_data(own) if case.change_data else {}
    assert client.post(reverse(case.change_url, args=[own.pk]), data).status_code == 403


def admin_cases():
    return [pytest.param(case, id=case_id(case)) for case in CASES if case.model in admin.site._registry]


def admin_change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("case", admin_cases())
def test_admin_change_page_is_closed_to_township_staff_and_open_to_the_bureau(client, users, rows, case):
    own, _other = rows(case)
    url = admin_change_url(own)
    client.force_login(users["jinluo"])
    response = client.get(url, follow=True)
    assert response.status_code == 403
    client.force_login(users["bureau"])
    response = client.get(url)
    assert response.status_code == 200
    assert str(own) in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("case", admin_cases())
def test_admin_rows_and_choices_are_scoped(users, rows, case):
    """The admin's own scoping, should a township role ever be let into it."""
    own, other = rows(case)
    model_admin = admin.site._registry[case.model]
    assert isinstance(model_admin, ScopedAdmin), f"{case.model.__name__} holds township rows: register it with ScopedAdmin"
    request = RequestFactory().get("/admin/")
    request.user = users["jinluo"]
    visible = model_admin.get_queryset(request)
    assert visible.filter(pk=own.pk).exists()
    assert not visible.filter(pk=other.pk).exists()
    for field in case.model._meta.fields:
        if field.many_to_one and isinstance(field.related_model._default_manager.all(), ScopedQuerySet):
            form_field = model_admin.formfield_for_foreignkey(field, request)
            allowed = field.related_model._default_manager.for_user(request.user)
            assert set(form_field.queryset) == set(allowed), field.name
