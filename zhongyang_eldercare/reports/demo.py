"""Sample monthly progress reports, flagged ``is_sample`` and labelled 【样例】 in their remarks.

October 2021: every township's report approved. November 2021: a mix the bureau's
overview can show, submitted, returned with a reason, approved, and not submitted.
"""

from datetime import date

from facilities.models import Township
from zhongyang_eldercare.accounts.demo import installation_county
from zhongyang_eldercare.accounts.models import Role, User
from zhongyang_eldercare.reports import services
from zhongyang_eldercare.reports.models import MonthlyReport

ORDER = 50

OCTOBER, NOVEMBER = date(2021, 10, 1), date(2021, 11, 1)
# November's outcome by the township's position in the table.
NOVEMBER_PLAN = {1: "submitted", 2: "submitted", 3: "approved", 4: "returned", 5: "approved", 6: "draft"}


def load(*, password):
    bureau = User.objects.filter(role=Role.BUREAU, county=installation_county()).order_by("pk").first()
    if bureau is None:
        return ["No bureau account: sample monthly reports skipped."]
    created = 0
    for township in Township.objects.in_county(bureau.county_id).order_by("position"):  # the bureau's own county
        staff = township.staff.filter(role=Role.TOWNSHIP).order_by("pk").first()
        if staff is None:
            continue
        created += _report(township, OCTOBER, staff, bureau, "approved")
        created += _report(township, NOVEMBER, staff, bureau, NOVEMBER_PLAN.get(township.position))
    return [f"Sample monthly progress reports created: {created}"]


def _report(township, month, staff, bureau, outcome):
    if outcome is None or MonthlyReport.objects.filter(township=township, month=month).exists():
        return 0
    report = services.start_report(township=township, month=month, by=staff)
    MonthlyReport.objects.filter(pk=report.pk).update(is_sample=True)
    report = services.save_remarks(
        report=report,
        problems=f"【样例】{township.name}：个别幸福小院施工进度滞后，部分设施未录入面积。",
        next_steps="【样例】下月完成剩余设施建设并补录设施信息。",
    )
    if outcome == "draft":
        return 1
    report = services.submit_report(report=report, by=staff)
    if outcome == "approved":
        services.approve_report(report=report, by=bureau)
    elif outcome == "returned":
        services.return_report(report=report, by=bureau, reason="【样例】请补充未达标设施的整改计划。")
    return 1
