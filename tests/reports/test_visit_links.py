"""What the reports take from the visits app: weekly compliance, and locking a month's weeks on approval."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.models import WeekApproval
from visits.services import is_week_locked
from zhongyang_eldercare.reports import services

pytestmark = pytest.mark.django_db

JUNE = date(2021, 6, 1)


def test_a_month_has_the_iso_weeks_whose_thursday_falls_in_it():
    assert services.month_weeks(JUNE) == [(2021, 22), (2021, 23), (2021, 24), (2021, 25)]
    assert services.month_weeks(date(2020, 12, 1))[-1] == (2020, 53)  # Thursday 31 Dec 2020
    assert services.month_weeks(date(2021, 1, 1))[0] == (2021, 1)


@pytest.fixture
def submitted_june(users, townships, make_village):
    village = make_village(townships["jinluo"])
    elder = make_elder(village, children_count=0)  # no children: a priority elder (§2.7)
    make_visit(elder, date(2021, 6, 9))  # week 23
    report = services.start_report(township=townships["jinluo"], month=JUNE, by=users["jinluo"])
    services.save_remarks(report=report, problems="无", next_steps="无")
    return services.submit_report(report=report, by=users["jinluo"])


def test_the_report_figures_hold_the_weekly_visit_compliance_of_the_month(submitted_june):
    weeks = {row["week"]: (row["targets"], row["visited"]) for row in submitted_june.figures["visits"]}
    assert weeks == {"2021-W22": (1, 0), "2021-W23": (1, 1), "2021-W24": (1, 0), "2021-W25": (1, 0)}


def test_approving_the_report_locks_the_visits_of_its_weeks(client, users, townships, submitted_june):
    client_for(client, users["bureau"]).post(reverse("reports:monthly_approve", args=[submitted_june.pk]), {"confirmed": "1"})
    locked = set(WeekApproval.objects.filter(township=townships["jinluo"]).values_list("iso_year", "iso_week"))
    assert locked == {(2021, 22), (2021, 23), (2021, 24), (2021, 25)}
    assert WeekApproval.objects.filter(approved_by=users["bureau"]).count() == 4
    assert is_week_locked(townships["jinluo"].pk, date(2021, 6, 9))
    assert not is_week_locked(townships["jinluo"].pk, date(2021, 6, 29))  # week 26 belongs to July
    assert not is_week_locked(townships["zhike"].pk, date(2021, 6, 9))


def test_returning_the_report_locks_nothing(users, submitted_june):
    services.return_report(report=submitted_june, by=users["bureau"], reason="请补充")
    assert not WeekApproval.objects.exists()


def test_the_workbook_has_the_weekly_visit_compliance_of_the_township(client, users, submitted_june):
    response = client_for(client, users["jinluo"]).get(reverse("reports:progress_xlsx"), {"as_of": "2021-06-30"})
    sheet = load_workbook(BytesIO(response.content))["巡访达标情况"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1] == "金罗镇"]
    assert len(rows) == 13
    week23 = next(row for row in rows if row[0] == "2021-W23")
    assert week23[2:] == (1, 1, 0, 1.0)
    assert {row[1] for row in sheet.iter_rows(min_row=4, values_only=True)} == {"金罗镇"}
