"""Scope cases of the subsidies app (see tests/scoping.py)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from facilities.models import Facility, FacilityKind, Village
from subsidies.models import (
    Award,
    Disbursement,
    Evaluation,
    EvaluationIndicator,
    EvaluationKind,
    FundingSource,
    IndicatorScore,
    LedgerEntry,
    RectificationItem,
    SubsidyKind,
)
from tests.scoping import ScopeCase
from zhongyang_eldercare.accounts.models import Role, User

LAST_YEAR = date.today().year - 1  # the year the lists show by default


def _facility(township):
    count = Facility.objects.count() + 1
    village = Village.objects.create(township=township, name=f"{township.name}资金范围村{count:03d}")
    return Facility.objects.create(
        township=township, kind=FacilityKind.DAY_CARE, name=f"资金范围设施{count:03d}", village=village
    )


def _bureau():
    return User.objects.filter(role=Role.BUREAU).first() or User.objects.create_user(username="scope-bureau", role=Role.BUREAU)


def _evaluation(township):
    return Evaluation.objects.create(
        facility=_facility(township),
        kind=EvaluationKind.ANNUAL,
        evaluated_on=date(LAST_YEAR, 11, 1),
        evaluators="评估组",
        total=Decimal("85.0"),
        grade="good",
        recorded_by=_bureau(),
    )


def _score(township):
    return IndicatorScore.objects.create(
        evaluation=_evaluation(township), indicator=EvaluationIndicator.objects.first(), score=10
    )


def _rectification(township):
    return RectificationItem.objects.create(
        evaluation=_evaluation(township), description="范围测试整改", deadline=date(2022, 3, 1)
    )


def _award(township):
    return Award.objects.create(
        year=LAST_YEAR,
        facility=_facility(township),
        kind=SubsidyKind.OPERATING,
        payer=FundingSource.objects.get(code="county_finance"),
        amount=Decimal("30000.00"),
        reasons=["范围测试"],
        proposed_by=_bureau(),
        proposed_at=timezone.now(),
    )


def _disbursement(township):
    award = _award(township)
    return Disbursement.objects.create(
        award=award, paid_on=date(2022, 3, 1), amount=Decimal("100.00"), voucher="V-1", recorded_by=_bureau()
    )


def _entry(township):
    return LedgerEntry.objects.create(
        year=LAST_YEAR,
        facility=_facility(township),
        source=FundingSource.objects.get(code="donation"),
        received_on=date(LAST_YEAR, 5, 1),
        amount=Decimal("1234.56"),
        donor=f"{township.name}范围测试捐赠人",
    )


def _name_of_facility(row):
    return row.facility.name


CASES = [
    ScopeCase(
        model=Award,
        make=_award,
        list_url="subsidies:awards",
        detail_url="subsidies:award",
        change_url="subsidies:disburse",
        export_url="subsidies:award_export",
        change_data=lambda award: {"paid_on": date.today().isoformat(), "amount": "100.00", "voucher": "V-9"},
        list_text=_name_of_facility,
    ),
    ScopeCase(model=Disbursement, make=_disbursement),
    ScopeCase(
        model=Evaluation,
        make=_evaluation,
        list_url="subsidies:evaluations",
        detail_url="subsidies:evaluation",
        list_text=_name_of_facility,
    ),
    ScopeCase(model=IndicatorScore, make=_score),
    ScopeCase(model=RectificationItem, make=_rectification),
    ScopeCase(
        model=LedgerEntry,
        make=_entry,
        list_url="subsidies:ledger",
        change_url="subsidies:ledger_edit",
        export_url="subsidies:funding_export",
        change_data=lambda entry: {
            "year": entry.year,
            "facility": entry.facility_id,
            "source": entry.source_id,
            "received_on": "2021-06-01",
            "amount": "1.00",
            "donor": "改名",
        },
        list_text=lambda entry: entry.donor,
    ),
    # the facility's money page and its evaluation form
    ScopeCase(
        model=Facility,
        make=_facility,
        detail_url="subsidies:facility",
        change_url="subsidies:evaluate",
        change_data=lambda facility: {"kind": "self_check", "evaluated_on": "2021-06-01", "evaluators": "自查组"},
    ),
]
