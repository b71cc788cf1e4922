from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from facilities import services
from facilities.models import Duty, LeadingGroupMember, LeadingGroupOffice, PlanUpload, Target
from facilities.plan_checks import PlanTable, failures, run_checks
from facilities.plan_forms import AcceptPlanForm, PlanChoiceForm, PlanUploadForm
from facilities.plans import county_for, plans_of
from zhongyang_eldercare.accounts.decorators import role_required
from zhongyang_eldercare.accounts.navigation import COUNTY
from zhongyang_eldercare.accounts.scoping import get_for_user_or_404


@require_safe
@login_required
def plan(request):
    form = PlanChoiceForm(request.GET, user=request.user)
    county, document, _day = form.reading()
    context = {"document": document, "form": form, "plans": plans_of(county), "county": county}
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
    form = PlanChoiceForm(request.GET, user=request.user)
    _county, document, _day = form.reading()
    findings = run_checks(document) if document else []
    context = {"findings": findings, "failed": failures(findings), "form": form, "document": document}
    return render(request, "facilities/plan_checks.html", context)


# --- the next plan's task table, uploaded by the bureau (issue 15, item 3) ---------------------------------------


def _bureau_county(request):
    """The bureau's own county: only the bureau uploads and accepts a plan (403 for everyone else)."""
    if not request.user.is_bureau:
        raise PermissionDenied
    return county_for(request.user)


@require_http_methods(["GET", "POST"])
@login_required
def plan_upload(request):
    county = _bureau_county(request)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = services.check_plan_upload(county=county, upload=data.pop("file"), by=request.user, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("plan:upload_detail", pk=upload.pk)
    uploads = PlanUpload.objects.for_user(request.user).select_related("uploaded_by", "accepted_by")[:10]
    return render(request, "facilities/plan_upload.html", {"form": form, "uploads": uploads, "county": county})


def _form_errors(form, error):
    for field, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
@role_required(*COUNTY)
def plan_upload_detail(request, pk):
    uploads = PlanUpload.objects.select_related("county", "uploaded_by", "accepted_by", "document")
    upload = get_for_user_or_404(uploads, request.user, pk=pk)
    form = AcceptPlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _bureau_county(request)
        form.is_valid()
        try:
            confirmed = form.cleaned_data.get("confirm", False)
            upload = services.accept_plan_upload(upload=upload, by=request.user, confirmed=confirmed)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The task table is stored as the county's plan."))
            return redirect(f"{reverse('plan:plan')}?plan={upload.document_id}")
    status = 400 if form.errors else 200
    return render(request, "facilities/plan_upload_detail.html", {"upload": upload, "form": form}, status=status)
