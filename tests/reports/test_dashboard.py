"""The progress dashboard for each role (issue 4, item 2)."""

import json
from datetime import date

import pytest
from django.urls import reverse

from facilities.models import PlanTableCell, TaskKind
from tests.conftest import client_for
from tests.reports.conftest import make_facility, populate

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def chart_data(response):
    html = response.content.decode()
    start = html.index('<script id="chart-data" type="application/json">') + len(
        '<script id="chart-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def township_cells(response):
    html = response.content.decode()
    table = html[html.index('id="township-table"') : html.index("</table>", html.index('id="township-table"'))]
    return table


@pytest.mark.parametrize("role", ["bureau", "leader", "admin"])
def test_county_roles_see_every_township_and_the_county_total(client, users, townships, make_village, role):
    populate(townships, make_village, villages_per_township=2)
    response = client_for(client, users[role]).get(URL, {"as_of": "2021-06-30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "进度看板" in html
    table = township_cells(response)
    for township in townships.values():
        assert township.name in table
    assert "合计" in table
    # 7 of 14 villages covered county-wide (one of two in each township)
    assert 'id="kpi-coverage">50.0%' in html
    assert 'id="plan-checks"' in html
    data = chart_data(response)
    assert data["townships"][0] == "宁乡镇" and data["coverage"] == [50.0] * 7
    assert data["target"] == 80.0


def test_a_township_user_sees_only_their_own_township(client, users, townships, make_village):
    populate(townships, make_village, villages_per_township=2)
    make_facility(townships["jinluo"], village=make_village(townships["jinluo"]), built_on=date(2021, 1, 5))
    response = client_for(client, users["jinluo"]).get(URL, {"as_of": "2021-06-30"})
    html = response.content.decode()
    table = township_cells(response)
    assert "金罗镇" in table
    for other in ("宁乡镇", "枝柯镇", "合计"):
        assert other not in table
    assert 'id="plan-checks"' not in html
    assert 'id="kpi-coverage">66.7%' in html  # 2 of its 3 villages
    assert chart_data(response)["townships"] == ["金罗镇"]


def test_failed_plan_checks_are_listed_for_the_county(client, users, townships):
    cell = PlanTableCell.objects.get(row__township=townships["zhike"], year=2021, kind=TaskKind.HAPPINESS)
    cell.count += 1
    cell.save()
    html = client_for(client, users["bureau"]).get(URL).content.decode()
    section = html[html.index('id="plan-checks"') :]
    assert "枝柯镇" in section and "合计" in section


@pytest.mark.parametrize("bad", ["2021-02-30", "not-a-date", "2019-12-31", "2099-01-01"])
def test_a_bad_as_of_date_gives_a_chinese_field_error(client, users, bad):
    response = client_for(client, users["bureau"]).get(URL, {"as_of": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error" role="alert"' in html
    assert "日期" in html[html.index('class="error" role="alert"') :][:80]  # Django's or our own Chinese message


def test_the_excel_download_with_a_bad_date_shows_the_error_instead(client, users):
    response = client_for(client, users["bureau"]).get(reverse("reports:progress_xlsx"), {"as_of": "2099-01-01"})
    assert response["Content-Type"].startswith("text/html")
    assert "2020-01-01" in response.content.decode()


def test_the_dashboard_needs_a_login_and_is_get_only(client, users):
    assert client.get(URL).status_code == 302
    assert client_for(client, users["bureau"]).post(URL).status_code == 405


@pytest.mark.parametrize("villages_per_township", [1, 10])
def test_the_dashboard_query_count_does_not_grow_with_villages_or_facilities(
    client, users, townships, make_village, django_assert_max_num_queries, villages_per_township
):
    populate(townships, make_village, villages_per_township=villages_per_township)
    client = client_for(client, users["bureau"])
    # 2 session and user; 15 compute_progress (see test_progress); the plan checks read no more (the table
    # compute_progress read);
    # 2 late key projects and their overdue milestones; 3 the session save after a fresh login;
    # 3 the plan read (facilities.plan_forms): the user's counties, the county's plans, the plan choices;
    # 7 the visiting tiers (reports.visit_tiers): priority rules, tiers, townships, the monthly rate, one count per tier (3)
    # 8 staffing (reports/staffing.py: townships, facilities, rules, posts held, posts, caregivers, sources, pay)
    # 6 money per township (reports/money.py: award sums, payments, ledger sums; the posts' pay: facilities,
    # posts, ledger sources)
    with django_assert_max_num_queries(46):
        response = client.get(URL, {"as_of": "2022-12-31"})
    assert response.status_code == 200


def late_section(response):
    html = response.content.decode()
    start = html.index('id="late-projects"')
    return html[start : html.index("</section>", start)]


def test_late_key_projects_are_listed_with_their_overdue_milestones(client, users, policy):
    client = client_for(client, users["bureau"])
    section = late_section(client.get(URL, {"as_of": "2021-06-30"}))
    assert "护理型中心敬老院" in section and "下枣林乡区域性敬老院" in section
    assert "启动建设" in section and "2020-12-31" in section
    assert "没有逾期的重点项目" in late_section(client.get(URL, {"as_of": "2020-06-30"}))


def test_a_township_sees_only_its_own_late_key_projects(client, users, policy):
    section = late_section(client_for(client, users["jinluo"]).get(URL, {"as_of": "2021-06-30"}))
    assert "护理型中心敬老院" not in section
    assert "没有逾期的重点项目" in section


def test_the_date_picker_shows_the_day_the_figures_are_read_on(client, users):
    from zhongyang_eldercare.reports.progress import default_as_of

    html = client_for(client, users["bureau"]).get(URL).content.decode()
    day = default_as_of().isoformat()
    assert f'name="as_of" value="{day}"' in html  # not an empty box above "figures as of <day>"
