"""Progress toward the plan: the dashboard's and the reports' lines, assembled from facilities' figures.

The dashboard, the Excel progress report, the township monthly reports and the benchmark all
call ``compute_progress``; a number never differs between them. Every figure is facilities' own,
read "as of" one day from the dated histories (docs/reports.md has the counting rules):

* tasks done per year and kind: ``Facility.objects.tasks_done(on)``;
* village coverage on a day and at each year end: ``Village.objects.coverage_by_township_on(days)``;
* relocation-site coverage: ``RelocationSite.objects.coverage_by_township(on)``;
* beds per 1,000 elderly: ``Township.objects.with_beds_on(on)`` and ``Township.bed_ratio``;
* facilities by status on the day: ``Facility.objects.count_by_status(on)``;
* planned coverage: ``PlanTableRow.planned_covered(year)``;
* facilities in service meeting the standard: ``facilities.compliance`` over ``Facility.objects.as_of(on)``.

This module only assembles them into lines (one per township in scope and a totals line) and
judges each line against the targets of §2.2 (behind, on track, ahead). The number of queries is
fixed: it does not grow with facilities or villages.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.compliance import assess
from facilities.models import BedRatio, Facility, RelocationSite, TargetCode, Village
from facilities.plan_checks import PlanTable, current_document
from zhongyang_eldercare.kernel.dates import year_end
from zhongyang_eldercare.kernel.numbers import percent


class Standing:
    BEHIND = "behind"
    ON_TRACK = "on_track"
    AHEAD = "ahead"
    LABELS = {BEHIND: _("Behind target"), ON_TRACK: _("On track"), AHEAD: _("Ahead of target")}


class Flag:
    """Why a line is behind target."""

    COVERAGE = "coverage"
    SITES = "sites"
    BEDS = "beds"
    LABELS = {
        COVERAGE: _("Village coverage below the target already due"),
        SITES: _("Relocation sites without a day care center"),
        BEDS: _("Fewer beds per 1,000 elderly than the target"),
    }


@dataclass(frozen=True)
class Share:
    covered: int
    total: int

    @property
    def percent(self):
        return percent(self.covered, self.total)

    def __add__(self, other):
        return Share(self.covered + other.covered, self.total + other.total)


@dataclass(frozen=True)
class TaskCount:
    planned: int
    done: int

    @property
    def difference(self):
        return self.done - self.planned


@dataclass
class Line:
    """One township's progress, or the total of the lines in scope (``township`` None)."""

    label: str
    township: object  # a Township, or None for the totals line
    planned_villages: tuple  # (total, already built, still to build) as published
    planned_coverage: dict  # year -> villages the task table plans covered by that year end
    tasks: dict  # (year, kind) -> TaskCount
    villages: Share  # covered on the as-of day
    coverage_at: dict  # year -> Share at the end of that year (None after the as-of day)
    sites: Share
    bed_ratio: BedRatio
    compliant: int = 0  # facilities in service that meet every registered check (facilities.compliance)
    not_compliant: int = 0
    standing: str = Standing.ON_TRACK
    flags: list = field(default_factory=list)  # Flag codes

    @property
    def beds(self):
        return self.bed_ratio.beds

    @property
    def elderly(self):
        return self.bed_ratio.elderly

    @property
    def beds_per_thousand(self):
        return self.bed_ratio.per_thousand

    @property
    def flag_labels(self):
        return [Flag.LABELS[flag] for flag in self.flags]

    @property
    def is_behind(self):
        return bool(self.flags)

    def task(self, year, kind):
        return self.tasks.get((year, kind), TaskCount(0, 0))

    @property
    def year_shares(self):
        """(year, coverage at that year end or None) in year order."""
        return sorted(self.coverage_at.items())

    def as_json(self):
        """Plain figures for a frozen snapshot (monthly reports)."""
        return {
            "label": self.label,
            "planned_villages": list(self.planned_villages),
            "tasks": [
                {"year": year, "kind": kind, "planned": count.planned, "done": count.done}
                for (year, kind), count in sorted(self.tasks.items())
            ],
            "villages": [self.villages.covered, self.villages.total],
            "coverage_percent": str(self.villages.percent),
            "coverage_at": {str(year): [s.covered, s.total] if s else None for year, s in self.coverage_at.items()},
            "sites": [self.sites.covered, self.sites.total],
            "beds": self.beds,
            "elderly": self.elderly,
            "compliance": [self.compliant, self.not_compliant],
            "beds_per_thousand": None if self.beds_per_thousand is None else str(self.beds_per_thousand),
            "standing": self.standing,
            "flags": list(self.flags),
        }


@dataclass
class Progress:
    document: object
    as_of: date  # the day the figures are read on (the form's and the URL's as_of)
    townships: object  # the Township queryset in scope, as the caller scoped it
    whole_county: bool  # the scope is the county: the totals line is the published totals row
    years: list
    columns: list  # (year, kind) in the table's order
    lines: list  # one per township in scope, in the table's order
    total: Line
    coverage_targets: list  # Target rows, by due date
    site_target: object
    beds_target: object
    facilities_by_status: dict  # status (or None) -> count, on the as-of day
    # every facility in scope, in report order, read through Facility.objects.as_of (status_on, beds_on …)
    facilities: list = field(default_factory=list)
    assessment: object = None  # their shortfalls on the day (facilities.compliance)
    trajectory: list = field(default_factory=list)  # dicts for the chart and the coverage sheet
    table: object = None  # the task table read (facilities.plan_checks.PlanTable): the plan checks reuse it

    @property
    def current_target(self):
        """This year's village-coverage target: the first one not yet past on the as-of day; after the plan's
        last due date its last target still holds, until a newer document (with its own targets) replaces it."""
        upcoming = next((t for t in self.coverage_targets if t.due_on >= self.as_of), None)
        return upcoming or (self.coverage_targets[-1] if self.coverage_targets else None)


def plan_period(document=None):
    document = document or current_document()
    if document is None:
        return None
    return document.period_start, document.period_end


def default_as_of(document=None):
    """Today (in the portal's time zone): after the plan's end its targets still hold, and the visit figures
    are the recent weeks'. Before the plan started, its first day."""
    period = plan_period(document)
    today = timezone.localdate()
    if period is None:
        return today
    return max(today, period[0])


def compute_progress(*, on, townships, whole_county=False, document=None):
    """Progress of ``townships`` on ``on``, or None when no task table is loaded.

    ``townships`` is the scope, a Township queryset the caller scoped: ``Township.objects.for_user(user)``
    for a page, ``Township.objects.in_township(township)`` for a monthly report, ``Township.objects.all()``
    for the county. ``whole_county`` says that it is the whole county, so that the totals line is the
    task table's published totals row (a mismatch is a plan-check failure, not silently re-added);
    otherwise the totals line adds up the lines.
    """
    document = document or current_document()
    if document is None:
        return None
    table = PlanTable(document)
    years = sorted({year for year, _kind in table.columns})
    facilities = Facility.objects.filter(township__in=townships)
    rows = list(
        facilities.as_of(on)
        .select_related("township", "village", "relocation_site")
        .order_by("township__position", "kind", "name")
    )
    assessment = assess(rows, on=on)
    figures = {
        "coverage": _coverage_days(Village.objects.filter(township__in=townships), years, on, document.period_start),
        "sites": RelocationSite.objects.filter(township__in=townships).coverage_by_township(on),
        "done": facilities.tasks_done(on),
        "compliance": assessment.tally_by_township(row for row in rows if row.in_service),
        "rows": {row.township_id: row for row in table.township_rows},
    }
    in_scope = townships.with_beds_on(on).order_by("position", "name")
    lines = [_township_line(township, table, years, figures) for township in in_scope]
    published_row = table.total_row if whole_county else None
    progress = Progress(
        document=document,
        as_of=on,
        townships=townships,
        whole_county=whole_county,
        years=years,
        columns=table.columns,
        lines=lines,
        total=_total_line(lines, table, years, published_row),
        coverage_targets=sorted(table.targets_of(TargetCode.VILLAGE_COVERAGE), key=lambda t: t.due_on),
        site_target=next(iter(table.targets_of(TargetCode.RELOCATION_COVERAGE)), None),
        beds_target=next(iter(table.targets_of(TargetCode.BEDS_PER_THOUSAND)), None),
        facilities_by_status=facilities.count_by_status(on),
        facilities=rows,
        assessment=assessment,
        table=table,
    )
    for line in [*lines, progress.total]:
        _judge(line, progress)
    progress.trajectory = _trajectory(progress, figures["coverage"]["start"])
    return progress


def _coverage_days(villages, years, on, plan_start):
    """{"start" / year / "now": {township id: (covered, total)}}: before the plan, at each year end up to
    ``on``, and on ``on`` itself, in one query."""
    days = {"start": plan_start - timedelta(days=1), **{year: year_end(year) for year in years if year_end(year) <= on}}
    days["now"] = on
    by_day = villages.coverage_by_township_on(list(days.values()))
    return {key: by_day[day] for key, day in days.items()}


def _township_line(township, table, years, figures):
    row = figures["rows"].get(township.pk)
    coverage = figures["coverage"]
    return Line(
        label=township.name,
        township=township,
        planned_villages=(row.villages_total, row.villages_built, row.villages_to_build) if row else (0, 0, 0),
        planned_coverage={year: row.planned_covered(year) if row else 0 for year in years},
        tasks={
            (year, kind): TaskCount(row.cell(year, kind) if row else 0, figures["done"].get((township.pk, year, kind), 0))
            for year, kind in table.columns
        },
        villages=Share(*coverage["now"].get(township.pk, (0, 0))),
        coverage_at={year: Share(*coverage[year].get(township.pk, (0, 0))) if year in coverage else None for year in years},
        sites=Share(*figures["sites"].get(township.pk, (0, 0))),
        bed_ratio=township.bed_ratio,
        compliant=figures["compliance"].get(township.pk, (0, 0))[0],
        not_compliant=figures["compliance"].get(township.pk, (0, 0))[1],
    )


def _sum_shares(shares):
    present = [share for share in shares if share is not None]
    return sum(present, Share(0, 0)) if present else None


def _total_line(lines, table, years, published_row):
    """The totals line: planned figures from the published totals row for the whole county, else summed."""
    tasks = {}
    for column in table.columns:
        done = sum(line.task(*column).done for line in lines)
        planned = published_row.cell(*column) if published_row else sum(line.task(*column).planned for line in lines)
        tasks[column] = TaskCount(planned, done)
    if published_row:
        planned_villages = (published_row.villages_total, published_row.villages_built, published_row.villages_to_build)
        planned_coverage = {year: published_row.planned_covered(year) for year in years}
    else:
        planned_villages = tuple(sum(line.planned_villages[i] for line in lines) for i in range(3))
        planned_coverage = {year: sum(line.planned_coverage[year] for line in lines) for year in years}
    return Line(
        label=str(published_row.label if published_row else (lines[0].label if len(lines) == 1 else _("Sum total"))),
        township=None,
        planned_villages=planned_villages,
        planned_coverage=planned_coverage,
        tasks=tasks,
        villages=_sum_shares(line.villages for line in lines) or Share(0, 0),
        coverage_at={year: _sum_shares(line.coverage_at[year] for line in lines) for year in years},
        sites=_sum_shares(line.sites for line in lines) or Share(0, 0),
        bed_ratio=sum((line.bed_ratio for line in lines), BedRatio(0, 0)),
        compliant=sum(line.compliant for line in lines),
        not_compliant=sum(line.not_compliant for line in lines),
    )


def coverage_standing(share, targets, on):
    """Behind / on track / ahead of the village-coverage targets (§2.2) on ``on``."""
    passed = [t.value for t in targets if t.due_on <= on]
    upcoming = [t.value for t in targets if t.due_on > on]
    if share is None:  # no villages: no share to judge
        return Standing.ON_TRACK
    if passed and share < passed[-1]:
        return Standing.BEHIND
    if upcoming and share >= upcoming[0]:
        return Standing.AHEAD
    return Standing.ON_TRACK


def _judge(line, progress):
    line.standing = coverage_standing(line.villages.percent, progress.coverage_targets, progress.as_of)
    if line.standing == Standing.BEHIND:
        line.flags.append(Flag.COVERAGE)
    site_target = progress.site_target
    if site_target and site_target.due_on <= progress.as_of and line.sites.total and line.sites.percent < site_target.value:
        line.flags.append(Flag.SITES)
    beds = line.beds_per_thousand
    if progress.beds_target and beds is not None and beds < progress.beds_target.value:
        line.flags.append(Flag.BEDS)


def _as_float(value):
    return None if value is None else float(value)


def _trajectory(progress, start):
    """Coverage of the lines in scope by year end: planned (the task table), actual (the records) and the target."""
    total = progress.total
    planned_total = total.planned_villages[0]
    start_actual = _sum_shares(Share(*pair) for pair in start.values())
    points = [
        {
            "label": str(_("Before the plan")),
            "planned": _as_float(percent(total.planned_villages[1], planned_total)),
            "actual": _as_float(start_actual.percent) if start_actual else None,
            "target": None,
        }
    ]
    targets = {t.due_on.year: t.value for t in progress.coverage_targets}
    for year in progress.years:
        actual = total.coverage_at.get(year)
        points.append(
            {
                "label": str(year),
                "planned": _as_float(percent(total.planned_coverage[year], planned_total)),
                "actual": _as_float(actual.percent) if actual else None,
                "target": float(targets[year]) if year in targets else None,
            }
        )
    return points
