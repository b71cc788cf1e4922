"""The sample monthly reports give the bureau's overview something to show."""

import pytest

from zhongyang_eldercare.demo_loading import load_all
from zhongyang_eldercare.reports.models import MonthlyReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_sample_reports_cover_every_state_and_loading_twice_adds_nothing(policy):
    load_all(password="Demo-pass-2020")
    november = MonthlyReport.objects.filter(month__year=2021, month__month=11)
    assert set(november.values_list("status", flat=True)) == set(ReportStatus.values)
    assert november.count() == 6  # the seventh township has not submitted
    assert MonthlyReport.objects.filter(month__month=10, status=ReportStatus.APPROVED).count() == 7
    assert not MonthlyReport.objects.filter(is_sample=False).exists()
    approved = MonthlyReport.objects.filter(status=ReportStatus.APPROVED).first()
    assert approved.figures["township"]["villages"][1] > 0 and approved.problems.startswith("【样例】")
    load_all(password="Demo-pass-2020")
    assert MonthlyReport.objects.count() == 13
