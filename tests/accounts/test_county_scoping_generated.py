"""County and city access checks generated from the list of scoped models (issue 15, item 1).

Every scoped model (``scoped_models()``, each with a ScopeCase in tests/<app>/scope_cases*.py) is made
once in 中阳县 (金罗镇) and once in a second county of the same city. For each case:
the bureau, the leading group and the administrator of one county find nothing of the other county —
in ``for_user``, on its list, detail, change and export pages, in every spreadsheet import, in the admin
(rows, choices, list filters) — and the city bureau sees both counties and changes nothing.
A model added later gets these checks from its ScopeCase alone.
"""

from io import BytesIO

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from import_export.widgets import ForeignKeyWidget
from openpyxl import load_workbook

from facilities.models import County
from tests.accounts.test_scoping_generated import CASES, admin_change_url, case_id, page_text, with_url
from zhongyang_eldercare.accounts.admin_scoping import ScopedRelatedFilter, is_scoped
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet, county_scoped_models, scoped_models
from zhongyang_eldercare.imports import SpreadsheetImportView

ALL_CASES = [pytest.param(case, id=case_id(case)) for case in CASES]


@pytest.fixture
def county_rows(townships, second_county):
    """One row in 中阳县 (金罗镇) and one in the second county, made by the case."""

    def make(case):
        return case.make(townships["jinluo"]), case.make(second_county[1])

    return make


def test_the_city_and_counties_are_county_level_scoped_models():
    assert County in county_scoped_models()
    assert County not in scoped_models()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ALL_CASES)
def test_for_user_keeps_each_county_to_itself(county_users, county_rows, case):
    own, other = county_rows(case)
    manager = case.model._default_manager
    for name in ("bureau", "leader"):
        visible = manager.for_user(county_users[name])
        assert visible.filter(pk=own.pk).exists(), name
        assert not visible.filter(pk=other.pk).exists(), name
    for name in ("bureau_b", "leader_b", "admin_b"):
        visible = manager.for_user(county_users[name])
        assert visible.filter(pk=other.pk).exists(), name
        assert not visible.filter(pk=own.pk).exists(), name
    assert set(manager.for_user(county_users["city"]).filter(pk__in=[own.pk, other.pk])) == {own, other}
    assert set(manager.in_county(County.objects.get(code="zhongyang")).filter(pk__in=[own.pk, other.pk])) == {own}


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("list_url"))
def test_list_shows_only_own_county(client, county_users, county_rows, case):
    own, other = county_rows(case)
    for name, shown, hidden in (("bureau", own, other), ("leader", own, other), ("bureau_b", other, own)):
        client.force_login(county_users[name])
        text = page_text(client.get(reverse(case.list_url)))
        assert case.text_of(shown) in text, name
        assert case.text_of(hidden) not in text, name


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("list_url"))
def test_the_city_bureau_lists_both_counties(client, county_users, county_rows, case):
    own, other = county_rows(case)
    client.force_login(county_users["city"])
    text = page_text(client.get(reverse(case.list_url)))
    assert case.text_of(own) in text
    assert case.text_of(other) in text


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("export_url"))
def test_export_holds_only_own_county(client, county_users, county_rows, case):
    own, other = county_rows(case)
    client.force_login(county_users["bureau"])
    workbook = load_workbook(BytesIO(client.get(reverse(case.export_url)).content), read_only=True)
    cells = " ".join(str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row)
    assert case.text_of(own) in cells
    assert case.text_of(other) not in cells


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("detail_url"))
def test_detail_of_another_county_is_not_found(client, county_users, county_rows, case):
    own, other = county_rows(case)
    client.force_login(county_users["bureau"])
    assert client.get(reverse(case.detail_url, args=[own.pk])).status_code == 200
    assert client.get(reverse(case.detail_url, args=[other.pk])).status_code == 404
    client.force_login(county_users["city"])
    assert client.get(reverse(case.detail_url, args=[other.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("change_url"))
def test_change_of_another_county_is_not_found_and_not_written(client, county_users, county_rows, case):
    _own, other = county_rows(case)
    client.force_login(county_users["bureau"])
    url = reverse(case.change_url, args=[other.pk])
    assert client.get(url).status_code == 404
    before = case.model._default_manager.filter(pk=other.pk).values().get()
    data = case.change_data(other) if case.change_data else {}
    assert client.post(url, data).status_code == 404
    assert case.model._default_manager.filter(pk=other.pk).values().get() == before


@pytest.mark.django_db
@pytest.mark.parametrize("case", with_url("change_url"))
def test_the_city_bureau_changes_nothing(client, county_users, county_rows, case):
    own, other = county_rows(case)
    client.force_login(county_users["city"])
    for row in (own, other):
        before = case.model._default_manager.filter(pk=row.pk).values().get()
        data = case.change_data(row) if case.change_data else {}
        assert client.post(reverse(case.change_url, args=[row.pk]), data).status_code == 403
        assert case.model._default_manager.filter(pk=row.pk).values().get() == before


def county_admin_cases():
    return [pytest.param(case, id=case_id(case)) for case in CASES if case.model in admin.site._registry]


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
@pytest.mark.parametrize("case", county_admin_cases())
def test_admin_rows_choices_and_filters_stay_in_the_county(client, county_users, county_rows, case):
    own, other = county_rows(case)
    model_admin = admin.site._registry[case.model]
    request = admin_request(county_users["bureau"])
    visible = model_admin.get_queryset(request)
    assert visible.filter(pk=own.pk).exists()
    assert not visible.filter(pk=other.pk).exists()
    for field in case.model._meta.fields:
        if field.many_to_one and isinstance(field.related_model._default_manager.all(), ScopedQuerySet):
            form_field = model_admin.formfield_for_foreignkey(field, request)
            assert set(form_field.queryset) == set(field.related_model._default_manager.for_user(request.user)), field.name
    for entry in model_admin.get_list_filter(request):
        name = entry[0] if isinstance(entry, tuple) else entry
        if isinstance(name, str) and "__" not in name:
            field = case.model._meta.get_field(name)
            if field.many_to_one and is_scoped(field.related_model):
                assert entry[1] is ScopedRelatedFilter, name
    client.force_login(county_users["bureau"])
    assert client.get(admin_change_url(other)).status_code == 302  # the admin's "no such record": back to its index
    assert client.get(admin_change_url(own)).status_code == 200


@pytest.mark.django_db
def test_the_city_bureau_does_not_reach_the_admin(client, county_users):
    client.force_login(county_users["city"])
    assert client.get("/admin/", follow=True).status_code == 403


def import_views(patterns=None):
    """Every spreadsheet import in the URL conf (SpreadsheetImportView subclasses)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from import_views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            if view_class and issubclass(view_class, SpreadsheetImportView) and view_class.resource_class:
                yield view_class


class AnyTownshipRow(dict):
    """An import row whose every column names one township: the widgets' township column included."""

    def __init__(self, township):
        super().__init__()
        self.township = township

    def get(self, key, default=None):
        return self.township.name


def case_of(model):
    """The model's last case: the app's own (tests/<app>/scope_cases.py), whose maker may be called repeatedly."""
    return [case for case in CASES if case.model is model][-1]


def test_the_imports_are_found():
    assert len({view.resource_class for view in import_views()}) >= 2


@pytest.mark.django_db
@pytest.mark.parametrize("view_class", sorted(set(import_views()), key=lambda view: view.__name__))
def test_an_import_finds_nothing_of_another_county(county_users, townships, second_county, view_class):
    """The rows an import may update, and every place or record a cell may name, are the county's only."""
    resource = view_class.resource_class(user=county_users["bureau"])
    model = resource._meta.model
    if model in scoped_models():
        own, other = case_of(model).make(townships["jinluo"]), case_of(model).make(second_county[1])
        assert resource.get_queryset().filter(pk=own.pk).exists()
        assert not resource.get_queryset().filter(pk=other.pk).exists()
    checked = 0
    for field in resource.fields.values():
        widget = field.widget
        if isinstance(widget, ForeignKeyWidget) and widget.model in scoped_models():
            case = case_of(widget.model)
            own, other = case.make(townships["jinluo"]), case.make(second_county[1])
            assert widget.clean(getattr(own, widget.field), row=AnyTownshipRow(townships["jinluo"])) == own
            with pytest.raises(ValueError):
                widget.clean(getattr(other, widget.field), row=AnyTownshipRow(second_county[1]))
            checked += 1
    assert checked, f"{view_class.__name__}: no scoped place column found"


@pytest.mark.django_db
def test_a_county_project_without_a_township_belongs_to_its_plans_county(county_users):
    """``county_lookup`` beside ``township_lookup``: the county's own projects are the county's, not another's."""
    from facilities.models import KeyProject, Milestone

    county_projects = KeyProject.objects.filter(township__isnull=True)
    assert county_projects.exists()
    for name, sees in (("bureau", True), ("leader", True), ("city", True), ("bureau_b", False), ("jinluo", False)):
        visible = KeyProject.objects.for_user(county_users[name])
        assert set(county_projects) <= set(visible) if sees else not (set(county_projects) & set(visible)), name
        milestones = Milestone.objects.filter(project__in=county_projects)
        assert milestones.for_user(county_users[name]).exists() == sees, name


def _plan_upload(county, user):
    from datetime import date

    from facilities.models import PlanUpload

    return PlanUpload.objects.create(
        county=county, code=f"{county.code}-1", title="测试方案", period_start=date(2023, 1, 1), period_end=date(2025, 12, 31),
        file_name="plan.xlsx", status="checked", uploaded_by=user,
    )  # fmt: skip


# Models that belong to a county but to no township (``county_lookup``): make(county, a user) -> a saved row.
COUNTY_MAKERS = {"County": lambda county, user: county, "PlanUpload": _plan_upload}


@pytest.mark.django_db
def test_county_level_records_stay_in_their_county(county_users, second_county):
    zhongyang, other = County.objects.get(code="zhongyang"), second_county[0]
    for model in county_scoped_models():
        assert model.__name__ in COUNTY_MAKERS, f"add a maker for {model.__name__} to COUNTY_MAKERS"
        own = COUNTY_MAKERS[model.__name__](zhongyang, county_users["bureau"])
        theirs = COUNTY_MAKERS[model.__name__](other, county_users["bureau_b"])
        manager = model._default_manager
        for name, sees, hidden in (("bureau", own, theirs), ("jinluo", own, theirs), ("bureau_b", theirs, own)):
            visible = manager.for_user(county_users[name])
            assert visible.filter(pk=sees.pk).exists() and not visible.filter(pk=hidden.pk).exists(), (model, name)
        assert manager.for_user(county_users["city"]).filter(pk__in=[own.pk, theirs.pk]).count() == 2, model
