"""The sample money data: a computed year, approved by a second bureau account, some of it paid, a ledger."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from subsidies.models import Award, AwardStatus, Disbursement, Evaluation, EvaluationKind, LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(policy, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "Demo-pass-2020"
    call_command("load_demo", stdout=io.StringIO())


def test_demo_has_a_computed_year_with_approvals_and_payments_once(demo):
    today = timezone.localdate()
    year = today.year if (today.month, today.day) == (12, 31) else today.year - 1  # the last year ended by today
    awards = Award.objects.filter(year=year)
    assert awards.filter(status=AwardStatus.PROPOSED).exists()
    approved = awards.filter(status=AwardStatus.APPROVED)
    assert approved.exists()
    assert not approved.filter(approved_by__username="bureau").exists()  # the checker is bureau2
    assert Disbursement.objects.exists()
    assert LedgerEntry.objects.filter(disbursement__isnull=False).count() == Disbursement.objects.count()
    assert Evaluation.objects.filter(kind=EvaluationKind.SELF_CHECK).exists()
    assert set(LedgerEntry.objects.values_list("source__group", flat=True)) == {
        "government",
        "collective",
        "social",
        "elder",
        "children",
    }
    assert LedgerEntry.objects.filter(village__isnull=False).exists()
    # loading it again adds nothing
    counts = (Evaluation.objects.count(), Award.objects.count(), LedgerEntry.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Evaluation.objects.count(), Award.objects.count(), LedgerEntry.objects.count()) == counts
