from datetime import date

from tests.scoping import ScopeCase
from zhongyang_eldercare.reports.models import MonthlyReport, ReportStatus
from zhongyang_eldercare.reports.services import figures_for


def make_report(township):
    month = date(2021, 6, 1)
    return MonthlyReport.objects.create(
        township=township,
        month=month,
        due_on=date(2021, 7, 5),
        status=ReportStatus.APPROVED,
        figures=figures_for(township=township, month=month),
        problems="样例问题",
        next_steps="样例下一步",
    )


CASES = [
    ScopeCase(
        model=MonthlyReport,
        make=make_report,
        list_url="reports:monthly_list",
        detail_url="reports:monthly_detail",
        change_url="reports:monthly_remarks",
        change_data=lambda report: {"problems": "问题", "next_steps": "下一步"},
    ),
]
