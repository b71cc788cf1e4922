"""Progress arithmetic on hand-made data (issue 4, items 1 and 6)."""

from datetime import date
from decimal import Decimal

import pytest

from facilities.models import FacilityKind, PlanTableRow, TaskKind, Township
from tests.reports.conftest import county_progress, make_facility, populate
from zhongyang_eldercare.reports.progress import Flag, Standing, compute_progress, coverage_standing

pytestmark = pytest.mark.django_db


def line_of(progress, township):
    return next(line for line in progress.lines if line.township == township)


def test_planned_cells_are_the_task_table_and_totals_the_published_row(townships):
    progress = county_progress(date(2021, 6, 30))
    jinluo = line_of(progress, townships["jinluo"])
    row = PlanTableRow.objects.get(township=townships["jinluo"])
    assert jinluo.task(2020, TaskKind.HAPPINESS).planned == row.cell(2020, TaskKind.HAPPINESS) == 4
    assert jinluo.planned_villages == (21, 10, 11)
    assert progress.total.label == "合计"
    assert progress.total.task(2020, TaskKind.RELOCATION_DAY_CARE).planned == 12
    assert [line.label for line in progress.lines] == list(Township.objects.order_by("position").values_list("name", flat=True))


def test_a_facility_finished_on_31_december_counts_for_that_year_and_one_on_1_january_for_the_next(townships, make_village):
    township = townships["jinluo"]
    first, second = make_village(township), make_village(township)
    make_facility(township, village=first, built_on=date(2020, 12, 31))
    make_facility(township, village=second, built_on=date(2021, 1, 1))

    progress = county_progress(date(2021, 12, 31))
    line = line_of(progress, township)

    assert line.task(2020, TaskKind.HAPPINESS).done == 1
    assert line.task(2021, TaskKind.HAPPINESS).done == 1
    assert line.task(2020, TaskKind.HAPPINESS).difference == 1 - 4
    assert (line.coverage_at[2020].covered, line.coverage_at[2021].covered) == (1, 2)


def test_a_year_end_after_the_as_of_day_has_no_actual_coverage_yet(townships, make_village):
    township = townships["jinluo"]
    make_facility(township, village=make_village(township), built_on=date(2021, 3, 1))
    line = line_of(county_progress(date(2021, 6, 30)), township)
    assert line.coverage_at[2020].covered == 0
    assert line.coverage_at[2021] is None
    assert line.villages.covered == 1
    assert line.task(2021, TaskKind.HAPPINESS).done == 1


def test_relocation_site_day_care_centers_count_in_their_own_column(townships, make_village, make_site):
    township = townships["jinluo"]
    make_facility(township, kind=FacilityKind.DAY_CARE, site=make_site(township), built_on=date(2020, 8, 1))
    make_facility(township, kind=FacilityKind.DAY_CARE, village=make_village(township), built_on=date(2020, 8, 1))
    make_facility(township, kind=FacilityKind.DAY_CARE, site=make_site(township))  # not built: neither done nor covering

    line = line_of(county_progress(date(2020, 12, 31)), township)

    assert line.task(2020, TaskKind.RELOCATION_DAY_CARE).done == 1
    assert line.task(2020, TaskKind.DAY_CARE).done == 1
    assert (line.sites.covered, line.sites.total) == (1, 2)
    assert line.flags == [Flag.SITES]


def test_a_facility_in_service_before_the_plan_covers_its_village_but_is_no_task(townships, make_village):
    township = townships["jinluo"]
    make_facility(township, village=make_village(township), built_on=date(2019, 5, 1))
    line = line_of(county_progress(date(2020, 12, 31)), township)
    assert line.villages.covered == 1
    assert sum(count.done for count in line.tasks.values()) == 0


@pytest.mark.parametrize(
    ("covered", "standing"),
    [(5, Standing.BEHIND), (6, Standing.ON_TRACK), (7, Standing.ON_TRACK), (8, Standing.AHEAD)],
)
def test_coverage_standing_against_the_targets_in_mid_2021(townships, make_village, covered, standing):
    """Mid-2021 the 60% target of 2020 is due and the 80% of 2021 is next (§2.2)."""
    township = townships["zhike"]
    villages = [make_village(township) for _ in range(10)]
    for village in villages[:covered]:
        make_facility(township, village=village, built_on=date(2020, 9, 1))

    line = line_of(county_progress(date(2021, 6, 30)), township)

    assert line.villages.percent == Decimal(covered * 10)
    assert line.standing == standing
    assert line.is_behind == (standing == Standing.BEHIND)


def test_coverage_standing_on_the_due_day_itself(policy):
    targets = county_progress(date(2020, 6, 1)).coverage_targets
    assert coverage_standing(Decimal(59), targets, date(2020, 12, 30)) == Standing.ON_TRACK
    assert coverage_standing(Decimal(59), targets, date(2020, 12, 31)) == Standing.BEHIND
    assert coverage_standing(Decimal(80), targets, date(2020, 12, 31)) == Standing.AHEAD


def test_beds_per_thousand_use_village_figures_and_fall_back_to_the_township(townships, make_village):
    with_villages, without = townships["jinluo"], townships["zhike"]
    village = make_village(with_villages, elderly_population=400)
    make_village(with_villages, elderly_population=600)
    make_facility(with_villages, village=village, built_on=date(2020, 5, 1), beds=30)
    make_facility(with_villages, village=make_village(with_villages), built_on=date(2021, 5, 1), beds=100)
    without.elderly_population = 2000
    without.save()
    make_facility(without, kind=FacilityKind.NURSING_HOME, built_on=date(2020, 1, 10), beds=80)

    progress = county_progress(date(2020, 12, 31))
    first, second = line_of(progress, with_villages), line_of(progress, without)

    assert (first.beds, first.elderly, first.beds_per_thousand) == (30, 1000, Decimal("30.0"))
    assert Flag.BEDS in first.flags and Flag.BEDS not in second.flags
    assert (second.beds, second.elderly, second.beds_per_thousand) == (80, 2000, Decimal("40.0"))
    assert progress.total.beds == 110


def test_a_township_user_gets_only_their_township_and_its_own_totals(users, townships, make_village):
    make_facility(townships["zhike"], village=make_village(townships["zhike"]), built_on=date(2020, 5, 1))
    progress = compute_progress(on=date(2020, 12, 31), townships=Township.objects.for_user(users["jinluo"]))
    assert [line.label for line in progress.lines] == ["金罗镇"]
    assert progress.total.planned_villages == (21, 10, 11)
    assert progress.total.villages.covered == 0


def test_the_county_trajectory_gives_planned_actual_and_target_per_year(townships, make_village):
    populate(townships, make_village, villages_per_township=2, built_on=date(2020, 10, 1))
    points = county_progress(date(2021, 6, 30)).trajectory
    assert [point["label"] for point in points][1:] == ["2020", "2021", "2022"]
    assert points[1] == {"label": "2020", "planned": 60.5, "actual": 50.0, "target": 60.0}
    assert points[2]["actual"] is None and points[3]["planned"] == 100.0


@pytest.mark.parametrize("villages_per_township", [2, 12])
def test_progress_takes_a_fixed_number_of_queries(townships, make_village, django_assert_max_num_queries, villages_per_township):
    populate(townships, make_village, villages_per_township=villages_per_township)
    # 1 document, 3 plan table (rows, cells, targets); 1 the facilities as of the day (status, first day in service,
    # beds, meals as subqueries); 5 their shortfalls: 3 standards in force with their rooms and equipment, 2 the
    # facilities' rooms and equipment; 1 village coverage at the plan's start, each past year end and the day;
    # 1 relocation sites; 1 tasks done; 1 townships with their elderly and beds in service; 1 facilities by status
    with django_assert_max_num_queries(15):
        county_progress(date(2022, 12, 31))


def test_compliance_counts_the_facilities_in_service_against_their_standard(townships, make_village):
    township = townships["jinluo"]
    make_facility(township, village=make_village(township), built_on=date(2020, 5, 1))  # no floor area recorded
    make_facility(township, village=make_village(township))  # planned only: not held to the standard yet
    progress = county_progress(date(2020, 12, 31))
    line = line_of(progress, township)
    assert (line.compliant, line.not_compliant) == (0, 1)
    assert (progress.total.compliant, progress.total.not_compliant) == (0, 1)
    assert line.as_json()["compliance"] == [0, 1]
