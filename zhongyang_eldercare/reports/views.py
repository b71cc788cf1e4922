from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from facilities.models import TaskKind, Township
from facilities.plan_forms import PlanChoiceForm
from zhongyang_eldercare.accounts.decorators import role_required
from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.accounts.scoping import get_for_user_or_404
from zhongyang_eldercare.audit.conflicts import conflict_message
from zhongyang_eldercare.kernel.confirmation import confirmation_response, is_confirmed
from zhongyang_eldercare.kernel.spreadsheets import workbook_bytes, xlsx_response
from zhongyang_eldercare.kernel.versions import EditConflict
from zhongyang_eldercare.reports import services
from zhongyang_eldercare.reports.dashboard import dashboard_context
from zhongyang_eldercare.reports.forms import MonthForm, RemarksForm, ReturnForm
from zhongyang_eldercare.reports.models import MonthlyReport, ReportStatus
from zhongyang_eldercare.reports.progress import Flag, Standing, compute_progress
from zhongyang_eldercare.reports.workbook import progress_workbook

# --- Dashboard and Excel report ------------------------------------------------------


def _progress_for(request):
    """The progress of the townships the user may see in the chosen county, on the chosen day, against the chosen
    plan or the one in force that day (facilities.plan_forms)."""
    form = PlanChoiceForm(request.GET, user=request.user)
    county, document, day = form.reading()
    if document is None:
        return form, None
    townships = Township.objects.for_user(request.user).in_county(county)
    progress = compute_progress(on=day, townships=townships, whole_county=request.user.sees_whole_county, document=document)
    return form, progress


def _render_dashboard(request, form, progress):
    context = {"form": form, "progress": progress}
    if progress is not None:
        context.update(dashboard_context(progress, request.user))
    return render(request, "reports/dashboard.html", context)


@login_required
@require_safe
def dashboard(request):
    form, progress = _progress_for(request)
    return _render_dashboard(request, form, progress)


@login_required
@require_safe
def progress_xlsx(request):
    form, progress = _progress_for(request)
    if progress is None or form.errors:
        return _render_dashboard(request, form, progress)
    content = workbook_bytes(progress_workbook(progress))
    return xlsx_response(content, f"progress-{progress.as_of:%Y-%m-%d}.xlsx")


# --- Monthly progress reports (§3.4) ---------------------------------------------------


@login_required
@require_safe
def monthly_list(request):
    return _list_response(request)


def _list_response(request, *, start_form=None, status=200):
    month_form = MonthForm(request.GET or None)
    month = month_form.cleaned_data["month"] if month_form.is_valid() else services.first_of_month(timezone.localdate())
    reports = services.visible_reports(request.user).select_related("township", "submitted_by", "reviewed_by")
    context = {"month_form": month_form, "month": month, "reports": reports}
    if request.user.role in (Role.BUREAU, Role.ADMIN):
        context["overview"] = services.month_overview(month=month, user=request.user)
    if request.user.is_township_staff:
        context["start_form"] = start_form or MonthForm(initial={"month": month})
    return render(request, "reports/monthly_list.html", context, status=status)


def _report_for_change(request, pk, role):
    """The report, for a change only the given role makes: 404 outside scope, 403 otherwise."""
    report = get_for_user_or_404(services.visible_reports(request.user), request.user, pk=pk, for_change=True)
    if request.user.role != role:
        raise PermissionDenied
    return report


@never_cache
@login_required
@require_safe
def monthly_detail(request, pk):
    report = get_for_user_or_404(
        services.visible_reports(request.user).select_related("township", "submitted_by", "reviewed_by"),
        request.user,
        pk=pk,
    )
    return _detail_response(request, report)


def _detail_response(request, report, *, remarks_form=None, return_form=None, status=200):
    figures = report.figures
    if figures is None:
        figures = services.figures_for(township=report.township, month=report.month)
    context = {
        "report": report,
        "figures": figures,
        "live": report.figures is None,
        "can_edit": request.user.is_township_staff and report.is_editable,
        "can_review": request.user.is_bureau and report.status == ReportStatus.SUBMITTED,
        "remarks_form": remarks_form or RemarksForm(instance=report),
        "return_form": return_form or ReturnForm(),
        "standing_labels": Standing.LABELS,
        "flag_labels": Flag.LABELS,
        "task_kinds": TaskKind.choices,
        "locked_weeks": [f"{year}-W{week:02d}" for year, week in services.month_weeks(report.month)]
        if report.status == ReportStatus.APPROVED
        else [],
    }
    return render(request, "reports/monthly_detail.html", context, status=status)


def _run(request, action, report, success, **kwargs):
    try:
        action(report=report, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(report)


@role_required(Role.TOWNSHIP)
@require_POST
def monthly_start(request):
    form = MonthForm(request.POST)
    if form.is_valid():
        try:
            report = services.start_report(township=request.user.township, month=form.cleaned_data["month"], by=request.user)
        except ValidationError as error:
            form.add_error("month", error.message_dict.get("month", error.messages))
        else:
            return redirect(report)
    return _list_response(request, start_form=form, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def monthly_remarks(request, pk):
    """GET: the report with its remarks form (the change page); POST: save the remarks."""
    report = _report_for_change(request, pk, Role.TOWNSHIP)
    if request.method == "GET":
        return _detail_response(request, report)
    form = RemarksForm(request.POST, instance=report)
    if not form.is_valid():  # text no field holds (a NUL byte), a version that is no number: nothing is saved
        return _detail_response(request, MonthlyReport.objects.get(pk=report.pk), remarks_form=form, status=400)
    data = form.cleaned_data
    try:
        return _run(
            request,
            services.save_remarks,
            report,
            _("Remarks saved."),
            problems=data["problems"],
            next_steps=data["next_steps"],
            version=data["version"],
        )
    except EditConflict as conflict:
        form.refuse(conflict, conflict_message(conflict))
        return _detail_response(request, MonthlyReport.objects.get(pk=report.pk), remarks_form=form, status=409)


@login_required
@require_POST
def monthly_submit(request, pk):
    """The remarks form's second button: save what was typed, then submit; a refusal shows the text kept."""
    report = _report_for_change(request, pk, Role.TOWNSHIP)
    form = RemarksForm(request.POST, instance=report)
    if "problems" in request.POST and form.is_valid():
        try:
            report = services.save_remarks(report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if not form.errors:
        try:
            services.submit_report(report=report, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _detail_response(request, report, remarks_form=form, status=400)
    messages.success(request, _("Report submitted to the bureau."))
    return redirect(report)


@login_required
@require_POST
def monthly_return(request, pk):
    report = _report_for_change(request, pk, Role.BUREAU)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)  # "reason" goes under its field, anything else on top
        else:
            messages.success(request, _("Report returned to the township."))
            return redirect(report)
    return _detail_response(request, report, return_form=form, status=400)


@login_required
@require_POST
def monthly_approve(request, pk):
    """Approving locks the township's weeks of visits: a confirmation page first says which."""
    report = _report_for_change(request, pk, Role.BUREAU)
    if not is_confirmed(request):
        weeks = ", ".join(f"{year}-W{week:02d}" for year, week in services.month_weeks(report.month))
        return confirmation_response(
            request,
            title=_("Approve %(report)s?") % {"report": report},
            message=_("Once approved, the report cannot change and the township's visits in these weeks are locked: %(weeks)s.")
            % {"weeks": weeks},
            confirm_label=_("Yes, approve"),
            cancel_url=report.get_absolute_url(),
        )
    return _run(request, services.approve_report, report, _("Report approved."), by=request.user)
