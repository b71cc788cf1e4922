"""Small readability fixes a reviewer asked for (issue 13, item 8)."""

import json

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_facility_list_column_is_a_name_of_a_place(client, users):
    html = client_for(client, users["bureau"]).get(reverse("facilities:list")).content.decode()
    assert "<th>名称</th>" in html and "<th>姓名</th>" not in html


def test_a_townships_coverage_chart_names_the_township(client, users):
    html = client_for(client, users["jinluo"]).get(reverse("reports:dashboard"), {"as_of": "2021-06-30"}).content.decode()
    data = json.loads(html.split('id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["labels"]["coverageTitle"] == "2021-06-30 金罗镇行政村覆盖率"
    county = client_for(client, users["bureau"]).get(reverse("reports:dashboard"), {"as_of": "2021-06-30"}).content.decode()
    assert "各乡镇行政村覆盖率" in county
