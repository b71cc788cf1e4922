from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from facilities.models import Duty, LeadingGroupMember, LeadingGroupOffice, Target
from facilities.plan_checks import PlanTable, current_document, failures, run_checks
from zhongyang_eldercare.accounts.decorators import role_required
from zhongyang_eldercare.accounts.navigation import COUNTY


@require_safe
@login_required
def plan(request):
    document = current_document()
    context = {"document": document}
    if document is not None:
        table = PlanTable(document)
        context.update(
            table=table,
            columns=table.columns,
            rows=[(row, [row.cell(*column) for column in table.columns]) for row in table.rows_with_total],
            targets=Target.objects.filter(document=document).order_by("code", "due_on"),
            members=LeadingGroupMember.objects.filter(document=document).select_related("department", "township"),
            office=LeadingGroupOffice.objects.filter(document=document).select_related("department").first(),
            duties=Duty.objects.filter(document=document).prefetch_related("departments"),
        )
    return render(request, "facilities/plan.html", context)


@require_safe
@role_required(*COUNTY)
def plan_checks(request):
    findings = run_checks()
    return render(request, "facilities/plan_checks.html", {"findings": findings, "failed": failures(findings)})
