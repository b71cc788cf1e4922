"""The city view (issue 15, item 2): counties side by side, drill-down to a county's dashboard, an Excel export with a
sheet per county and a summary; the city bureau reads, changes nothing; one county's staff do not get it."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import Facility, FacilityKind, FacilityStatus, FacilityStatusChange, Village
from subsidies.models import Award, AwardStatus, Disbursement, FundingSource, SubsidyKind
from tests.conftest import client_for, make_user
from zhongyang_eldercare.accounts.models import Role

pytestmark = pytest.mark.django_db
CITY = "/reports/city/"


@pytest.fixture
def second_county_built(second_county):
    """The second county: 4 villages, 2 of them covered by a happiness courtyard built in 2020."""
    county, township = second_county
    for number in range(1, 5):
        village = Village.objects.create(township=township, name=f"测试县甲镇村{number}", elderly_population=100)
        if number <= 2:
            facility = Facility.objects.create(
                township=township, village=village, kind=FacilityKind.HAPPINESS, name=f"测试县幸福小院{number}", beds=5
            )
            FacilityStatusChange.objects.create(facility=facility, status=FacilityStatus.BUILT, changed_on=date(2020, 9, 1))
    return county, township


def rows_by_county(response):
    return {row.county.name: row for row in response.context["rows"]}


def test_the_city_bureau_sees_its_counties_side_by_side(client, county_users, second_county_built):
    response = client_for(client, county_users["city"]).get(CITY, {"as_of": "2021-06-30"})
    assert response.status_code == 200
    rows = rows_by_county(response)
    assert set(rows) == {"中阳县", "测试县"}
    other = rows["测试县"]
    assert other.plan.code == "测试县〔2020〕1号"
    assert (other.total.villages.covered, other.total.villages.total) == (2, 4)
    assert other.total.beds_per_thousand == 25  # 10 beds per 400 elderly
    page = response.content.decode()
    assert "测试县〔2020〕1号" in page and "中办发〔2020〕22号" in page and "50.0%" in page
    assert other.extra["公益性岗位（§2.5）"].startswith("已聘0个")  # staffing's own figures, per county
    assert other.extra["建设运营补助（§2.8）"] == "2020年：核定¥0.00，已拨付¥0.00"  # the last year ended by the day


def test_the_city_view_shows_each_countys_approved_and_paid_subsidies(client, county_users, second_county_built):
    county, township = second_county_built
    first, second = Facility.objects.filter(township=township).order_by("name")
    bureau, checker = county_users["bureau_b"], make_user(Role.BUREAU, username="checker-b", county=county)

    def award(facility, year, kind, amount, status):
        return Award.objects.create(
            year=year, facility=facility, kind=kind, payer=FundingSource.objects.get(code="county_finance"),
            amount=Decimal(amount), status=status, reasons=["测试"], proposed_by=bureau, proposed_at=timezone.now(),
            approved_by=checker if status == AwardStatus.APPROVED else None,
            approved_at=timezone.now() if status == AwardStatus.APPROVED else None,
        )  # fmt: skip

    approved = award(first, 2020, SubsidyKind.OPERATING, "30000.00", AwardStatus.APPROVED)
    Disbursement.objects.create(award=approved, paid_on=date(2021, 3, 1), amount=Decimal("12000.50"), voucher="V-1",
                                recorded_by=bureau)  # fmt: skip
    award(second, 2020, SubsidyKind.OPERATING, "5000.00", AwardStatus.PROPOSED)  # a proposal is not approved money
    award(first, 2019, SubsidyKind.CONSTRUCTION, "8000.00", AwardStatus.APPROVED)  # another year's
    rows = rows_by_county(client_for(client, county_users["city"]).get(CITY, {"as_of": "2021-06-30"}))
    assert rows["测试县"].extra["建设运营补助（§2.8）"] == "2020年：核定¥30,000.00，已拨付¥12,000.50"
    assert rows["中阳县"].extra["建设运营补助（§2.8）"] == "2020年：核定¥0.00，已拨付¥0.00"


def test_each_countys_figures_are_its_own_dashboards(client, county_users, second_county_built):
    rows = rows_by_county(client_for(client, county_users["city"]).get(CITY, {"as_of": "2021-06-30"}))
    for name, user in (("中阳县", county_users["bureau"]), ("测试县", county_users["bureau_b"])):
        dashboard = client_for(client, user).get("/reports/", {"as_of": "2021-06-30"}).context["progress"]
        assert rows[name].total.villages == dashboard.total.villages, name
        assert rows[name].total.bed_ratio == dashboard.total.bed_ratio, name


def test_the_drill_down_opens_a_countys_dashboard(client, county_users, second_county_built):
    county, township = second_county_built
    client_for(client, county_users["city"])
    page = client.get(CITY, {"as_of": "2021-06-30"}).content.decode()
    link = f"/reports/?county={county.pk}&amp;as_of=2021-06-30"
    assert link in page
    response = client.get("/reports/", {"county": county.pk, "as_of": "2021-06-30"})
    progress = response.context["progress"]
    assert progress.document.code == "测试县〔2020〕1号"
    assert [line.township for line in progress.lines] == [township]
    assert "测试县" in response.content.decode()


def test_the_excel_export_has_a_summary_and_a_sheet_per_county(client, county_users, second_county_built):
    response = client_for(client, county_users["city"]).get("/reports/city.xlsx", {"as_of": "2021-06-30"})
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["各县对比", "中阳县", "测试县"]
    summary = [list(row) for row in book["各县对比"].iter_rows(min_row=4, values_only=True)]
    assert [row[0] for row in summary] == ["中阳县", "测试县"]
    assert summary[1][2:4] == [4, 2] and summary[1][4] == 0.5
    assert book["测试县"]["A5"].value == "测试县甲镇"
    assert "测试县" in book["测试县"]["A1"].value


@pytest.mark.parametrize("who", ["bureau", "leader", "jinluo", "bureau_b"])
def test_one_countys_staff_do_not_get_the_city_view(client, county_users, who):
    client_for(client, county_users[who])
    assert client.get(CITY).status_code == 403
    assert client.get("/reports/city.xlsx").status_code == 403


def test_the_city_menu_entry_is_the_city_bureaus(client, county_users):
    assert "各县对比" in client_for(client, county_users["city"]).get("/").content.decode()
    assert "各县对比" not in client_for(client, county_users["bureau"]).get("/").content.decode()


@pytest.mark.parametrize("villages_per_township", [1, 8])
def test_the_city_view_query_count_does_not_grow_with_villages(
    client, county_users, second_county_built, villages_per_township, django_assert_max_num_queries, townships
):
    for township in townships.values():
        for number in range(villages_per_township):
            Village.objects.create(township=township, name=f"{township.name}城市视图村{number}")
    client_for(client, county_users["city"])
    # 2 session and user; 1 the counties; per county (here 2): 1 its plans + at most 15 compute_progress (the county's
    # own dashboard figures) + at most 6 staffing (staffing.figures: facilities, rules, posts held, posts, caregivers,
    # sources) + 3 money (the townships, award sums, payments) — a county more adds 25, villages and facilities none;
    # 1 the townships' counties;
    # 7 visit compliance for every county at once (+2 the summary data's figures versions and stored rows, issue 14);
    # 3 the session save after login
    with django_assert_max_num_queries(2 + 1 + 2 * 25 + 1 + 7 + 3):
        assert client.get(CITY, {"as_of": "2021-06-30"}).status_code == 200
