"""What the dashboard shows besides the progress itself: each section is one function of (progress, user)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from facilities.models import FacilityStatus, KeyProject, Milestone, TaskKind
from facilities.plan_checks import failures, run_checks
from zhongyang_eldercare.reports.money import money_by_township
from zhongyang_eldercare.reports.progress import Standing
from zhongyang_eldercare.reports.staffing import dashboard_block


def plan_check_failures(progress, user):
    """The plan checks that fail (for the county only: the task table is the county's)."""
    if not progress.whole_county:
        return None
    return failures(run_checks(progress.document, table=progress.table))


def late_key_projects(progress, user):
    """Key projects (§2.1, §2.4) with a milestone past its deadline on the as-of day, with those milestones."""
    overdue = Prefetch(
        "milestones", queryset=Milestone.objects.overdue(progress.as_of).order_by("deadline"), to_attr="overdue_milestones"
    )
    # started by the day: a project still unfinished after its plan's end is still late (as on the key-projects page)
    projects = KeyProject.objects.for_user(user).exclude(valid_from__gt=progress.as_of).late(on=progress.as_of)
    return list(projects.select_related("township").prefetch_related(overdue))


def facilities_by_status(progress, user):
    labels = dict(FacilityStatus.choices)
    order = [*FacilityStatus.values, None]
    counts = progress.facilities_by_status
    return [(labels.get(status, _("No status recorded")), counts[status]) for status in order if counts.get(status)]


def chart_data(progress, user):
    """Everything the two charts draw; the page embeds it with json_script."""
    target = progress.current_target
    return {
        "townships": [line.label for line in progress.lines],
        "coverage": [None if line.villages.percent is None else float(line.villages.percent) for line in progress.lines],
        "target": float(target.value) if target else None,
        "trajectory": progress.trajectory,
        "labels": {
            "coverage": _("Village coverage (%)"),
            "target": _("Target"),
            "planned": _("Planned (task table)"),
            "actual": _("Actual (records)"),
            "coverageTitle": coverage_title(progress),
            "trajectoryTitle": _("County village coverage at each year end"),
        },
    }


def coverage_title(progress):
    """The coverage chart's title names the township when the page shows only one."""
    day = progress.as_of.isoformat()
    if not progress.whole_county and len(progress.lines) == 1:
        return _("Village coverage of %(township)s on %(day)s") % {"township": progress.lines[0].label, "day": day}
    return _("Village coverage by township on %(day)s") % {"day": day}


def task_lines(progress, user):
    """Planned, done and difference per township (and the total) for every column of the task table."""
    lines = [*progress.lines, progress.total] if len(progress.lines) > 1 else progress.lines
    return [
        {
            "label": line.label,
            "is_total": line is progress.total,
            "counts": [line.task(*column) for column in progress.columns],
        }
        for line in lines
    ]


SECTIONS = {
    "task_lines": task_lines,
    "failed_checks": plan_check_failures,
    "late_projects": late_key_projects,
    "status_counts": facilities_by_status,
    "chart_data": chart_data,
    "staffing": dashboard_block,
    "money": money_by_township,
}


def dashboard_context(progress, user):
    context = {name: section(progress, user) for name, section in SECTIONS.items()}
    context["standing_labels"] = Standing.LABELS
    context["task_kinds"] = TaskKind.choices
    return context
