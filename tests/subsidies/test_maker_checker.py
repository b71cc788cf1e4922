"""Re-running, approving and paying: proposals change, approved awards stay frozen, two people sign off."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from subsidies import services
from subsidies.models import Award, AwardStatus, Disbursement, LedgerEntry, MealCondition, SubsidyKind, SubsidyRule
from tests.subsidies.conftest import new_rule_like, set_meals

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


def compute(user, year=2021):
    return services.compute_awards(year=year, by=user, today=TODAY)


def operating(facility, year=2021):
    return Award.objects.get(facility=facility, kind=SubsidyKind.OPERATING, year=year)


def test_running_the_computation_again_changes_nothing(users, day_care):
    day_care(meals=True)
    day_care(meals=False)
    first = compute(users["bureau"])
    before = list(Award.objects.values())
    second = compute(users["bureau"])
    assert len(first.created) == 2
    assert (second.created, second.changed, second.removed) == ([], [], [])
    assert len(second.unchanged) == 2
    assert list(Award.objects.values()) == before


def test_a_changed_fact_updates_the_proposal_and_says_what_changed(users, checker, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    set_meals(facility, (date(2020, 10, 1), False))
    outcome = compute(checker)
    award = operating(facility)
    assert award.amount == Decimal("10000.00")
    assert outcome.changed == [(award, Decimal("30000.00"))]
    assert award.proposed_by == checker  # whoever re-ran it is now its maker
    assert "变化 1 项" in outcome.summary()


def test_a_proposal_no_longer_due_is_withdrawn(users, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    facility.status_changes.all().delete()
    outcome = compute(users["bureau"])
    assert not Award.objects.filter(facility=facility).exists()
    assert len(outcome.removed) == 1


def test_an_approved_award_is_frozen_when_facts_and_rules_change(users, checker, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    award = services.approve_award(award=operating(facility), by=checker)
    frozen = Award.objects.filter(pk=award.pk).values("amount", "reasons", "facts").get()
    set_meals(facility, (date(2020, 10, 1), False))
    SubsidyRule.objects.filter(kind=SubsidyKind.OPERATING, meals=MealCondition.WITHOUT_MEALS).update(amount=Decimal("15000"))
    outcome = compute(users["bureau"])
    assert Award.objects.filter(pk=award.pk).values("amount", "reasons", "facts").get() == frozen
    assert outcome.kept_approved == [(award, Decimal("15000.00"))]  # the page says what the facts would give now
    assert operating(facility).status == AwardStatus.APPROVED


def test_a_rule_for_next_year_leaves_this_year_intact(users, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    before = Award.objects.filter(pk=operating(facility).pk).values().get()
    current = SubsidyRule.objects.get(kind=SubsidyKind.OPERATING, meals=MealCondition.WITH_MEALS)
    new_rule_like(current, clause="§3(三)（2022年调整）", amount="40000.00", valid_from=date(2022, 1, 1))
    outcome = compute(users["bureau"])
    assert Award.objects.filter(pk=before["id"]).values().get() == before
    assert len(outcome.unchanged) == 1
    compute(users["bureau"], year=2022)
    assert operating(facility, 2022).amount == Decimal("40000.00")


def test_the_user_who_proposed_cannot_approve(users, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    with pytest.raises(ValidationError) as refused:
        services.approve_award(award=operating(facility), by=users["bureau"])
    assert "approved_by" in refused.value.message_dict
    assert operating(facility).status == AwardStatus.PROPOSED


def test_the_database_refuses_a_maker_approving_their_own_award(users, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    award = operating(facility)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(
            status=AwardStatus.APPROVED, approved_by=award.proposed_by, approved_at=award.proposed_at
        )


@pytest.mark.parametrize("role", ["jinluo", "leader", "admin"])
def test_only_the_bureau_approves(users, day_care, role):
    facility = day_care(meals=True)
    compute(users["bureau"])
    with pytest.raises(PermissionDenied):
        services.approve_award(award=operating(facility), by=users[role])


def test_an_award_is_approved_once(users, checker, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    services.approve_award(award=operating(facility), by=checker)
    with pytest.raises(ValidationError):
        services.approve_award(award=operating(facility), by=checker)


# --- disbursement ---------------------------------------------------------------------------------------


@pytest.fixture
def approved(users, checker, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    return services.approve_award(award=operating(facility), by=checker)


def pay(award, user, amount, paid_on=None, voucher="记-2026-001"):
    paid_on = paid_on or timezone.localdate()  # the approval was today
    return services.record_disbursement(award=award, paid_on=paid_on, amount=Decimal(amount), voucher=voucher, by=user)


def test_nothing_is_paid_before_approval(users, day_care):
    facility = day_care(meals=True)
    compute(users["bureau"])
    with pytest.raises(ValidationError) as refused:
        pay(operating(facility), users["bureau"], "100")
    assert "amount" in refused.value.message_dict
    assert not Disbursement.objects.exists()


def test_a_payment_larger_than_the_approved_amount_is_refused(users, approved):
    pay(approved, users["bureau"], "20000")
    with pytest.raises(ValidationError) as refused:
        pay(approved, users["bureau"], "10000.01", voucher="记-2026-002")
    assert "amount" in refused.value.message_dict
    pay(approved, users["bureau"], "10000.00", voucher="记-2026-002")  # exactly the rest is fine
    assert Disbursement.objects.filter(award=approved).count() == 2


@pytest.mark.parametrize(("amount", "field"), [("-1", "amount"), ("0", "amount")])
def test_a_payment_must_be_positive(users, approved, amount, field):
    with pytest.raises(ValidationError) as refused:
        pay(approved, users["bureau"], amount)
    assert field in refused.value.message_dict


def test_a_payment_dated_before_the_approval_is_refused(users, approved):
    with pytest.raises(ValidationError) as refused:
        pay(approved, users["bureau"], "100", paid_on=date(2021, 1, 1))
    assert "paid_on" in refused.value.message_dict
    assert not LedgerEntry.objects.exists()


def test_a_payment_enters_the_ledger_under_the_awards_source(users, approved):
    disbursement = pay(approved, users["bureau"], "30000.00")
    entry = LedgerEntry.objects.get(disbursement=disbursement)
    assert (entry.facility, entry.year, entry.amount, entry.source.code) == (
        approved.facility,
        2021,
        Decimal("30000.00"),
        "county_finance",
    )
    assert "记-2026-001" in entry.note


def test_township_staff_cannot_pay(users, approved):
    with pytest.raises(PermissionDenied):
        pay(approved, users["jinluo"], "100")
