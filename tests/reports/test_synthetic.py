"""make_synthetic: counties shaped like Zhongyang, the same records for the same seed, and never beside real data."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from facilities.models import (
    County,
    Facility,
    FacilityStatusChange,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    RelocationSite,
    Target,
    Township,
    Village,
)
from facilities.plan_checks import failures, run_checks
from facilities.plans import plan_in_force
from subsidies.models import Award, AwardStatus, Disbursement, Evaluation, IndicatorScore, LedgerEntry
from visits.models import Elder, FollowUp, Visit
from zhongyang_eldercare.accounts.models import User
from zhongyang_eldercare.reports.progress import compute_progress

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def make(settings, *args):
    settings.DEBUG = True
    call_command("make_synthetic", *args, "--today", TODAY.isoformat(), stdout=StringIO())


def fingerprint():
    """Everything generated, without primary keys or names that carry the county's number."""
    elders = list(
        Elder.objects.order_by("pk").values_list(
            "name", "id_number", "birth_date", "village__name", "living_arrangement", "children_count",
            "children_in_county", "is_special_family", "manual_priority_reason", "status", "status_since", "archived_on",
        )
    )  # fmt: skip
    visits = list(
        Visit.objects.order_by("pk").values_list("elder__id_number", "visited_on", "visitor", "method", "health", "overall_risk")
    )
    facilities = list(Facility.objects.order_by("pk").values_list("kind", "status", "beds", "village__name"))
    changes = list(FacilityStatusChange.objects.order_by("pk").values_list("facility__kind", "status", "changed_on"))
    follow_ups = list(FollowUp.objects.order_by("pk").values_list("visit__visited_on", "problem", "status", "resolved_on"))
    plans = list(
        PlanTableCell.objects.filter(row__document__county__is_synthetic=True)
        .order_by("pk")
        .values_list("row__label", "row__villages_total", "year", "kind", "count")
    )
    evaluations = list(Evaluation.objects.order_by("pk").values_list("facility__name", "evaluated_on", "total", "grade"))
    awards = list(Award.objects.order_by("pk").values_list("facility__name", "year", "kind", "amount", "status", "facts"))
    payments = list(Disbursement.objects.order_by("pk").values_list("award__facility__name", "paid_on", "amount"))
    ledger = list(LedgerEntry.objects.order_by("pk").values_list("facility__name", "source__code", "received_on", "amount"))
    return elders, visits, facilities, changes, follow_ups, plans, evaluations, awards, payments, ledger


def test_one_county_has_zhongyangs_shape_and_is_marked(policy, settings):
    make(settings, "--elders", "2000", "--weeks", "8", "--seed", "3")
    county = County.objects.get(is_synthetic=True)
    townships = Township.objects.filter(county=county)
    assert townships.count() == 7
    assert Village.objects.filter(township__county=county).count() == 76
    assert RelocationSite.objects.filter(township__county=county).count() == 12
    elders = Elder.objects.filter(village__township__county=county)
    assert elders.count() == 2000
    priority = elders.priority_on(TODAY).count()
    assert 0.07 * 2000 <= priority <= 0.11 * 2000
    assert Facility.objects.filter(township__county=county, status__in=["built", "operating"]).count() > 40
    # weekly visits to the priority elders, with gaps: most visited each week, not all
    visited_last_full_week = Visit.objects.filter(week_start=date(2026, 11, 23), elder__in=elders.priority_on(TODAY))
    assert 0.7 * priority < visited_last_full_week.values("elder").distinct().count() < priority
    assert not Elder.objects.filter(is_sample=False).exists() and not Visit.objects.filter(is_sample=False).exists()
    assert FollowUp.objects.filter(elder__village__township__county=county).exists() or Visit.objects.count() < 2000


def test_the_same_seed_builds_the_same_records_and_another_seed_others(policy, settings):
    make(settings, "--elders", "300", "--weeks", "6", "--seed", "7", "--counties", "2")
    first = fingerprint()
    assert County.objects.filter(is_synthetic=True).count() == 2
    make(settings, "--delete")
    assert not County.objects.filter(is_synthetic=True).exists() and not Elder.objects.exists()
    make(settings, "--elders", "300", "--weeks", "6", "--seed", "7", "--counties", "2")
    assert fingerprint() == first
    make(settings, "--delete")
    make(settings, "--elders", "300", "--weeks", "6", "--seed", "8", "--counties", "2")
    assert fingerprint() != first


def test_each_county_has_its_own_plan_and_the_dashboard_reads_it(policy, settings):
    make(settings, "--elders", "300", "--weeks", "4", "--seed", "5", "--counties", "2")
    first, second = County.objects.filter(is_synthetic=True).order_by("pk")
    document = plan_in_force(first, TODAY)
    assert document.county == first and document != plan_in_force(second, TODAY)
    rows = PlanTableRow.objects.filter(document=document)
    assert rows.count() == 8 and rows.filter(is_total=True).count() == 1  # Attachment 3: 7 townships and the totals row
    assert set(rows.exclude(is_total=True).values_list("township__county", flat=True)) == {first.pk}
    assert rows.get(is_total=True).villages_total == 76 == Village.objects.filter(township__county=first).count()
    assert PlanTableCell.objects.filter(row__document=document).count() == 8 * 7
    zhongyang = PolicyDocument.objects.get(county__code="zhongyang")
    assert sorted(Target.objects.filter(document=document).values_list("code", "value", "due_on")) == sorted(
        Target.objects.filter(document=zhongyang).values_list("code", "value", "due_on")
    )

    # the table is Zhongyang's as published, with its inconsistencies: the plan checks find the same in both
    def found(plan):
        return [(f.rule, f.subject, f.expected, f.found) for f in failures(run_checks(plan))]

    assert found(document) == found(zhongyang)
    progress = compute_progress(on=TODAY, townships=Township.objects.filter(county=first), whole_county=True, document=document)
    assert len(progress.lines) == 7
    total = rows.get(is_total=True)
    assert progress.total.planned_villages == (76, total.villages_built, total.villages_to_build)


def test_money_evaluations_approved_awards_and_payments_in_the_ledger(policy, settings):
    make(settings, "--elders", "300", "--weeks", "4", "--seed", "5")
    county = County.objects.get(is_synthetic=True)
    evaluations = Evaluation.objects.filter(facility__township__county=county)
    assert {day.year for day in evaluations.values_list("evaluated_on", flat=True)} == {2023, 2024, 2025}
    assert IndicatorScore.objects.filter(evaluation__in=evaluations).count() == 6 * evaluations.count()
    for evaluation in evaluations[:20]:
        assert sum(evaluation.scores.values_list("score", flat=True)) == evaluation.total
    awards = Award.objects.filter(facility__township__county=county)
    assert awards.count() > 20 and set(awards.values_list("status", flat=True)) == {AwardStatus.APPROVED}
    assert all(award.proposed_by != award.approved_by and award.reasons for award in awards.select_related("proposed_by"))
    payments = Disbursement.objects.filter(award__facility__township__county=county)
    assert payments.exists() and payments.count() == LedgerEntry.objects.filter(disbursement__in=payments).count()
    assert LedgerEntry.objects.filter(facility__township__county=county, disbursement__isnull=True).exists()
    make(settings, "--delete")
    assert not Evaluation.objects.exists() and not Award.objects.exists() and not LedgerEntry.objects.exists()
    assert not PolicyDocument.objects.filter(county__is_synthetic=True).exists()
    assert not User.objects.filter(username__startswith="synthetic-").exists()


def test_refuses_a_database_with_real_records_unless_allowed(policy, settings, make_village):
    make_village(Township.objects.first(), "真实村")
    with pytest.raises(CommandError, match="real records"):
        make(settings, "--elders", "50", "--weeks", "2")
    assert not County.objects.filter(is_synthetic=True).exists()
    make(settings, "--elders", "50", "--weeks", "2", "--allow-real")
    assert County.objects.filter(is_synthetic=True).count() == 1


def test_refuses_outside_debug_unless_allowed(policy, settings):
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("make_synthetic", "--elders", "50", "--weeks", "2")
    assert not County.objects.filter(is_synthetic=True).exists()


def test_needs_the_policy_rules(fresh_install, settings):
    with pytest.raises(CommandError, match="load_policy"):
        make(settings, "--elders", "50", "--weeks", "2")
