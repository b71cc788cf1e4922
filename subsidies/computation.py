"""What each facility is due for a year, and why: the arithmetic behind ``services.compute_awards``.

Nothing here writes. ``propose(year, cutoff)`` reads the facilities' dated histories (status, meal
service), their evaluations and the rules in force, and returns one ``Proposal`` per award due,
each with its reasons line by line and the facts it was computed from, plus the facilities that
are not due and why. The formula (docs/subsidies.md, and on the awards page):

* **Operating subsidy** (§3(三)): for every day of the year up to ``cutoff`` on which the facility
  was in operation, the operating rule in force that day for its type and its meal service that day
  applies. Each rule pays ``amount × days it applied ÷ days in the year`` (rounded to the fen); the
  sum is scaled by the factor of the facility's grade (its latest bureau evaluation of the year).
  In a per-person pilot township a per-person rule pays ``amount × elderly served × days ÷ days in
  the year`` instead, where that is more (the plan's amounts are minimums: 不低于).
* **Construction award** (§3(三)): once per facility, the rule in force on its first day in service,
  when on the day of its latest bureau evaluation of the year it meets the building standard (no
  shortfall from any registered check), is in operation, and its grade is at least the rule's.
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from facilities.compliance import assess_queryset
from facilities.models import IN_SERVICE, Facility, FacilityStatus, FacilityStatusChange, MealService
from subsidies.models import (
    Award,
    AwardStatus,
    Evaluation,
    GradeFactor,
    MealCondition,
    SubsidyKind,
    SubsidyRule,
    grade_at_least,
)
from zhongyang_eldercare.kernel.money import to_fen, yuan
from zhongyang_eldercare.kernel.rules import particular_or_general, winning_rule, winning_rules

ONE = Decimal(1)


@dataclass
class Proposal:
    facility: Facility
    kind: str
    amount: Decimal
    payer: object
    reasons: list
    facts: dict


@dataclass
class NotDue:
    facility: Facility
    kind: str
    reason: str


@dataclass
class Computation:
    year: int
    cutoff: date
    proposals: list = field(default_factory=list)
    not_due: list = field(default_factory=list)


def days_of(year, cutoff):
    """The days of ``year`` up to ``cutoff`` (the whole year once it has ended)."""
    day, last = date(year, 1, 1), min(date(year, 12, 31), cutoff)
    while day <= last:
        yield day
        day += timedelta(days=1)


def days_in_year(year):
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def daily(rows, days, value, *, date_field="changed_on", before=None):
    """{day: the value in force} over ``days`` for changes ``rows`` already in date order (``before``: the value
    before the first row)."""
    rows, values, current, index = list(rows), {}, before, 0
    for day in days:
        while index < len(rows) and getattr(rows[index], date_field) <= day:
            current = value(rows[index])
            index += 1
        values[day] = current
    return values


def propose(year, cutoff, among=None):
    """Every award due for ``year`` (days counted up to ``cutoff``), with the facilities not due and why.

    ``among``: a Facility queryset to compute for (one county, e.g. ``make_synthetic``); default every facility."""
    result = Computation(year=year, cutoff=cutoff)
    rules = RuleList(SubsidyRule.objects.select_related("document", "payer").prefetch_related("townships"))
    factors = list(GradeFactor.objects.select_related("document"))
    kinds = {rule.facility_kind for rule in rules}
    facilities = list(_facilities(kinds, among))
    evaluations = _latest_evaluations(facilities, year, cutoff)
    for facility in facilities:
        _operating(result, facility, rules, factors, evaluations.get(facility.pk))
    _construction(result, facilities, rules, factors, evaluations)
    return result


def _facilities(kinds, among=None):
    statuses = Prefetch("status_changes", queryset=FacilityStatusChange.objects.order_by("changed_on", "pk"))
    meals = Prefetch("meal_services", queryset=MealService.objects.order_by("changed_on", "pk"))
    facilities = Facility.objects.all() if among is None else among
    return (
        facilities.filter(kind__in=kinds)
        .select_related("township", "village", "relocation_site")
        .prefetch_related(statuses, meals)
        .order_by("township__position", "name", "pk")
    )


def _latest_evaluations(facilities, year, cutoff):
    """{facility pk: its latest evaluation of the year that counts for money, on or before ``cutoff``}."""
    latest = {}
    rows = Evaluation.objects.counting().in_year(year).filter(evaluated_on__lte=cutoff, facility__in=facilities)
    for evaluation in rows.order_by("evaluated_on", "pk"):
        latest[evaluation.facility_id] = evaluation
    return latest


# --- operating subsidy -------------------------------------------------------------------------


def _operating(result, facility, rules, factors, evaluation):
    days = list(days_of(result.year, result.cutoff))
    status = daily(facility.status_changes.all(), days, lambda row: row.status)
    meal_rows = list(facility.meal_services.all())
    meals = daily(
        meal_rows, days, lambda row: row.serves_meals, before=meal_rows[0].serves_meals if meal_rows else facility.serves_meals
    )
    persons = _persons_served(facility)
    days_by_rule, chosen, meal_days, operating_days = Counter(), {}, 0, 0
    on_day = {}  # (the rules' period the day falls in, meals) -> the rule: the same for every day of a period
    for day in days:
        key = (rules.period_of(day), bool(meals[day]))
        if key not in on_day:
            on_day[key] = _operating_rule_on(rules, facility, day, meals[day], persons)
        rule = on_day[key]
        if rule is None or not _counts(rule, status[day]):
            continue
        days_by_rule[rule.pk] += 1  # by pk: a year is 365 days of each of a county's facilities
        chosen[rule.pk] = rule
        operating_days += status[day] == FacilityStatus.OPERATING
        meal_days += bool(meals[day])
    applied = Counter({chosen[pk]: count for pk, count in days_by_rule.items()})
    if not applied:
        result.not_due.append(NotDue(facility, SubsidyKind.OPERATING, _no_operating_reason(facility, rules, status)))
        return
    if not _grade_allows(applied, evaluation):
        result.not_due.append(NotDue(facility, SubsidyKind.OPERATING, _grade_refusal(applied, evaluation)))
        return
    lines, base = [], Decimal(0)
    year_days = days_in_year(result.year)
    for rule, count in sorted(applied.items(), key=lambda item: (item[0].kind, item[0].meals, item[0].pk)):
        share = _rule_share(rule, count, year_days, persons)
        lines.append(_rule_line(rule) + _share_line(rule, count, year_days, persons, share))
        base += share
    facts = _facts(result, facility, status, meals, persons, evaluation, applied)
    factor, factor_line = _factor(factors, SubsidyKind.OPERATING, evaluation, result.cutoff)
    amount = to_fen(base * factor)
    lines.append(
        _(
            "Facts: %(days)s days counted in %(year)s (%(operating)s operating), %(meals)s of them serving meals; "
            "%(year_days)s days in the year."
        )
        % {
            "days": sum(applied.values()),
            "year": result.year,
            "operating": operating_days,
            "meals": meal_days,
            "year_days": year_days,
        }
    )
    lines.append(factor_line)
    lines.append(
        _("Total: %(base)s × %(factor)s = %(amount)s yuan")
        % {"base": yuan(base), "factor": f"{factor:.2f}", "amount": yuan(amount)}
    )
    payer = max(applied, key=lambda rule: applied[rule]).payer
    result.proposals.append(Proposal(facility, SubsidyKind.OPERATING, amount, payer, lines, facts))


def _operating_rule_on(rules, facility, day, serves_meals, persons):
    """The rule that pays the day: the flat operating rule for the type and meal service, or a per-person pilot
    rule of the facility's township where it pays more."""
    flat = _rule_for(rules, SubsidyKind.OPERATING, facility, day, serves_meals)
    pilot = _rule_for(rules, SubsidyKind.PER_PERSON, facility, day, serves_meals)
    if pilot is not None and not _in_pilot(pilot, facility, rules):
        pilot = None
    if pilot is None or (flat is not None and flat.amount >= pilot.amount * persons):
        return flat
    return pilot


def _rule_for(rules, kind, facility, day, serves_meals):
    """The winning rule of ``kind`` for the facility's type on ``day``: one for its meal service, else one for any
    (the one for any also when it started later: ``kernel.rules.particular_or_general``).

    The same for every facility of the type: worked out once per (kind, type, day, meals) for ``rules`` (a
    ``RuleList``), not once per facility and day (a county's 90 facilities × 365 days)."""
    key = (kind, facility.kind, day, bool(serves_meals))
    if key not in rules.chosen:
        meal = MealCondition.WITH_MEALS if serves_meals else MealCondition.WITHOUT_MEALS
        candidates = [rule for rule in rules if rule.kind == kind and rule.facility_kind == facility.kind]
        winners = winning_rules(candidates, day, key=lambda rule: rule.meals)
        rules.chosen[key] = particular_or_general(winners.get(meal), winners.get(MealCondition.ANY))
    return rules.chosen[key]


class RuleList(list):
    """The subsidy rules read for one computation, with the rule chosen for each (kind, type, day, meals)."""

    def __init__(self, rules):
        super().__init__(rules)
        self.chosen = {}
        self.pilot_townships = {}  # rule pk -> its pilot townships' pks
        # the days on which some rule starts or ends: between two of them the same rules are in force
        self.changes = sorted(
            {rule.valid_from for rule in self if rule.valid_from}
            | {rule.valid_to + timedelta(days=1) for rule in self if rule.valid_to and rule.valid_to < date.max}
        )

    def period_of(self, day):
        """The index of the stretch of days ``day`` falls in, between two days on which rules start or end."""
        return bisect_right(self.changes, day)


def _in_pilot(rule, facility, rules):
    """A pilot rule with no townships holds everywhere; else in its townships (read once per rule)."""
    if rule.pk not in rules.pilot_townships:
        rules.pilot_townships[rule.pk] = {township.pk for township in rule.townships.all()}
    townships = rules.pilot_townships[rule.pk]
    return not townships or facility.township_id in townships


def _counts(rule, status):
    """A day counts when the facility was operating (or, for a rule that does not ask for operation, in service)."""
    return status == FacilityStatus.OPERATING or (not rule.requires_operation and status in IN_SERVICE)


def _persons_served(facility):
    place = facility.village or facility.relocation_site
    return getattr(place, "elderly_population", None) or 0


def _rule_share(rule, count, year_days, persons):
    per_year = rule.amount * persons if rule.kind == SubsidyKind.PER_PERSON else rule.amount
    return to_fen(per_year * count / year_days)


def _rule_line(rule):
    period = _("from %(start)s") % {"start": rule.valid_from} if rule.valid_from else _("no start date")
    if rule.valid_to:
        period += _(" to %(end)s") % {"end": rule.valid_to}
    return _("Rule: %(rule)s, %(document)s %(clause)s (%(period)s). ") % {
        "rule": rule.label(),
        "document": rule.document.code,
        "clause": rule.clause,
        "period": period,
    }


def _share_line(rule, count, year_days, persons, share):
    if rule.kind == SubsidyKind.PER_PERSON:
        return _("%(amount)s × %(persons)s elderly served × %(days)s / %(year_days)s = %(share)s yuan") % {
            "amount": yuan(rule.amount),
            "persons": persons,
            "days": count,
            "year_days": year_days,
            "share": yuan(share),
        }
    return _("%(amount)s × %(days)s / %(year_days)s = %(share)s yuan") % {
        "amount": yuan(rule.amount),
        "days": count,
        "year_days": year_days,
        "share": yuan(share),
    }


def _no_operating_reason(facility, rules, status):
    if not any(rule.facility_kind == facility.kind and rule.kind != SubsidyKind.CONSTRUCTION for rule in rules):
        return _("No operating rule for this facility type.")
    if not any(value == FacilityStatus.OPERATING for value in status.values()):
        return _("Not in operation on any day of the year.")
    return _("No operating rule in force on the days it was in operation.")


def _grade_allows(applied, evaluation):
    minimum = [rule.min_grade for rule in applied if rule.min_grade]
    if not minimum:
        return True
    return evaluation is not None and all(grade_at_least(evaluation.grade, grade) for grade in minimum)


def _grade_refusal(applied, evaluation):
    minimum = next(rule for rule in applied if rule.min_grade)
    if evaluation is None:
        return _("The rule asks for a grade of at least %(grade)s and no bureau evaluation was recorded this year.") % {
            "grade": minimum.get_min_grade_display()
        }
    return _("The rule asks for a grade of at least %(grade)s; the latest evaluation gave %(found)s.") % {
        "grade": minimum.get_min_grade_display(),
        "found": evaluation.get_grade_display(),
    }


def _factor(factors, kind, evaluation, on):
    """(factor, reason line) for the grade of the evaluation that counts; 1 when there is none or no factor row."""
    if evaluation is None:
        return ONE, _("Evaluation: no bureau evaluation this year, so the amount is not scaled (× 1.00).")
    described = _("Evaluation: %(kind)s on %(day)s, %(total)s points, %(grade)s") % {
        "kind": evaluation.get_kind_display(),
        "day": evaluation.evaluated_on,
        "total": evaluation.total,
        "grade": evaluation.get_grade_display(),
    }
    rows = [row for row in factors if row.subsidy_kind == kind and row.grade == evaluation.grade]
    row = winning_rule(rows, on)
    if row is None:
        return ONE, described + _("; no grade factor in force (× 1.00).")
    return row.factor, described + _("; grade factor × %(factor)s (%(document)s %(clause)s).") % {
        "factor": f"{row.factor:.2f}",
        "document": row.document.code,
        "clause": row.clause,
    }


def _facts(result, facility, status, meals, persons, evaluation, applied):
    """What the amount was computed from, as stored with the award (frozen once approved)."""
    statuses = Counter(value or "none" for value in status.values())
    return {
        "year": result.year,
        "counted_to": result.cutoff.isoformat() if result.cutoff < date(result.year, 12, 31) else f"{result.year}-12-31",
        "days_in_year": days_in_year(result.year),
        "status_days": dict(sorted(statuses.items())),
        "meal_days": sum(1 for day, served in meals.items() if served and status[day] == FacilityStatus.OPERATING),
        "elderly_served": persons,
        "evaluation": _evaluation_facts(evaluation),
        "rules": [_rule_facts(rule, days) for rule, days in sorted(applied.items(), key=lambda item: item[0].pk)],
    }


def _evaluation_facts(evaluation):
    if evaluation is None:
        return None
    return {
        "id": evaluation.pk,
        "kind": evaluation.kind,
        "date": evaluation.evaluated_on.isoformat(),
        "total": str(evaluation.total),
        "grade": evaluation.grade,
    }


def _rule_facts(rule, days):
    return {
        "id": rule.pk,
        "rule": rule.label(),
        "document": rule.document.code,
        "clause": rule.clause,
        "amount": str(rule.amount),
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "days": days,
    }


# --- construction award -----------------------------------------------------------------------------


def _construction(result, facilities, rules, factors, evaluations):
    """Construction awards newly due: facilities without one yet, checked on the day of their evaluation."""
    candidates = [rule for rule in rules if rule.kind == SubsidyKind.CONSTRUCTION]
    kinds = {rule.facility_kind for rule in candidates}
    awarded = _already_awarded(result.year)
    by_day = defaultdict(list)
    for facility in facilities:
        if facility.kind not in kinds or facility.pk in awarded:
            continue
        first = _first_in_service(facility)
        rule = _construction_rule(candidates, facility, first)
        if first is None or first > result.cutoff:
            result.not_due.append(NotDue(facility, SubsidyKind.CONSTRUCTION, _("Not yet built or operating.")))
        elif rule is None:
            result.not_due.append(
                NotDue(
                    facility,
                    SubsidyKind.CONSTRUCTION,
                    _("No construction rule was in force on its first day in service (%(day)s).") % {"day": first},
                )
            )
        elif evaluations.get(facility.pk) is None:
            result.not_due.append(NotDue(facility, SubsidyKind.CONSTRUCTION, _("No bureau evaluation this year to check it on.")))
        else:
            by_day[evaluations[facility.pk].evaluated_on].append((facility, rule, first))
    for day, group in sorted(by_day.items()):
        assessment = assess_queryset(Facility.objects.filter(pk__in=[facility.pk for facility, _rule, _first in group]), on=day)
        for facility, rule, first in group:
            shortfalls = assessment.shortfalls(facility)
            _construction_one(result, facility, rule, first, evaluations[facility.pk], shortfalls, factors)


def _already_awarded(year):
    """Facilities with a construction award already: approved in any year, or proposed for another year."""
    awards = Award.objects.filter(kind=SubsidyKind.CONSTRUCTION)
    kept = awards.filter(status=AwardStatus.APPROVED) | awards.exclude(year=year)
    return set(kept.values_list("facility_id", flat=True))


def _first_in_service(facility):
    return next((row.changed_on for row in facility.status_changes.all() if row.status in IN_SERVICE), None)


def _construction_rule(candidates, facility, first):
    if first is None:
        return None
    own = [rule for rule in candidates if rule.facility_kind == facility.kind]
    winners = winning_rules(own, first, key=lambda rule: rule.meals)
    return winners.get(MealCondition.ANY) or next(iter(winners.values()), None)


def _construction_one(result, facility, rule, first, evaluation, shortfalls, factors):
    status_then = _status_on(facility, evaluation.evaluated_on)
    refusal = _construction_refusal(rule, evaluation, shortfalls, status_then)
    if refusal:
        result.not_due.append(NotDue(facility, SubsidyKind.CONSTRUCTION, refusal))
        return
    factor, factor_line = _factor(factors, SubsidyKind.CONSTRUCTION, evaluation, evaluation.evaluated_on)
    amount = to_fen(rule.amount * factor)
    lines = [
        _rule_line(rule)
        + _("One-off award of %(amount)s yuan, the rule in force on the first day in service.") % {"amount": yuan(rule.amount)},
        _(
            "Facts: first in service on %(first)s; on the evaluation day %(day)s it was %(status)s "
            "and met the building standard (no shortfall)."
        )
        % {"first": first, "day": evaluation.evaluated_on, "status": FacilityStatus(status_then).label},
        factor_line,
        _("Total: %(base)s × %(factor)s = %(amount)s yuan")
        % {"base": yuan(rule.amount), "factor": f"{factor:.2f}", "amount": yuan(amount)},
    ]
    facts = {
        "year": result.year,
        "first_in_service": first.isoformat(),
        "status_on_evaluation_day": status_then,
        "shortfalls_on_evaluation_day": [],
        "evaluation": _evaluation_facts(evaluation),
        "rules": [_rule_facts(rule, None)],
    }
    result.proposals.append(Proposal(facility, SubsidyKind.CONSTRUCTION, amount, rule.payer, lines, facts))


def _status_on(facility, day):
    status = None
    for row in facility.status_changes.all():
        if row.changed_on > day:
            break
        status = row.status
    return status


def _construction_refusal(rule, evaluation, shortfalls, status_then):
    if rule.requires_standard and shortfalls:
        return _("Did not meet the building standard on the evaluation day %(day)s: %(shortfalls)s") % {
            "day": evaluation.evaluated_on,
            "shortfalls": "；".join(str(item) for item in shortfalls),
        }
    if rule.requires_operation and status_then != FacilityStatus.OPERATING:
        return _("Not in operation on the evaluation day %(day)s.") % {"day": evaluation.evaluated_on}
    if rule.min_grade and not grade_at_least(evaluation.grade, rule.min_grade):
        return _("The rule asks for a grade of at least %(grade)s; the latest evaluation gave %(found)s.") % {
            "grade": rule.get_min_grade_display(),
            "found": evaluation.get_grade_display(),
        }
    return ""
