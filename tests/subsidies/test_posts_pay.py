"""The posts' pay by funding source appears in the ledger, the facility's money and the funding summary, untyped."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import FacilityKind
from tests.conftest import client_for
from tests.staffing.conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(make_facility, townships):
    """A day care center in 金罗镇 with a photovoltaic post (1,500.00 a month, all 2021) and an employment-fund post
    from 1 July 2021 (1,200.00 a month)."""
    facility = make_facility(townships["jinluo"], FacilityKind.DAY_CARE, name="岗位工资测试中心")
    make_post(facility, since=date(2021, 1, 1), until=date(2021, 12, 31), monthly_pay=Decimal("1500.00"))
    make_post(
        facility, since=date(2021, 7, 1), until=date(2021, 12, 31), monthly_pay=Decimal("1200.00"), source_code="employment_fund"
    )
    return facility


def test_the_ledger_counts_the_posts_pay_under_its_source(client, users, paid):
    html = client_for(client, users["jinluo"]).get(reverse("subsidies:ledger"), {"year": 2021}).content.decode()
    assert "公益性岗位工资" in html
    assert "18,000.00" in html and "7,200.00" in html and "25,200.00" in html  # 12 × 1,500; 6 × 1,200; the total


def test_the_facility_money_page_shows_the_posts_pay_by_year(client, users, paid):
    html = client_for(client, users["bureau"]).get(reverse("subsidies:facility", args=[paid.pk])).content.decode()
    pay = html[html.index("公益性岗位工资（按资金来源）") :]
    assert "光伏扶贫收益" in pay and "就业基金" in pay and "18,000.00" in pay


def test_the_funding_summary_adds_the_posts_pay(client, users, paid):
    response = client_for(client, users["bureau"]).get(reverse("subsidies:funding_export"), {"year": 2021})
    workbook = load_workbook(BytesIO(response.content))
    summary = list(workbook["资金来源汇总"].iter_rows(min_row=3, values_only=True))
    header, total = summary[0], summary[-1]
    assert total[header.index("集体补助·光伏扶贫收益")] == 18000
    assert total[header.index("政府投入·就业基金")] == 7200
    assert [row[1] for row in workbook["岗位工资"].iter_rows(min_row=4, values_only=True)] == ["岗位工资测试中心"] * 2


def test_other_townships_posts_are_not_counted(client, users, paid):
    html = client_for(client, users["zhike"]).get(reverse("subsidies:ledger"), {"year": 2021}).content.decode()
    assert "18,000.00" not in html and "岗位工资测试中心" not in html


def test_the_county_ledger_adds_the_posts_pay_up_per_township(client, users, paid, make_facility, townships):
    """The bureau's ledger is by township, its posts' pay too: one line per township, year and source, not one per
    facility (a city's year is thousands of facility lines); a township's own ledger keeps its facilities."""
    second = make_facility(townships["jinluo"], FacilityKind.HAPPINESS, name="第二个岗位工资点")
    make_post(second, since=date(2021, 1, 1), until=date(2021, 12, 31), monthly_pay=Decimal("1000.00"))
    html = client_for(client, users["bureau"]).get(reverse("subsidies:ledger"), {"year": 2021}).content.decode()
    pay = html[html.index("公益性岗位工资（按资金来源）") : html.index("<h2>", html.index("公益性岗位工资（按资金来源）"))]
    assert "岗位工资测试中心" not in pay and "第二个岗位工资点" not in pay
    assert pay.count("金罗镇") == 2  # 光伏扶贫收益: 18,000 + 12,000; 就业基金: 7,200
    assert "30,000.00" in pay and "7,200.00" in pay
    html = client_for(client, users["jinluo"]).get(reverse("subsidies:ledger"), {"year": 2021}).content.decode()
    pay = html[html.index("公益性岗位工资（按资金来源）") :]
    assert "岗位工资测试中心" in pay and "第二个岗位工资点" in pay
