"""The money in the progress views: the dashboard's money per township and the two sheets of the progress report."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import FacilityKind
from subsidies import services
from subsidies.models import Award, FundingSource, LedgerEntry, SubsidyKind
from tests.conftest import client_for
from tests.subsidies.conftest import OPERATING_2021, set_meals

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


@pytest.fixture
def money(users, checker, make_facility, townships):
    """2021: a day care center in 金罗镇 (approved, 10,000.00 paid) and one in 枝柯镇 (proposed), ledger rows."""
    made = {}
    for name in ("jinluo", "zhike"):
        facility = make_facility(townships[name], FacilityKind.DAY_CARE, history=OPERATING_2021, serves_meals=True)
        set_meals(facility, (date(2020, 10, 1), True))
        entry = LedgerEntry(
            year=2021,
            facility=facility,
            source=FundingSource.objects.get(code="photovoltaic"),
            received_on=date(2021, 4, 1),
            amount=Decimal("1234.56"),
        )
        services.save_ledger_entry(entry=entry, by=users["bureau"])
        made[name] = facility
    services.compute_awards(year=2021, by=users["bureau"], today=TODAY)
    award = services.approve_award(award=Award.objects.get(facility=made["jinluo"], kind=SubsidyKind.OPERATING), by=checker)
    services.record_disbursement(
        award=award, paid_on=award.approved_at.date(), amount=Decimal("10000.00"), voucher="V-1", by=users["bureau"]
    )
    return made


def money_rows(html):
    start = html.index('id="money-table"')
    return html[start : html.index("</table>", start)]


def test_the_dashboard_shows_money_per_township_for_the_year_ended(client, users, money):
    html = client_for(client, users["bureau"]).get(reverse("reports:dashboard"), {"as_of": "2021-12-31"}).content.decode()
    table = money_rows(html)
    assert "2021" in html[html.index('id="money"') : html.index('id="money-table"')]
    jinluo = table[table.index("金罗镇") : table.index("</tr>", table.index("金罗镇"))]
    assert "30,000.00" in jinluo and "10,000.00" in jinluo and "20,000.00" in jinluo and "11,234.56" in jinluo
    assert "枝柯镇" in table


def test_township_staff_see_only_their_townships_money(client, users, money):
    html = client_for(client, users["zhike"]).get(reverse("reports:dashboard"), {"as_of": "2021-12-31"}).content.decode()
    table = money_rows(html)
    assert "枝柯镇" in table and "金罗镇" not in table


def test_the_progress_report_holds_the_award_calculation_and_the_funding_summary(client, users, money):
    response = client_for(client, users["bureau"]).get(reverse("reports:progress_xlsx"), {"as_of": "2021-12-31"})
    workbook = load_workbook(BytesIO(response.content))
    awards = list(workbook["补助测算表"].iter_rows(min_row=4, values_only=True))
    assert {row[2] for row in awards[:-1]} == {money["jinluo"].name, money["zhike"].name}
    assert awards[-1][8] == 60000 and awards[-1][13] == 10000  # two operating subsidies (no evaluation: no construction award)
    funding = list(workbook["资金来源汇总"].iter_rows(min_row=3, values_only=True))
    header, total = funding[0], funding[-1]
    assert Decimal(str(total[header.index("集体补助·光伏扶贫收益")])) == Decimal("2469.12")
    assert Decimal(str(total[header.index("政府投入·县级财政")])) == Decimal("10000")
