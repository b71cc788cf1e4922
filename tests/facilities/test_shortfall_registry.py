"""Other apps add shortfall checks to facilities' registry (facilities.compliance); every reader uses them all."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities import compliance
from facilities.compliance import Check, Shortfall, assess
from facilities.models import Facility, FacilityKind
from tests.conftest import client_for
from tests.facilities.conftest import shortfalls

pytestmark = pytest.mark.django_db

NO_PHONE = "未登记联系电话（测试检查）"


def prepare_by_query(facilities, *, on):
    """Reads what it needs for every facility in one query, then answers without querying."""
    phones = dict(Facility.objects.filter(pk__in=[facility.pk for facility in facilities]).values_list("pk", "contact_phone"))

    def answer(facility):
        if not phones.get(facility.pk):
            yield Shortfall("phone", NO_PHONE, "§测试")

    return answer


def prepare_from_fields(facilities, *, on):
    """Reads only the columns it names in ``fields`` (loaded with the facilities)."""
    return lambda facility: [] if facility.contact_phone else [Shortfall("phone", NO_PHONE, "§测试")]


@pytest.fixture
def phone_check(monkeypatch):
    check = Check(code="test_phone", prepare=prepare_by_query)
    monkeypatch.setitem(compliance.CHECKS, check.code, check)
    return check


@pytest.fixture
def with_and_without_phone(townships, make_facility):
    return (
        make_facility(townships["jinluo"], name="有电话中心", contact_phone="13800000001"),
        make_facility(townships["jinluo"], name="无电话中心"),
    )


def test_the_plan_standard_is_itself_a_registered_check():
    assert list(compliance.CHECKS) == ["standard"]


def test_a_registered_check_adds_its_shortfalls_after_the_standards(townships, make_facility, phone_check):
    facility = make_facility(townships["jinluo"], building_source="new_build")
    assert [(item.code, item.clause) for item in shortfalls(facility)] == [("reuse", "§2.2"), ("phone", "§测试")]


def test_a_registered_check_shows_on_the_facility_page(client, users, with_and_without_phone, phone_check):
    with_phone, without = with_and_without_phone
    client = client_for(client, users["jinluo"])
    assert NO_PHONE in client.get(without.get_absolute_url()).content.decode()
    page = client.get(with_phone.get_absolute_url()).content.decode()
    assert NO_PHONE not in page and "符合标准" in page


def test_the_below_standard_filter_and_the_export_use_every_registered_check(client, users, with_and_without_phone, phone_check):
    client = client_for(client, users["jinluo"])
    listed = client.get(reverse("facilities:list"), {"compliance": "fails"}).context["rows"]
    assert [facility.name for facility in listed] == ["无电话中心"]
    met = client.get(reverse("facilities:list"), {"compliance": "meets"}).context["rows"]
    assert [facility.name for facility in met] == ["有电话中心"]
    sheet = load_workbook(BytesIO(client.get(reverse("facilities:export")).content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert {row["名称"]: row["不达标项"] for row in rows} == {"有电话中心": None, "无电话中心": NO_PHONE}


def test_the_progress_compliance_counts_use_every_registered_check(townships, with_and_without_phone, phone_check):
    from tests.reports.conftest import county_progress

    line = next(line for line in county_progress(date(2022, 12, 31)).lines if line.township == townships["jinluo"])
    assert (line.compliant, line.not_compliant) == (1, 1)


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_with_an_extra_check_keeps_a_constant_number_of_queries(
    client, users, townships, make_facility, phone_check, count, django_assert_max_num_queries
):
    for number in range(count):
        make_facility(townships["jinluo"], contact_phone="" if number % 2 else "13800000001")
    client = client_for(client, users["bureau"])
    # as test_facility_pages' list (19), plus the extra check's one query for the filter and one for the page
    with django_assert_max_num_queries(21):
        response = client.get(reverse("facilities:list"), {"compliance": "fails"})
    assert len(response.context["rows"]) == min(count // 2, 25)


@pytest.mark.parametrize("count", [3, 30])
def test_a_check_reading_its_own_columns_adds_no_query(townships, make_facility, monkeypatch, count, django_assert_num_queries):
    check = Check(code="test_phone", prepare=prepare_from_fields, fields=("contact_phone",))
    monkeypatch.setitem(compliance.CHECKS, check.code, check)
    for number in range(count):
        make_facility(townships["jinluo"], contact_phone="" if number % 2 else "13800000001")
    # 1 facilities with the checked columns (contact_phone among them); 3 standards in force with their rooms and
    # equipment; 2 the facilities' rooms and equipment; 1 the filtered facilities
    with django_assert_num_queries(7):
        assert len(Facility.objects.not_meeting_standard()) == count // 2


def test_an_assessment_answers_for_facilities_read_as_of_the_day(townships, make_facility, phone_check):
    facility = make_facility(townships["jinluo"], kind=FacilityKind.HAPPINESS)
    rows = list(Facility.objects.filter(pk=facility.pk).as_of(date(2022, 1, 1)))
    assessment = assess(rows, on=date(2022, 1, 1))
    assert [item.code for item in assessment.shortfalls(rows[0])] == ["phone"]
    assert assessment.failing_pks() == [facility.pk] and assessment.passing_pks() == []
    assert assessment.tally_by_township() == {townships["jinluo"].pk: (0, 1)}


def test_another_apps_section_shows_on_the_facility_page(client, users, townships, make_facility, monkeypatch):
    from django.utils.html import format_html

    from facilities import sections

    def render(facility, *, request):
        if not request.user.can_edit_records:
            return ""
        return format_html('<section id="test-section">{}的岗位</section>', facility.name)

    monkeypatch.setitem(sections.SECTIONS, "test", sections.Section(code="test", render=render))
    facility = make_facility(townships["jinluo"], name="<b>测试</b>中心")
    page = client_for(client, users["jinluo"]).get(facility.get_absolute_url()).content.decode()
    assert '<section id="test-section">&lt;b&gt;测试&lt;/b&gt;中心的岗位</section>' in page
    assert "test-section" not in client_for(client, users["leader"]).get(facility.get_absolute_url()).content.decode()
