"""The §2.5 minimums as data: per facility type and meal service, on the day meal service starts or stops."""

from datetime import date

import pytest

from facilities.models import Facility, FacilityKind, MealService, PolicyDocument
from staffing.figures import staffing_of
from staffing.models import MealCondition, StaffingRule
from tests.staffing.conftest import make_plain_facility

pytestmark = pytest.mark.django_db
DAY = date(2021, 6, 1)


def required(facility, on=DAY):
    facility = Facility.objects.as_of(on).get(pk=facility.pk)
    return staffing_of([facility], on=on)[facility.pk].required


def test_load_policy_loads_the_minimums_with_document_clause_and_period(policy):
    rules = StaffingRule.objects.select_related("document")
    assert rules.count() == 7
    assert {rule.document.code for rule in rules} == {"中办发〔2020〕22号"}
    assert {rule.clause for rule in rules} == {"§2.5"}
    day_care = {rule.meals: rule.min_posts for rule in rules.filter(facility_kind=FacilityKind.DAY_CARE)}
    assert day_care == {MealCondition.WITH: 2, MealCondition.WITHOUT: 1}


@pytest.mark.parametrize(
    ("kind", "meals", "minimum"),
    [
        (FacilityKind.DAY_CARE, True, 2),
        (FacilityKind.DAY_CARE, False, 1),
        (FacilityKind.HAPPINESS, True, 1),
        (FacilityKind.HAPPINESS, False, 1),
        (FacilityKind.MUTUAL_AID, False, 1),
        (FacilityKind.CENTRAL_NURSING, True, 1),
        (FacilityKind.REGIONAL_NURSING, True, 1),
        (FacilityKind.NURSING_HOME, False, 1),
    ],
)
def test_the_minimum_follows_type_and_meal_service(townships, kind, meals, minimum):
    facility = make_plain_facility(townships["jinluo"], kind, meals=meals, since=date(2020, 6, 1))
    assert required(facility) == minimum


def test_the_minimum_changes_on_the_day_meal_service_starts_and_stops(townships):
    facility = make_plain_facility(townships["jinluo"], meals=False, since=date(2020, 6, 1))
    MealService.objects.create(facility=facility, changed_on=date(2021, 3, 1), serves_meals=True)
    MealService.objects.create(facility=facility, changed_on=date(2021, 9, 1), serves_meals=False)
    assert required(facility, date(2021, 2, 28)) == 1
    assert required(facility, date(2021, 3, 1)) == 2
    assert required(facility, date(2021, 8, 31)) == 2
    assert required(facility, date(2021, 9, 1)) == 1


def test_a_facility_not_yet_in_service_needs_no_posts(townships):
    facility = make_plain_facility(townships["jinluo"], meals=True, since=date(2021, 6, 1))
    assert required(facility, date(2021, 5, 31)) == 0
    assert required(facility, date(2021, 6, 1)) == 2


def test_a_newer_document_takes_over_from_its_first_day_by_the_one_overlap_rule(townships):
    old = PolicyDocument.objects.get(code="中办发〔2020〕22号")
    new = PolicyDocument.objects.create(
        code="中办发〔2023〕1号", title="2023-2025年方案", period_start=date(2023, 1, 1), period_end=date(2025, 12, 31)
    )
    StaffingRule.objects.create(
        document=new, clause="§2.5", valid_from=date(2023, 1, 1), facility_kind=FacilityKind.DAY_CARE, meals="with", min_posts=3
    )
    facility = make_plain_facility(townships["jinluo"], meals=True, since=date(2020, 6, 1))
    assert required(facility, date(2022, 12, 31)) == 2
    assert required(facility, date(2023, 1, 1)) == 3
    assert old.pk != new.pk


def test_a_rule_for_any_meal_service_applies_when_no_specific_rule_is_in_force(townships):
    StaffingRule.objects.filter(facility_kind=FacilityKind.DAY_CARE, meals=MealCondition.WITHOUT).update(
        valid_to=date(2021, 12, 31)
    )
    StaffingRule.objects.create(
        document=PolicyDocument.objects.get(code="中办发〔2020〕22号"),
        clause="§2.5",
        facility_kind=FacilityKind.DAY_CARE,
        meals="any",
        min_posts=4,
    )
    facility = make_plain_facility(townships["jinluo"], meals=False, since=date(2020, 6, 1))
    assert required(facility, date(2021, 12, 31)) == 1
    assert required(facility, date(2022, 1, 1)) == 4


def test_a_newer_documents_rule_for_any_meal_service_replaces_the_older_particular_rules(townships):
    """The 2023 plan sets one minimum for every day care center, with or without meals: from its first day it holds
    for both, though the 2020 rules for each meal service have no end date. Within one document the rule naming the
    meal service still wins over the one for any (the 2020 rule for any, added with the same start, does not)."""
    new = PolicyDocument.objects.create(
        code="中办发〔2023〕1号", title="2023-2025年方案", period_start=date(2023, 1, 1), period_end=date(2025, 12, 31)
    )
    StaffingRule.objects.create(
        document=new, clause="§2.5", valid_from=date(2023, 1, 1), facility_kind=FacilityKind.DAY_CARE, meals="any", min_posts=3
    )
    StaffingRule.objects.create(
        document=PolicyDocument.objects.get(code="中办发〔2020〕22号"), clause="§2.5", valid_from=date(2020, 1, 1),
        facility_kind=FacilityKind.DAY_CARE, meals="any", min_posts=9,
    )  # fmt: skip
    with_meals = make_plain_facility(townships["jinluo"], meals=True, since=date(2020, 6, 1))
    without = make_plain_facility(townships["jinluo"], meals=False, since=date(2020, 6, 1))
    assert (required(with_meals, date(2022, 12, 31)), required(without, date(2022, 12, 31))) == (2, 1)
    assert (required(with_meals, date(2023, 1, 1)), required(without, date(2023, 1, 1))) == (3, 3)
