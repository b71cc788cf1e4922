"""Writes of the subsidies app: evaluations, the award computation, approval, disbursement, ledger entries.

Keyword-only arguments; the acting user is ``by``; each write runs in one transaction and saves
only what ``full_clean()`` accepts, so nothing is half-saved. Errors are keyed by the form field
they belong to, in Chinese.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility, Village
from subsidies.computation import propose
from subsidies.models import (
    Award,
    AwardStatus,
    Disbursement,
    Evaluation,
    EvaluationKind,
    IndicatorScore,
    LedgerEntry,
    RectificationItem,
    grade_for,
    indicators_on,
)
from zhongyang_eldercare.kernel.dates import NOT_IN_FUTURE_MESSAGE, is_in_future
from zhongyang_eldercare.kernel.money import yuan


def require_bureau(user):
    """Computing, approving and paying awards, and the evaluations that count, are the bureau's."""
    if not (user.is_active and user.is_bureau):
        raise PermissionDenied


def _in_scope(model, user, pk):
    return model.objects.for_user(user).filter(pk=pk).exists()


# --- Evaluations (§3(四)) -----------------------------------------------------------------------


def score_field(indicator):
    """The form field (and error key) of an indicator's score."""
    return f"score_{indicator.code}"


@transaction.atomic
def record_evaluation(*, facility, kind, evaluated_on, evaluators, scores, by, findings="", rectifications=()):
    """Record an evaluation with one score per indicator in force on ``evaluated_on``; total and grade follow.

    ``scores`` maps indicator codes to scores (errors keyed ``score_<code>``); ``rectifications`` is a list of
    (item, deadline) (errors keyed ``deadline_<n>``, counting from 1). Township
    staff record self-checks of their own township's facilities; only the bureau records the annual and
    stage evaluations that count for money.
    """
    _refuse_evaluator(facility, kind, by)
    errors = {}
    if is_in_future(evaluated_on):
        errors["evaluated_on"] = [NOT_IN_FUTURE_MESSAGE]
    indicators = indicators_on(evaluated_on) if evaluated_on else []
    if evaluated_on and not indicators:
        errors["evaluated_on"] = [_("No evaluation checklist is in force on this date.")]
    values = {}
    for indicator in indicators:
        value, error = _score(scores.get(indicator.code), indicator)
        if error:
            errors[score_field(indicator)] = [error]
        values[indicator] = value
    for number, (_item, deadline) in enumerate(rectifications, start=1):
        if deadline and evaluated_on and deadline < evaluated_on:
            errors[f"deadline_{number}"] = [_("The deadline is before the evaluation.")]
    if errors:
        raise ValidationError(errors)
    total = sum(values.values(), Decimal(0))
    if total > 100:
        raise ValidationError({"evaluated_on": [_("The total score lies between 0 and 100.")]})
    grade, _threshold = grade_for(total, evaluated_on)
    if grade is None:
        raise ValidationError({"evaluated_on": [_("No grade thresholds are in force on this date.")]})
    evaluation = Evaluation(
        facility=facility,
        kind=kind,
        evaluated_on=evaluated_on,
        evaluators=evaluators,
        total=total,
        grade=grade,
        findings=findings,
        recorded_by=by,
    )
    evaluation.full_clean()
    evaluation.save()
    for indicator, value in values.items():
        score = IndicatorScore(evaluation=evaluation, indicator=indicator, score=value)
        score.full_clean()
        score.save()
    for description, deadline in rectifications:
        if not description:
            continue
        item = RectificationItem(evaluation=evaluation, description=description, deadline=deadline)
        item.full_clean()
        item.save()
    return evaluation


@transaction.atomic
def complete_rectification(*, item, done_on, by):
    """Record the day a rectification item was put right (township staff for their own facilities, the bureau any)."""
    if not by.can_edit_records or not _in_scope(RectificationItem, by, item.pk):
        raise PermissionDenied
    if done_on is None:
        raise ValidationError({"done_on": [_("Enter the day it was put right.")]})
    if is_in_future(done_on):
        raise ValidationError({"done_on": [NOT_IN_FUTURE_MESSAGE]})
    if done_on < item.evaluation.evaluated_on:
        raise ValidationError({"done_on": [_("The day is before the evaluation.")]})
    item.done_on = done_on
    item.full_clean()
    item.save(update_fields=["done_on"])
    return item


def _refuse_evaluator(facility, kind, by):
    if not by.can_edit_records or not _in_scope(Facility, by, facility.pk):
        raise PermissionDenied
    if kind != EvaluationKind.SELF_CHECK and not by.is_bureau:
        raise ValidationError({"kind": [_("Only the bureau records annual and stage evaluations; record a self-check.")]})


def _score(raw, indicator):
    """(score as a Decimal, error message or None): present, a number, between 0 and the indicator's maximum."""
    if raw is None or raw == "":
        return None, _("Score this indicator.")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None, _("Enter a number.")
    if not value.is_finite() or value < 0 or value > indicator.max_score:
        return None, _("The score lies between 0 and %(max)s.") % {"max": f"{indicator.max_score.normalize():f}"}
    if value != value.quantize(Decimal("0.1")):
        return None, _("At most one decimal place.")
    return value, None


# --- Awards (§3(三)) --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run of the computation changed: new proposals, changed ones, unchanged, withdrawn, approved and kept."""

    year: int
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (award, old amount)
    unchanged: list = field(default_factory=list)
    removed: list = field(default_factory=list)  # str of the withdrawn proposal
    kept_approved: list = field(default_factory=list)  # (award, amount the facts would give now)
    not_due: list = field(default_factory=list)

    def summary(self):
        return _(
            "%(year)s: %(created)s new proposals, %(changed)s changed, %(unchanged)s unchanged, %(removed)s withdrawn, "
            "%(kept)s approved awards kept as approved."
        ) % {
            "year": self.year,
            "created": len(self.created),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "kept": len(self.kept_approved),
        }


@transaction.atomic
def compute_awards(*, year, by, today=None):
    """Propose every award due for ``year``: new proposals are added, unapproved ones updated or withdrawn,
    approved ones never touched (they stay frozen with their facts). Returns what changed."""
    require_bureau(by)
    today = today or timezone.localdate()
    if year > today.year:
        raise ValidationError({"year": [_("Awards cannot be computed for a year that has not begun.")]})
    # the user's own county (a city of several counties: each bureau computes, and withdraws, its own)
    computation = propose(year, today, among=Facility.objects.for_user(by))
    outcome = Outcome(year=year, not_due=computation.not_due)
    # locked until this run commits: an approval made meanwhile waits, and is not written over by a stale copy
    awards = Award.objects.for_user(by).filter(year=year).select_related("facility").select_for_update(of=("self",))
    existing = {(award.facility_id, award.kind): award for award in awards}
    now = timezone.now()
    for proposal in computation.proposals:
        award = existing.pop((proposal.facility.pk, proposal.kind), None)
        _apply(outcome, award, proposal, by, now, year)
    for award in existing.values():
        if award.is_approved:
            outcome.kept_approved.append((award, None))
        else:
            outcome.removed.append(str(award))
            award.delete()
    return outcome


def _apply(outcome, award, proposal, by, now, year):
    if award is None:
        award = Award(year=year, facility=proposal.facility, kind=proposal.kind)
        _fill(award, proposal, by, now)
        outcome.created.append(award)
    elif award.is_approved:
        outcome.kept_approved.append((award, None if award.amount == proposal.amount else proposal.amount))
    elif (award.amount, award.reasons, award.facts, award.payer_id) == (
        proposal.amount,
        proposal.reasons,
        proposal.facts,
        proposal.payer.pk,
    ):
        outcome.unchanged.append(award)
    else:
        old = award.amount
        _fill(award, proposal, by, now)
        outcome.changed.append((award, old))


def _fill(award, proposal, by, now):
    award.amount, award.payer, award.reasons, award.facts = proposal.amount, proposal.payer, proposal.reasons, proposal.facts
    award.proposed_by, award.proposed_at = by, now
    award.full_clean()
    award.save()


@transaction.atomic
def approve_award(*, award, by):
    """The checker: a bureau user other than the one who proposed it approves; the award is frozen from then on."""
    require_bureau(by)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.is_approved:
        raise ValidationError({"approved_by": [_("This award is already approved.")]})
    if award.proposed_by_id == by.pk:
        raise ValidationError({"approved_by": [_("You proposed this award; another bureau user must approve it.")]})
    award.status, award.approved_by, award.approved_at = AwardStatus.APPROVED, by, timezone.now()
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def approve_awards(*, awards, by):
    """Approve every proposal among ``awards`` that ``by`` did not propose; returns (approved, left for another user)."""
    require_bureau(by)
    approved = left = 0
    for award in awards.filter(status=AwardStatus.PROPOSED).order_by("pk"):
        if award.proposed_by_id == by.pk:
            left += 1
            continue
        approve_award(award=award, by=by)
        approved += 1
    return approved, left


@transaction.atomic
def record_disbursement(*, award, paid_on, amount, voucher, by):
    """Record a payment of an approved award; it enters the funding ledger under the award's source at once."""
    require_bureau(by)
    award = Award.objects.select_for_update().get(pk=award.pk)
    errors = _disbursement_errors(award, paid_on, amount, voucher)
    if errors:
        raise ValidationError(errors)
    disbursement = Disbursement(award=award, paid_on=paid_on, amount=amount, voucher=voucher.strip(), recorded_by=by)
    disbursement.full_clean()
    disbursement.save()
    entry = LedgerEntry(
        year=award.year,
        facility=award.facility,
        source=award.payer,
        received_on=paid_on,
        amount=amount,
        note=_("%(award)s, voucher %(voucher)s") % {"award": award.get_kind_display(), "voucher": disbursement.voucher},
        disbursement=disbursement,
        recorded_by=by,
    )
    entry.full_clean()
    entry.save()
    return disbursement


def _disbursement_errors(award, paid_on, amount, voucher):
    errors = {}
    if not award.is_approved:
        errors["amount"] = [_("The award is not approved yet: nothing can be paid before approval.")]
        return errors
    if paid_on is None:
        errors["paid_on"] = [_("Enter the date paid.")]
    elif is_in_future(paid_on):
        errors["paid_on"] = [NOT_IN_FUTURE_MESSAGE]
    elif paid_on < timezone.localtime(award.approved_at).date():
        errors["paid_on"] = [
            _("The payment cannot be dated before the approval (%(day)s).")
            % {"day": timezone.localtime(award.approved_at).date()}
        ]
    paid = award.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if amount is None or amount <= 0:
        errors["amount"] = [_("The amount must be greater than 0.")]
    elif paid + amount > award.amount:
        errors["amount"] = [
            _("Paying %(amount)s would exceed the approved %(approved)s (already paid %(paid)s).")
            % {"amount": yuan(amount), "approved": yuan(award.amount), "paid": yuan(paid)}
        ]
    if not (voucher or "").strip():
        errors["voucher"] = [_("Enter the voucher number.")]
    return errors


# --- The funding ledger (§2.8) ----------------------------------------------------------------


@transaction.atomic
def save_ledger_entry(*, entry, by):
    """Add or correct a ledger entry by hand: township staff for their own facilities and villages, the bureau any.
    Entries of paid awards are written by ``record_disbursement`` and cannot be changed here."""
    if not by.can_edit_records:
        raise PermissionDenied
    if entry.pk and LedgerEntry.objects.filter(pk=entry.pk, disbursement__isnull=False).exists():
        raise ValidationError({"amount": [_("This entry is a paid award; correct the disbursement instead.")]})
    if entry.facility_id and not _in_scope(Facility, by, entry.facility_id):
        raise ValidationError({"facility": [_("Entries can only be made for your own township.")]})
    if entry.village_id and not _in_scope(Village, by, entry.village_id):
        raise ValidationError({"village": [_("Entries can only be made for your own township.")]})
    entry.recorded_by = entry.recorded_by or by
    entry.full_clean()
    entry.save()
    return entry


# --- The rules (policy data the bureau keeps) -------------------------------------------------------


@transaction.atomic
def save_rule(*, rule, by, townships=None):
    """Add or change a money rule row (the bureau and the administrator); a change for a later period is a new row
    with a later ``valid_from``, so the awards already computed keep the rows they name."""
    if not by.can_edit_policy:
        raise PermissionDenied
    rule.full_clean()
    rule.save()
    if townships is not None:
        rule.townships.set(townships)
    return rule
