"""The subsidies app's models (§2.8, §3(三), §3(四)), one module per part:

* ``rules``: evaluation indicators and grade thresholds, funding sources, subsidy rules and grade factors (all policy rows);
* ``evaluations``: evaluations of a facility with their indicator scores and rectification items;
* ``awards``: awards with their reasons and facts, maker-checker approval, disbursements;
* ``ledger``: the funding ledger per facility or village, year and source.
"""

from subsidies.models.awards import Award, AwardStatus, Disbursement
from subsidies.models.evaluations import COUNTING_KINDS, Evaluation, EvaluationKind, IndicatorScore, RectificationItem
from subsidies.models.ledger import LedgerEntry
from subsidies.models.rules import (
    GRADE_RANK,
    EvaluationIndicator,
    FundingGroup,
    FundingSource,
    Grade,
    GradeFactor,
    GradeThreshold,
    MealCondition,
    SubsidyKind,
    SubsidyRule,
    grade_at_least,
    grade_for,
    indicators_on,
)

__all__ = [
    "COUNTING_KINDS",
    "GRADE_RANK",
    "Award",
    "AwardStatus",
    "Disbursement",
    "Evaluation",
    "EvaluationIndicator",
    "EvaluationKind",
    "FundingGroup",
    "FundingSource",
    "Grade",
    "GradeFactor",
    "GradeThreshold",
    "IndicatorScore",
    "LedgerEntry",
    "MealCondition",
    "RectificationItem",
    "SubsidyKind",
    "SubsidyRule",
    "grade_at_least",
    "grade_for",
    "indicators_on",
]
