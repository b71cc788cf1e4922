"""Every plan rule passes on consistent data and fails on altered data; the real table's findings."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from facilities.models import PlanTableCell, PlanTableRow, Target
from facilities.plan_checks import failures, run_checks


def failed(rule):
    return {(f.subject, f.expected, f.found) for f in failures(run_checks()) if f.rule == rule}


def passed(rule):
    return [f for f in run_checks() if f.rule == rule and f.passed]


@pytest.fixture
def consistent_table(policy):
    """The published table with its two printing inconsistencies mended, so every rule passes."""
    zhike = PlanTableRow.objects.get(label="枝柯镇")
    PlanTableCell.objects.filter(row=zhike, year=2022, kind="day_care").update(count=1)
    zhike.villages_to_build, zhike.villages_total = 6, 8
    zhike.save()
    # give the lagging townships an on-target trajectory
    for label, shifts in {"枝柯镇": 1, "武家庄镇": 1, "下枣林乡": 1}.items():
        row = PlanTableRow.objects.get(label=label)
        row.villages_built += shifts
        row.villages_to_build -= shifts
        row.save()
        cell = PlanTableCell.objects.get(row=row, year=2022, kind="happiness")
        cell.count -= shifts
        cell.save()
    zhike_2020 = PlanTableCell.objects.get(row__label="枝柯镇", year=2020, kind="happiness")
    zhike_2020.count += 1
    zhike_2020.save()
    PlanTableCell.objects.filter(row__label="枝柯镇", year=2022, kind="happiness").update(count=0)
    total = PlanTableRow.objects.get(is_total=True)
    total.villages_built, total.villages_to_build = 26, 50
    total.save()
    for (year, kind), count in {(2020, "happiness"): 17, (2022, "happiness"): 6}.items():
        PlanTableCell.objects.filter(row=total, year=year, kind=kind).update(count=count)


def test_the_published_table_fails_exactly_the_rules_it_breaks(policy):
    assert failed("row_total") == set()
    assert failed("yearly_tasks") == {("枝柯镇", "6", "5")}
    assert failed("column_totals") == {("合计·2022 日照中心", "5", "4")}
    assert failed("relocation_sites") == set()
    assert {subject for subject, _expected, _found in failed("trajectory")} == {"枝柯镇", "武家庄镇", "下枣林乡"}
    assert ("枝柯镇", "2020: ≥ 60%", "50.0% (4/8)") in failed("trajectory")


def test_every_rule_passes_on_a_consistent_table(consistent_table):
    assert failures(run_checks()) == []
    for rule in ("row_total", "yearly_tasks", "column_totals", "relocation_sites", "trajectory"):
        assert passed(rule), rule


def test_row_total_fails_when_total_differs_from_built_plus_to_build(consistent_table):
    PlanTableRow.objects.filter(label="金罗镇").update(villages_total=22)
    assert ("金罗镇", "22", "21") in failed("row_total")


def test_yearly_tasks_fail_when_they_do_not_add_up(consistent_table):
    PlanTableCell.objects.filter(row__label="暖泉镇", year=2021, kind="happiness").update(count=3)
    assert failed("yearly_tasks") == {("暖泉镇", "12", "13")}


def test_column_totals_fail_when_a_column_misses_the_totals_row(consistent_table):
    PlanTableRow.objects.filter(label="宁乡镇").update(villages_total=4, villages_to_build=2)
    assert ("合计·行政村总数", "76", "77") in failed("column_totals")


def test_relocation_sites_fail_when_the_table_does_not_match_the_text(consistent_table):
    Target.objects.filter(code="relocation_sites").update(value=13)
    assert failed("relocation_sites") == {("县", "13", "12")}


def test_trajectory_fails_when_a_township_stays_under_the_target(consistent_table):
    PlanTableCell.objects.filter(row__label="金罗镇", year=2020, kind="happiness").update(count=2)
    PlanTableCell.objects.filter(row__label="金罗镇", year=2021, kind="happiness").update(count=5)
    assert ("金罗镇", "2020: ≥ 60%", "57.1% (12/21)") in failed("trajectory")


def test_trajectory_follows_the_target_rows(consistent_table):
    Target.objects.filter(code="village_coverage", due_on__year=2020).update(value=70)
    failing_2020 = {subject for subject, expected, _found in failed("trajectory") if expected.startswith("2020")}
    assert "宁乡镇" not in failing_2020 and "金罗镇" in failing_2020
    assert ("合计", "2020: ≥ 70%", "65.8% (50/76)") in failed("trajectory")


def test_plan_check_command_prints_failures_and_exits_non_zero(policy):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("plan_check", stdout=out)
    assert error.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 8
    assert lines[0].split("\t") == ["枝柯镇", "yearly_tasks: 各年度建设任务之和等于待建设任务", "expected 6", "found 5"]


def test_plan_check_command_passes_on_a_consistent_table(consistent_table):
    out = io.StringIO()
    call_command("plan_check", stdout=out)
    assert "All" in out.getvalue() and "pass" in out.getvalue()


def test_plan_check_without_a_table_says_what_to_do(fresh_install):
    with pytest.raises(CommandError, match="load_policy"):
        call_command("plan_check")


def test_the_bureau_sees_the_same_findings_on_a_page(users, client):
    client.force_login(users["bureau"])
    page = client.get("/plan/checks/").content.decode()
    assert "共 51 条校验，未通过 8 条。" in page
    assert "各年度建设任务之和等于待建设任务" in page and "50.0% (4/8)" in page
