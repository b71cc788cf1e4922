"""Township monthly progress reports (§3.4): the writes, each in one transaction."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Township
from facilities.plans import plan_in_force
from visits.compliance import weekly_compliance
from visits.services import approve_weeks
from zhongyang_eldercare.kernel.dates import first_of_month, month_end
from zhongyang_eldercare.kernel.versions import EditConflict, save_unless_changed
from zhongyang_eldercare.reports.models import MonthlyReport, ReportDeadline, ReportStatus
from zhongyang_eldercare.reports.progress import compute_progress
from zhongyang_eldercare.reports.staffing import monthly_figures
from zhongyang_eldercare.reports.visit_tiers import tier_figures


def due_date(month):
    """The deadline rule in force at the month's end gives the day of the following month (§3.4)."""
    rule = ReportDeadline.objects.in_force_latest(month_end(month))
    if rule is None:
        raise ValidationError(_("No deadline rule for monthly reports is in force for this month; run load_policy."))
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following.replace(day=rule.day_of_next_month)


def month_weeks(month):
    """The ISO weeks (year, week) of a month: those whose Thursday falls in it, so each week belongs to one month."""
    first_thursday = month + timedelta(days=(3 - month.weekday()) % 7)
    weeks, thursday = [], first_thursday
    while thursday.month == month.month:
        weeks.append(thursday.isocalendar()[:2])
        thursday += timedelta(days=7)
    return weeks


def visit_compliance(*, township, month):
    """Per ISO week of the month: priority elders to visit and visited (§2.7), from visits.compliance."""
    townships = Township.objects.in_township(township)
    rows = weekly_compliance(townships=townships, weeks=month_weeks(month), today=month_end(month))
    return [
        {"week": f"{row.iso_year}-W{row.iso_week:02d}", "targets": row.targets, "visited": row.visited}
        for row in rows
        if row.township_id == township.pk
    ]


def figures_for(*, township, month):
    """The township's figures at the month's end, as plain JSON (the same numbers the dashboard shows)."""
    on = month_end(month)
    document = plan_in_force(township.county_id, on)  # the plan in force at the month's end (facilities.plans)
    progress = compute_progress(on=on, townships=Township.objects.in_township(township), document=document)
    if document is None or progress is None or not progress.lines:
        raise ValidationError(_("No task table is loaded; run load_policy."))
    return {
        "as_of": on.isoformat(),
        "plan": str(document),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "township": progress.lines[0].as_json(),
        "facilities_by_status": {status or "": count for status, count in progress.facilities_by_status.items()},
        "visits": visit_compliance(township=township, month=month),
        "staffing": monthly_figures(township=township, month=month),
        "tiers": tier_figures(township=township, on=on),  # every visiting tier over its own period (issue 15)
    }


def _locked(report):
    return MonthlyReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def start_report(*, township, month, by):
    """A draft for the township's month; the same draft when one exists already."""
    month = first_of_month(month)
    if month > first_of_month(timezone.localdate()):
        raise ValidationError({"month": _("A report cannot be started for a future month.")})
    report, _created = MonthlyReport.objects.get_or_create(township=township, month=month, defaults={"due_on": due_date(month)})
    return report


@transaction.atomic
def save_remarks(*, report, problems, next_steps, version=None):
    """``version``: the one the remarks form was loaded at (EditConflict when the report changed since)."""
    report = _locked(report)
    if not report.is_editable:
        raise ValidationError(_("Only a draft or a returned report can be changed."), code="not_editable")
    if version is not None and report.version != version:
        raise EditConflict(report, version=version, current=report.version)
    report.problems, report.next_steps = problems, next_steps
    report.full_clean()
    save_unless_changed(report, version=version, update_fields=["problems", "next_steps"])
    return report


@transaction.atomic
def submit_report(*, report, by):
    """Store the figures at the month's end and send the report to the bureau (again, after a return)."""
    report = _locked(report)
    if not report.is_editable:
        raise ValidationError(_("Only a draft or a returned report can be submitted."), code="not_editable")
    if report.month_end >= timezone.localdate():
        raise ValidationError(_("The report can be submitted once the month has ended."), code="month_not_ended")
    if not (report.problems.strip() and report.next_steps.strip()):
        raise ValidationError(_("Describe the problems and the next steps before submitting."), code="no_remarks")
    now = timezone.now()
    report.figures = figures_for(township=report.township, month=report.month)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = by, now
    report.first_submitted_at = report.first_submitted_at or now
    report.full_clean()
    report.save()
    return report


def _review(report, *, by, status, reason=""):
    report = _locked(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."), code="not_submitted")
    report.status, report.return_reason = status, reason
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def return_report(*, report, by, reason):
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the report.")})
    return _review(report, by=by, status=ReportStatus.RETURNED, reason=reason.strip())


@transaction.atomic
def approve_report(*, report, by):
    """Approve: the figures stored at submission are final, and the month's weeks of visits are locked."""
    report = _review(report, by=by, status=ReportStatus.APPROVED)
    approve_weeks(township=report.township, weeks=month_weeks(report.month), by=by)
    return report


def month_overview(*, month, user):
    """For each township the user sees: (township, its report for the month or None), in two queries."""
    townships = list(Township.objects.for_user(user).order_by("position", "name"))
    reports = {r.township_id: r for r in MonthlyReport.objects.for_user(user).filter(month=first_of_month(month))}
    return [(township, reports.get(township.pk)) for township in townships]


def visible_reports(user):
    """Every report the user may read: the leading group reads approved reports only."""
    reports = MonthlyReport.objects.for_user(user)
    if user.is_read_only:
        reports = reports.filter(status=ReportStatus.APPROVED)
    return reports
