"""The award computation on each rule's boundary (§3(三)): meals or not, mid-year starts, grades, construction."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from facilities.models import FacilityKind, FacilityStatus, Township
from subsidies import services
from subsidies.models import Award, EvaluationKind, SubsidyKind, SubsidyRule
from tests.subsidies.conftest import new_rule_like, set_meals

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


def compute(users, year=2021):
    return services.compute_awards(year=year, by=users["bureau"], today=TODAY)


def award_of(facility, kind=SubsidyKind.OPERATING, year=2021):
    return Award.objects.get(facility=facility, kind=kind, year=year)


def test_day_care_serving_meals_all_year_gets_the_full_annual_amount(users, day_care):
    facility = day_care(meals=True)
    compute(users)
    award = award_of(facility)
    assert award.amount == Decimal("30000.00")
    assert any("30,000.00 × 365 / 365 = 30,000.00" in line for line in award.reasons)
    assert any("§3(三)" in line for line in award.reasons)
    assert award.facts["status_days"] == {"operating": 365}
    assert award.payer.code == "county_finance"


def test_day_care_without_meals_gets_the_lower_amount(users, day_care):
    facility = day_care(meals=False)
    compute(users)
    assert award_of(facility).amount == Decimal("10000.00")


def test_happiness_courtyard_gets_its_amount_whatever_the_meals(users, make_facility, townships):
    from tests.subsidies.conftest import OPERATING_2021

    facility = make_facility(townships["jinluo"], FacilityKind.HAPPINESS, history=OPERATING_2021, serves_meals=False)
    compute(users)
    assert award_of(facility).amount == Decimal("20000.00")


def test_meals_started_mid_year_pay_each_rule_for_its_days(users, day_care):
    facility = day_care(meals=False)
    set_meals(facility, (date(2020, 10, 1), False), (date(2021, 7, 1), True))
    compute(users)
    award = award_of(facility)
    # 1 Jan - 30 Jun without meals: 181 days; 1 Jul - 31 Dec with meals: 184 days
    # 30,000 × 184 / 365 = 15,123.29 and 10,000 × 181 / 365 = 4,958.90
    assert award.amount == Decimal("20082.19")
    assert any("30,000.00 × 184 / 365 = 15,123.29" in line for line in award.reasons)
    assert any("10,000.00 × 181 / 365 = 4,958.90" in line for line in award.reasons)
    assert award.facts["meal_days"] == 184


def test_facility_opened_mid_year_is_paid_for_its_days_in_operation(users, day_care):
    facility = day_care(
        meals=True, history=[(FacilityStatus.BUILT, date(2021, 9, 1)), (FacilityStatus.OPERATING, date(2021, 10, 1))]
    )
    compute(users)
    award = award_of(facility)
    assert award.amount == Decimal("7561.64")  # 30,000 × 92 / 365
    assert award.facts["status_days"] == {"built": 30, "none": 243, "operating": 92}


def test_built_but_never_operating_is_not_due_and_says_why(users, day_care):
    facility = day_care(history=[(FacilityStatus.BUILT, date(2021, 3, 1))])
    outcome = compute(users)
    assert not Award.objects.filter(facility=facility, kind=SubsidyKind.OPERATING).exists()
    reasons = [item.reason for item in outcome.not_due if item.facility == facility and item.kind == SubsidyKind.OPERATING]
    assert reasons and "运营" in reasons[0]


def test_suspended_days_do_not_count(users, day_care):
    history = [*[(FacilityStatus.OPERATING, date(2020, 11, 1))], (FacilityStatus.SUSPENDED, date(2021, 12, 2))]
    facility = day_care(meals=True, history=history)
    compute(users)
    assert award_of(facility).amount == Decimal("27534.25")  # 30,000 × 335 / 365 (1 Jan - 1 Dec)


@pytest.mark.parametrize(
    ("total", "amount"),
    [
        ("89.9", "30000.00"),  # just below 优秀: 良好 × 1.00
        ("90", "36000.00"),  # at the threshold: 优秀 × 1.20
        ("60", "30000.00"),  # at 合格 × 1.00
        ("59.9", "0.00"),  # just below 合格: 不合格 × 0
    ],
)
def test_grade_scales_the_operating_subsidy_on_its_threshold(users, day_care, evaluate, total, amount):
    facility = day_care(meals=True)
    evaluate(facility, Decimal(total))
    compute(users)
    award = award_of(facility)
    assert award.amount == Decimal(amount)
    assert award.facts["evaluation"]["total"] == str(Decimal(total).quantize(Decimal("0.1")))


def test_a_self_check_never_decides_the_amount(users, day_care, evaluate):
    facility = day_care(meals=True)
    evaluate(facility, Decimal("95"), kind=EvaluationKind.SELF_CHECK, by=users["jinluo"])
    compute(users)
    assert award_of(facility).amount == Decimal("30000.00")
    assert award_of(facility).facts["evaluation"] is None


def test_the_latest_bureau_evaluation_of_the_year_counts(users, day_care, evaluate):
    facility = day_care(meals=True)
    evaluate(facility, Decimal("95"), on=date(2021, 5, 1), kind=EvaluationKind.STAGE)
    evaluate(facility, Decimal("70"), on=date(2021, 11, 1))
    compute(users)
    assert award_of(facility).amount == Decimal("30000.00")


def test_a_rule_with_a_minimum_grade_pays_nothing_below_it(users, day_care, evaluate):
    SubsidyRule.objects.filter(kind=SubsidyKind.OPERATING).update(min_grade="pass")
    below, at = day_care(meals=True), day_care(meals=True)
    evaluate(below, Decimal("59.9"))
    evaluate(at, Decimal("60"))
    outcome = compute(users)
    assert not Award.objects.filter(facility=below, kind=SubsidyKind.OPERATING).exists()
    assert award_of(at).amount == Decimal("30000.00")
    assert any(item.facility == below and "合格" in item.reason for item in outcome.not_due)


# --- construction awards ------------------------------------------------------------------------


def test_construction_award_for_a_facility_meeting_the_standard_and_graded_good(users, day_care, evaluate):
    facility = day_care(meals=True)
    evaluate(facility, Decimal("80"))
    compute(users)
    award = award_of(facility, SubsidyKind.CONSTRUCTION)
    assert award.amount == Decimal("100000.00")
    assert award.payer.code == "city_finance"
    assert award.facts["shortfalls_on_evaluation_day"] == []
    assert award.facts["evaluation"]["grade"] == "good"


def test_a_shortfall_on_the_evaluation_day_means_no_construction_award(users, day_care, evaluate):
    facility = day_care(meals=True, rooms=[])
    evaluate(facility, Decimal("95"))
    outcome = compute(users)
    assert not Award.objects.filter(facility=facility, kind=SubsidyKind.CONSTRUCTION).exists()
    assert award_of(facility).amount == Decimal("36000.00")  # the operating subsidy does not ask for the standard
    reason = next(item.reason for item in outcome.not_due if item.facility == facility and item.kind == SubsidyKind.CONSTRUCTION)
    assert "2021-11-15" in reason


def test_too_few_posts_held_on_the_evaluation_day_means_no_construction_award(users, day_care, evaluate):
    facility = day_care(meals=True, staffed=False)  # §2.5: a day care center serving meals holds at least 2 posts
    evaluate(facility, Decimal("95"))
    outcome = compute(users)
    assert not Award.objects.filter(facility=facility, kind=SubsidyKind.CONSTRUCTION).exists()
    reason = next(item.reason for item in outcome.not_due if item.facility == facility and item.kind == SubsidyKind.CONSTRUCTION)
    assert "公益性岗位" in reason


def test_construction_award_asks_for_a_grade_of_at_least_good(users, day_care, evaluate):
    facility = day_care(meals=True)
    evaluate(facility, Decimal("79.9"))
    compute(users)
    assert not Award.objects.filter(facility=facility, kind=SubsidyKind.CONSTRUCTION).exists()


def test_construction_award_needs_a_bureau_evaluation(users, day_care):
    facility = day_care(meals=True)
    compute(users)
    assert not Award.objects.filter(facility=facility, kind=SubsidyKind.CONSTRUCTION).exists()


def test_facility_built_before_the_plan_gets_no_construction_award(users, day_care, evaluate):
    facility = day_care(meals=True, history=[(FacilityStatus.OPERATING, date(2019, 9, 1))])
    evaluate(facility, Decimal("95"))
    compute(users)
    assert not Award.objects.filter(facility=facility, kind=SubsidyKind.CONSTRUCTION).exists()
    assert award_of(facility).amount == Decimal("36000.00")


def test_a_second_construction_award_for_the_same_facility_is_refused(users, checker, day_care, evaluate):
    facility = day_care(meals=True)
    evaluate(facility, Decimal("85"))
    compute(users)
    services.approve_award(award=award_of(facility, SubsidyKind.CONSTRUCTION), by=checker)
    evaluate(facility, Decimal("85"), on=date(2022, 11, 15))
    services.compute_awards(year=2022, by=users["bureau"], today=TODAY)
    assert Award.objects.filter(facility=facility, kind=SubsidyKind.CONSTRUCTION).count() == 1
    second = Award(
        year=2022,
        facility=facility,
        kind=SubsidyKind.CONSTRUCTION,
        payer=award_of(facility, SubsidyKind.CONSTRUCTION).payer,
        amount=Decimal("100000.00"),
        proposed_by=users["bureau"],
        proposed_at=award_of(facility, SubsidyKind.CONSTRUCTION).proposed_at,
    )
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "一次性建设奖补" in str(refused.value)


# --- who may compute, and when ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["jinluo", "leader", "admin"])
def test_only_the_bureau_computes_awards(users, role):
    with pytest.raises(PermissionDenied):
        services.compute_awards(year=2021, by=users[role], today=TODAY)


def test_a_year_that_has_not_begun_is_refused(users):
    with pytest.raises(ValidationError) as refused:
        services.compute_awards(year=2027, by=users["bureau"], today=TODAY)
    assert "year" in refused.value.message_dict


def test_the_current_year_counts_days_up_to_today(users, day_care):
    facility = day_care(meals=True)
    services.compute_awards(year=2021, by=users["bureau"], today=date(2021, 1, 31))
    assert award_of(facility).amount == Decimal("2547.95")  # 30,000 × 31 / 365


def test_a_bureau_computes_its_own_county_and_leaves_another_countys_proposals(county_users, day_care, make_facility):
    from tests.subsidies.conftest import OPERATING_2021

    ours = day_care(meals=True)
    compute(county_users)
    proposal = award_of(ours)
    township_b = Township.objects.get(county=county_users["bureau_b"].county)
    theirs = make_facility(township_b, FacilityKind.HAPPINESS, history=OPERATING_2021, serves_meals=False)
    outcome = services.compute_awards(year=2021, by=county_users["bureau_b"], today=TODAY)
    assert [award.facility for award in outcome.created] == [theirs]  # not 中阳县's facility
    assert outcome.removed == [] and Award.objects.filter(pk=proposal.pk).exists()  # ours not withdrawn
    outcome = compute(county_users)
    assert outcome.created == [] and [award.pk for award in outcome.unchanged] == [proposal.pk]
    assert award_of(theirs).proposed_by == county_users["bureau_b"]


def test_a_rule_that_starts_mid_year_pays_from_its_first_day_and_the_old_one_until_it_ends(users, day_care):
    """The days are counted per stretch between the days rules start or end: a raise from 1 July and a rule that
    ends on 30 September (with nothing after it for those days) each pay exactly their own days."""
    from subsidies.models import MealCondition

    facility = day_care(meals=True)
    current = SubsidyRule.objects.get(
        kind=SubsidyKind.OPERATING, facility_kind=FacilityKind.DAY_CARE, meals=MealCondition.WITH_MEALS
    )
    new_rule_like(
        current, clause="§3(三)（年中调整）", amount="36500.00", valid_from=date(2021, 7, 1), valid_to=date(2021, 9, 30)
    )
    compute(users)
    award = award_of(facility)
    # 1 Jan - 30 Jun and 1 Oct - 31 Dec at 30,000 (181 + 92 = 273 days); 1 Jul - 30 Sep at 36,500 (92 days)
    assert any("36,500.00 × 92 / 365 = 9,200.00" in line for line in award.reasons)
    assert any("30,000.00 × 273 / 365 = 22,438.36" in line for line in award.reasons)
    assert award.amount == Decimal("31638.36")


def test_a_newer_rule_for_any_meal_service_replaces_the_particular_ones_from_its_first_day(users, day_care):
    """A rule for every day care center from 1 July (with or without meals) pays from that day, though the older
    rules for each meal service have no end date; before it, the rule for the facility's meal service pays."""
    from subsidies.models import MealCondition

    facility = day_care(meals=True)
    current = SubsidyRule.objects.get(
        kind=SubsidyKind.OPERATING, facility_kind=FacilityKind.DAY_CARE, meals=MealCondition.WITH_MEALS
    )
    general = new_rule_like(current, clause="§3(三)（统一标准）", amount="36500.00", valid_from=date(2021, 7, 1))
    general.meals = MealCondition.ANY
    general.full_clean()
    general.save()
    compute(users)
    award = award_of(facility)
    # 1 Jan - 30 Jun with meals at 30,000 (181 days); from 1 Jul at 36,500 for any (184 days)
    assert any("30,000.00 × 181 / 365 = 14,876.71" in line for line in award.reasons)
    assert any("36,500.00 × 184 / 365 = 18,400.00" in line for line in award.reasons)
    assert award.amount == Decimal("33276.71")
