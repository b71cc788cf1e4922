"""The as-of date is today (issue 13, item 6): the dashboard and the Excel report read today by default,
the plan's targets hold after its end, the visit sheet covers the recent weeks, one day drives every section."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import KeyProject, Township
from tests.conftest import client_for
from zhongyang_eldercare.reports.progress import compute_progress, default_as_of

pytestmark = pytest.mark.django_db


def test_the_default_day_is_today_even_after_the_plan_ended(policy):
    assert default_as_of() == timezone.localdate()


def test_the_dashboard_reads_today_and_lists_the_projects_late_today(client, users):
    html = client_for(client, users["bureau"]).get(reverse("reports:dashboard")).content.decode()
    today = timezone.localdate().isoformat()
    assert f'name="as_of" value="{today}"' in html
    section = html[html.index('id="late-projects"') :]
    section = section[: section.index("</section>")]
    late_on_key_projects_page = KeyProject.objects.late(timezone.localdate()).count()  # as facilities.views counts them
    assert late_on_key_projects_page >= 3 and section.count("<strong>") == late_on_key_projects_page


def test_after_the_plan_its_last_target_still_holds(townships, make_village):
    make_village(townships["jinluo"])  # a village with no facility: 0 % covered
    progress = compute_progress(on=timezone.localdate(), townships=Township.objects.all(), whole_county=True)
    target = progress.current_target
    assert target is not None and target.due_on.isoformat() == "2022-12-31" and target.value == 100
    jinluo = next(line for line in progress.lines if line.township == townships["jinluo"])
    assert jinluo.standing == "behind"  # behind the target still in force


def test_the_excel_report_defaults_to_today_and_its_visit_sheet_covers_the_recent_weeks(client, users):
    response = client_for(client, users["bureau"]).get(reverse("reports:progress_xlsx"))
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="progress-{today:%Y-%m-%d}.xlsx"'
    sheet = load_workbook(BytesIO(response.content))["巡访达标情况"]
    weeks = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    iso_year, iso_week, _day = today.isocalendar()
    assert weeks[-1] == f"{iso_year}-W{iso_week:02d}"
    assert today.isoformat() in sheet["A2"].value  # the sheet says the day it is read on


def test_one_day_drives_every_section(client, users):
    client = client_for(client, users["bureau"])
    html = client.get(reverse("reports:dashboard"), {"as_of": "2020-06-30"}).content.decode()
    assert "2020-06-30" in html[html.index('id="chart-data"') :]  # the chart titles
    assert "没有逾期的重点项目" in html  # the late projects, on the same day
    assert 'href="/reports/progress.xlsx?as_of=2020-06-30' in html  # and the download
