"""Factories for the subsidies tests: facilities with dated histories, evaluations, a second bureau user."""

from datetime import date
from decimal import Decimal

import pytest

from facilities.models import FacilityKind, FacilityStatus, MealService
from subsidies import services
from subsidies.models import EvaluationKind, indicators_on
from tests.conftest import make_user
from tests.facilities.conftest import make_facility  # noqa: F401  (the facilities tests' factory, reused)
from tests.staffing.conftest import hold, make_post, make_worker
from zhongyang_eldercare.accounts.models import Role

OPERATING_2021 = [(FacilityStatus.BUILT, date(2020, 10, 1)), (FacilityStatus.OPERATING, date(2020, 11, 1))]


@pytest.fixture
def checker(townships):
    """A second bureau user: the checker of maker-checker."""
    return make_user(Role.BUREAU, username="bureau-checker")


def set_meals(facility, *changes):
    """Replace the facility's meal history with ``(day, serves_meals)`` rows."""
    MealService.objects.filter(facility=facility).delete()
    for day, served in changes:
        MealService.objects.create(facility=facility, changed_on=day, serves_meals=served)


def scores_for_total(total, on):
    """Indicator scores (by code) that add up to ``total``, filling indicators in order up to their maximum."""
    left, scores = Decimal(total), {}
    for indicator in indicators_on(on):
        scores[indicator.code] = min(left, indicator.max_score)
        left -= scores[indicator.code]
    assert left == 0
    return scores


@pytest.fixture
def evaluate(users):
    def make(facility, total, on=date(2021, 11, 15), kind=EvaluationKind.ANNUAL, by=None):
        return services.record_evaluation(
            facility=facility,
            kind=kind,
            evaluated_on=on,
            evaluators="县民政局评估组",
            scores=scores_for_total(total, on),
            by=by or users["bureau"],
        )

    return make


def staff(facility, posts=2, since=date(2020, 6, 1)):
    """Posts held from ``since`` (the §2.5 minimum: 2 for a day care center with meals), paid from photovoltaic income,
    so that the staffing check of the shortfall registry finds no gap."""
    for _number in range(posts):
        hold(make_post(facility, since=since), make_worker(facility.township))
    return facility


@pytest.fixture
def day_care(make_facility, townships):  # noqa: F811  (the fixture imported above)
    """make(meals=True, history=...) -> a staffed day care center in 金罗镇 operating since November 2020."""

    def make(meals=True, history=None, staffed=True, **fields):
        facility = make_facility(
            townships["jinluo"], FacilityKind.DAY_CARE, history=history or OPERATING_2021, serves_meals=meals, **fields
        )
        set_meals(facility, (date(2020, 10, 1), meals))
        return staff(facility) if staffed else facility

    return make


def new_rule_like(current, *, clause, amount, valid_from, valid_to=None):
    """A newer rule of the plan's document for the same kind, type and meal service as ``current``, saved after
    ``full_clean``: a raise from a day (and to a day)."""
    from facilities.models import PolicyDocument
    from subsidies.models import SubsidyRule

    rule = SubsidyRule(
        document=PolicyDocument.objects.get(code="中办发〔2020〕22号"),
        clause=clause,
        valid_from=valid_from,
        valid_to=valid_to,
        kind=current.kind,
        facility_kind=current.facility_kind,
        meals=current.meals,
        amount=Decimal(amount),
        payer=current.payer,
    )
    rule.full_clean()
    rule.save()
    return rule
