"""The county level's edges (issue 15, item 1): the cities in the admin, the personal-data check on a record of another
county, and the progress report's task sheet titled with the county whose plan it reads."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from facilities.models import City, County, Village
from tests.conftest import client_for
from tests.visits.conftest import make_elder
from zhongyang_eldercare.personal_data import may_see_full_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_city(county_users):
    city = City.objects.create(name="测试市", code="ceshishi")
    County.objects.create(name="测试市甲县", code="ceshishi-jia", city=city)
    return city


def admin_cities(client, user):
    response = client_for(client, user).get("/admin/facilities/city/")
    assert response.status_code == 200
    return {city.name for city in response.context["cl"].result_list}


def test_the_admins_city_list_shows_only_the_users_own_city(client, county_users, other_city):
    assert admin_cities(client, county_users["bureau"]) == {"吕梁市"}
    assert admin_cities(client, county_users["admin_b"]) == {"吕梁市"}
    assert admin_cities(client, county_users["admin"]) == {"吕梁市", "测试市"}  # the whole installation's administrator
    assert client_for(client, county_users["bureau"]).get(f"/admin/facilities/city/{other_city.pk}/change/").status_code == 302


def test_the_city_bureau_and_a_countys_staff_read_their_own_city(county_users, other_city):
    assert list(City.objects.for_user(county_users["city"]).values_list("name", flat=True)) == ["吕梁市"]
    assert list(City.objects.for_user(county_users["jinluo"]).values_list("name", flat=True)) == ["吕梁市"]


def test_a_bureau_never_sees_another_countys_personal_data_in_full(county_users, townships):
    village = Village.objects.create(township=townships["jinluo"], name="个人信息测试村")
    elder = make_elder(village)
    assert may_see_full_personal_data(county_users["bureau"], elder)
    # a record that reached a page by any path other than for_user is still judged by the record's own county
    assert not may_see_full_personal_data(county_users["bureau_b"], elder)
    assert not may_see_full_personal_data(county_users["zhike"], elder)
    assert not may_see_full_personal_data(county_users["city"], elder)  # the city bureau reads figures, not people


def test_a_second_countys_progress_report_is_titled_with_its_own_name(client, county_users):
    response = client_for(client, county_users["bureau_b"]).get("/reports/progress.xlsx", {"as_of": "2021-06-30"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "测试县农村养老服务设施建设任务完成情况表"
    own = client_for(client, county_users["bureau"]).get("/reports/progress.xlsx", {"as_of": "2021-06-30"})
    assert load_workbook(BytesIO(own.content)).worksheets[0]["A1"].value == "中阳县农村养老服务设施建设任务完成情况表"
