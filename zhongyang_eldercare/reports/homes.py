"""Each role's home: what to do today, as counts with a link to the place to do it (issue 13, item 7).

Every item is one small computation over the user's scope (``for_user``), so each home makes a fixed
number of queries whatever the number of elders, follow-ups or facilities (tests/reports/test_homes.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from facilities.compliance import assess_queryset
from facilities.models import Facility, KeyProject, Township
from facilities.plan_checks import failures, run_checks
from facilities.plan_forms import PlanChoiceForm
from visits.compliance import weekly_compliance, without_visitor, worklist
from visits.models import Elder, ElderStatus, FollowUp, FollowUpStatus
from zhongyang_eldercare.kernel.dates import first_of_month
from zhongyang_eldercare.reports.models import MonthlyReport, ReportStatus
from zhongyang_eldercare.reports.progress import Standing, compute_progress
from zhongyang_eldercare.reports.services import due_date

FOLLOW_UPS_LISTED = 5


@dataclass
class Item:
    """One thing to look at: a count, what it counts, where to act on it; ``urgent`` when it needs doing now."""

    key: str
    label: str
    count: int
    url: str
    urgent: bool = False
    note: str = ""
    rows: list = field(default_factory=list)


def _url(name, **query):
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


# --- Township workbench ------------------------------------------------------------------------


def visit_items(user, township, today):
    """Priority elders still to visit this week, and those already overdue (missed last week too)."""
    counts = worklist(queryset=Elder.objects.for_user(user), township=township, on=today).aggregate(
        due=Count("pk", filter=Q(visited_this_week=False, is_overdue=False)),
        overdue=Count("pk", filter=Q(visited_this_week=False, is_overdue=True)),
    )
    return [
        Item("overdue", _("Overdue visits"), counts["overdue"], _url("visits:worklist", status="overdue"), counts["overdue"] > 0),
        Item("due", _("Visits still due this week"), counts["due"], _url("visits:worklist", status="due")),
    ]


def follow_up_item(user, today):
    """Open follow-ups, the first few by due date; urgent when one is past its due date."""
    open_ones = FollowUp.objects.for_user(user).exclude(status=FollowUpStatus.RESOLVED)
    counts = open_ones.aggregate(total=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
    rows = list(open_ones.select_related("elder", "visit").order_by("due_on", "pk")[:FOLLOW_UPS_LISTED])
    note = _("%(count)d past the due date") % {"count": counts["late"]} if counts["late"] else ""
    return Item("follow_ups", _("Open follow-ups"), counts["total"], reverse("visits:follow_ups"), counts["late"] > 0, note, rows)


def facility_item(user, today):
    """Facilities in scope that fall short of a registered check today (the list's "does not meet" filter)."""
    failing = assess_queryset(Facility.objects.for_user(user), on=today).failing_pks()
    return Item("facilities", _("Facilities with shortfalls"), len(failing), _url("facilities:list", compliance="fails"))


def report_item(user, township, today):
    """Last month's report: due (not yet submitted) or returned; done once submitted or approved."""
    month = first_of_month(first_of_month(today) - timedelta(days=1))
    report = MonthlyReport.objects.for_user(user).filter(month=month).first()
    returned = MonthlyReport.objects.for_user(user).filter(status=ReportStatus.RETURNED).order_by("month").first()
    if returned is not None:
        note = _("Returned: %(reason)s") % {"reason": returned.return_reason}
        return Item("report", _("Monthly report returned"), 1, returned.get_absolute_url(), True, note)
    if report is None or report.is_editable:
        due = report.due_on if report else _due_or_none(month)
        day = due.isoformat() if due else "—"
        note = _("%(month)s, due by %(day)s") % {"month": f"{month:%Y-%m}", "day": day}
        url = report.get_absolute_url() if report else _url("reports:monthly_list", month=f"{month:%Y-%m}")
        return Item("report", _("Monthly report to submit"), 1, url, bool(due and due < today), note)
    note = _("%(month)s: %(status)s") % {"month": f"{month:%Y-%m}", "status": report.get_status_display()}
    return Item("report", _("Monthly report to submit"), 0, report.get_absolute_url(), note=note)


def _due_or_none(month):
    """The month's deadline, or None before load_policy has loaded the deadline rule (the home still opens)."""
    try:
        return due_date(month)
    except ValidationError:
        return None


def missing_info_items(user, today):
    """Records missing what the plan needs: priority elders without a visitor (§2.6), elders without a phone."""
    no_visitor = without_visitor(queryset=Elder.objects.for_user(user), on=today).count()
    no_phone = Elder.objects.for_user(user).filter(status=ElderStatus.ACTIVE, phone="", emergency_phone="").count()
    return [
        Item("without_visitor", _("Priority elders without a visitor"), no_visitor, reverse("visits:without_visitor")),
        Item("no_phone", _("Elders with no phone number"), no_phone, _url("visits:elders", missing="phone")),
    ]


def township_workbench(user, today):
    township = user.township
    return [
        *visit_items(user, township, today),
        follow_up_item(user, today),
        report_item(user, township, today),
        facility_item(user, today),
        *missing_info_items(user, today),
    ]


# --- Bureau home --------------------------------------------------------------------------------


def bureau_home(user, today):
    townships = Township.objects.for_user(user)
    # the user's county and the plan in force today, as the dashboard reads them with nothing chosen
    county, plan, day = PlanChoiceForm(user=user, today=today).reading()
    progress = None
    if plan is not None:
        in_county = townships.in_county(county)
        progress = compute_progress(on=day, townships=in_county, whole_county=user.sees_whole_county, document=plan)
    behind = [line for line in progress.lines if line.standing == Standing.BEHIND or line.flags] if progress else []
    failed = failures(run_checks(plan)) if plan is not None else []
    late = KeyProject.objects.for_user(user).exclude(valid_from__gt=today).late(on=today).count()
    county = [row for row in weekly_compliance(townships=townships, weeks=[today], today=today) if row.township_id is None]
    week = county[0] if county else None
    waiting = MonthlyReport.objects.for_user(user).filter(status=ReportStatus.SUBMITTED).count()
    overdue = FollowUp.objects.for_user(user).exclude(status=FollowUpStatus.RESOLVED).filter(due_on__lt=today).count()
    rate = (
        _("%(rate)s %% visited (%(visited)d of %(targets)d)")
        % {"rate": week.rate, "visited": week.visited, "targets": week.targets}
        if week and week.rate is not None
        else ""
    )
    return [
        Item(
            "behind",
            _("Townships behind target"),
            len(behind),
            reverse("reports:dashboard") + "#township-table",
            bool(behind),
            "、".join(str(line.label) for line in behind),
        ),
        Item("plan_checks", _("Failed plan checks"), len(failed), reverse("plan:checks"), bool(failed)),
        Item("late_projects", _("Late key projects"), late, reverse("facilities:key_projects"), late > 0),
        Item(
            "missed_visits",
            _("Priority elders not yet visited this week"),
            week.missed if week else 0,
            reverse("visits:compliance"),
            note=rate,
        ),
        Item("reports_waiting", _("Monthly reports waiting for review"), waiting, reverse("reports:monthly_list"), waiting > 0),
        Item("follow_ups_overdue", _("Follow-ups overdue"), overdue, _url("visits:follow_ups"), overdue > 0),
    ]


# --- Leading group ------------------------------------------------------------------------------


def leading_group_home(user, today):
    """The county's headline figures today, read-only: the dashboard and the report carry the rest. Read as the
    dashboard reads them with nothing chosen: the user's county and its plan in force today (not the installation's
    latest plan, which may be another county's or one not yet begun)."""
    county, plan, day = PlanChoiceForm(user=user, today=today).reading()
    progress = None
    if plan is not None:
        townships = Township.objects.for_user(user).in_county(county)
        progress = compute_progress(on=day, townships=townships, whole_county=user.sees_whole_county, document=plan)
    approved = MonthlyReport.objects.for_user(user).filter(status=ReportStatus.APPROVED).count()
    return progress, approved
