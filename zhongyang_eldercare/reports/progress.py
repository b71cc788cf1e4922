"""Progress toward the plan: the one place it is computed.

The dashboard, the Excel progress report, the township monthly reports and the
benchmark all call ``compute_progress``; a number never differs between them.
Every figure is read "as of" one day from the dated status history
(``FacilityStatusChange``), so the same call answers for the end of 2020 or for today.

Counting rules (docs/reports.md):

* A task column of Attachment 3 (year Y, kind K) is *done* by the facilities of
  kind K that first entered service (built or operating) during year Y, up to the
  as-of day. Day care centers serving a relocation site count in the relocation-site
  column only. A facility finished on 31 December counts for that year; one
  finished on 1 January counts for the next. Facilities in service before the plan
  began are the table's "already built" villages, not a task.
* Village coverage is ``Village.objects.coverage_by_township`` (facilities.models):
  a village is covered when a village-level facility serving it is in service.
* Beds per 1,000 elderly: beds (as counted on the day, ``BedCount``) of every facility in service on the day, over the
  elderly population (the villages' own figures where any are recorded, otherwise
  the township's figure).
* Coverage status against the 60/80/100% targets (§2.2): *behind* when the share is
  below the last target already due, *ahead* when it already reaches the next
  target, otherwise *on track*.

The number of queries is fixed: it does not grow with facilities or villages.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from facilities.compliance import assess
from facilities.models import (
    Facility,
    FacilityKind,
    RelocationSite,
    TargetCode,
    TaskKind,
    Township,
    Village,
)
from facilities.plan_checks import PlanTable, current_document
from zhongyang_eldercare.kernel.numbers import percent

IN_SERVICE_STATUSES = ("built", "operating")
TASK_FACILITY_KINDS = (FacilityKind.DAY_CARE, FacilityKind.HAPPINESS)  # the kinds Attachment 3 counts


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
    township: Township | None
    planned_villages: tuple  # (total, already built, still to build) as published
    tasks: dict  # (year, kind) -> TaskCount
    villages: Share  # covered on the as-of day
    coverage_at: dict  # year -> Share at the end of that year (None after the as-of day)
    sites: Share
    beds: int
    elderly: int
    compliant: int = 0  # facilities in service that meet the standard of their type (facilities.compliance)
    not_compliant: int = 0
    standing: str = Standing.ON_TRACK
    flags: list = field(default_factory=list)  # Flag codes

    @property
    def beds_per_thousand(self):
        if not self.elderly:
            return None
        return (Decimal(self.beds) * 1000 / self.elderly).quantize(Decimal("0.1"))

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
    as_of: date
    years: list
    columns: list  # (year, kind) in the table's order
    lines: list  # one per township in scope, in the table's order
    total: Line
    coverage_targets: list  # Target rows, by due date
    site_target: object
    beds_target: object
    facilities_by_status: dict  # status (or None) -> count, on the as-of day
    # every facility in scope, in report order, read through Facility.objects.as_of (status_on, beds_on ...)
    facilities: list = field(default_factory=list)
    assessment: object = None  # their shortfalls on the day (facilities.compliance)
    trajectory: list = field(default_factory=list)  # dicts for the chart and the coverage sheet

    @property
    def current_target(self):
        """This year's village-coverage target: the first one not yet past on the as-of day."""
        return next((t for t in self.coverage_targets if t.due_on >= self.as_of), None)

    @property
    def behind(self):
        return [line for line in self.lines if line.is_behind]


def plan_period(document=None):
    document = document or current_document()
    if document is None:
        return None
    return document.period_start, document.period_end


def default_as_of(document=None, today=None):
    """Today, kept inside the plan period."""
    period = plan_period(document)
    today = today or date.today()
    if period is None:
        return today
    return min(max(today, period[0]), period[1])


def _scoped(queryset, user):
    return queryset if user is None else queryset.for_user(user)


def done_counts(facility_list, years, as_of):
    """{(township id, year, task kind): facilities of that kind that first entered service that year, up to ``as_of``}.

    ``facility_list`` carries ``first_in_service`` (``facility_rows``).
    """
    counts = {}
    for facility in facility_list:
        day = facility.first_in_service
        if facility.kind not in TASK_FACILITY_KINDS or day is None or day > as_of or day.year not in years:
            continue
        key = (facility.township_id, day.year, _task_kind(facility.kind, facility.relocation_site_id is not None))
        counts[key] = counts.get(key, 0) + 1
    return counts


def _task_kind(facility_kind, at_site):
    if facility_kind == FacilityKind.HAPPINESS:
        return TaskKind.HAPPINESS
    return TaskKind.RELOCATION_DAY_CARE if at_site else TaskKind.DAY_CARE


def _year_end(year):
    return date(year, 12, 31)


def _elderly_by_township(villages, townships):
    sums = dict(villages.order_by().values_list("township_id").annotate(total=Sum("elderly_population")))
    return {t.pk: sums.get(t.pk) or t.elderly_population or 0 for t in townships}


def _beds_by_township(in_service):
    beds = {}
    for facility in in_service:
        beds[facility.township_id] = beds.get(facility.township_id, 0) + facility.beds_on
    return beds


def _count_by_status(facility_list):
    return dict(Counter(facility.status_on for facility in facility_list))


def _coverage_history(villages, years, as_of, start):
    """{year or 'start': {township id: (covered, total)}} for every year end up to the as-of day."""
    history = {"start": villages.coverage_by_township(start - timedelta(days=1))}
    for year in years:
        if _year_end(year) <= as_of:
            history[year] = villages.coverage_by_township(_year_end(year))
    return history


def compute_progress(*, as_of, user=None, township=None, document=None):
    """Progress of every township the user may see (all of them when user is None) on ``as_of``."""
    document = document or current_document()
    if document is None:
        return None
    table = PlanTable(document)
    townships = list(_scoped(Township.objects.all(), user).order_by("position", "name"))
    if township is not None:
        townships = [t for t in townships if t.pk == getattr(township, "pk", township)]
    ids = [t.pk for t in townships]
    villages = _scoped(Village.objects.filter(township__in=ids), user)
    facilities = _scoped(Facility.objects.filter(township__in=ids), user)
    years = sorted({year for year, _kind in table.columns})
    history = _coverage_history(villages, years, as_of, document.period_start)
    facility_list = list(facility_rows(facilities, as_of))
    assessment = assess(facility_list, on=as_of)
    in_service = [facility for facility in facility_list if facility.in_service]
    context = {
        "coverage_now": villages.coverage_by_township(as_of),
        "history": history,
        "sites": _scoped(RelocationSite.objects.filter(township__in=ids), user).coverage_by_township(as_of),
        "done": done_counts(facility_list, years, as_of),
        "beds": _beds_by_township(in_service),
        "elderly": _elderly_by_township(villages, townships),
        "compliance": assessment.tally_by_township(in_service),
        "rows": {row.township_id: row for row in table.township_rows},
    }
    lines = [_township_line(t, table, years, context) for t in townships]
    whole_county = township is None and (user is None or user.sees_whole_county)
    total = _total_line(lines, table, years, table.total_row if whole_county else None)
    progress = Progress(
        document=document,
        as_of=as_of,
        years=years,
        columns=table.columns,
        lines=lines,
        total=total,
        coverage_targets=sorted(table.targets_of(TargetCode.VILLAGE_COVERAGE), key=lambda t: t.due_on),
        site_target=next(iter(table.targets_of(TargetCode.RELOCATION_COVERAGE)), None),
        beds_target=next(iter(table.targets_of(TargetCode.BEDS_PER_THOUSAND)), None),
        facilities_by_status=_count_by_status(facility_list),
        facilities=facility_list,
        assessment=assessment,
    )
    for line in [*lines, total]:
        _judge(line, progress)
    progress.trajectory = _trajectory(progress, history, table.total_row if whole_county else None)
    return progress


def _township_line(township, table, years, context):
    row = context["rows"].get(township.pk)
    tasks = {
        (year, kind): TaskCount(row.cell(year, kind) if row else 0, context["done"].get((township.pk, year, kind), 0))
        for year, kind in table.columns
    }
    coverage_at = {
        year: Share(*context["history"][year].get(township.pk, (0, 0))) if year in context["history"] else None for year in years
    }
    return Line(
        label=township.name,
        township=township,
        planned_villages=(row.villages_total, row.villages_built, row.villages_to_build) if row else (0, 0, 0),
        tasks=tasks,
        villages=Share(*context["coverage_now"].get(township.pk, (0, 0))),
        coverage_at=coverage_at,
        sites=Share(*context["sites"].get(township.pk, (0, 0))),
        beds=context["beds"].get(township.pk, 0),
        elderly=context["elderly"].get(township.pk, 0),
        compliant=context["compliance"].get(township.pk, (0, 0))[0],
        not_compliant=context["compliance"].get(township.pk, (0, 0))[1],
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
    else:
        planned_villages = tuple(sum(line.planned_villages[i] for line in lines) for i in range(3))
    return Line(
        label=str(published_row.label if published_row else (lines[0].label if len(lines) == 1 else _("Sum total"))),
        township=None,
        planned_villages=planned_villages,
        tasks=tasks,
        villages=_sum_shares(line.villages for line in lines) or Share(0, 0),
        coverage_at={year: _sum_shares(line.coverage_at[year] for line in lines) for year in years},
        sites=_sum_shares(line.sites for line in lines) or Share(0, 0),
        beds=sum(line.beds for line in lines),
        elderly=sum(line.elderly for line in lines),
        compliant=sum(line.compliant for line in lines),
        not_compliant=sum(line.not_compliant for line in lines),
    )


def coverage_standing(share, targets, as_of):
    """Behind / on track / ahead of the village-coverage targets (§2.2) on ``as_of``."""
    passed = [t.value for t in targets if t.due_on <= as_of]
    upcoming = [t.value for t in targets if t.due_on > as_of]
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


def _trajectory(progress, history, published_row):
    """County coverage by year end: planned (the task table), actual (the records) and the target."""
    total = progress.total
    planned_total = total.planned_villages[0]
    start_actual = _sum_shares(Share(*pair) for pair in history["start"].values())
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
        planned_covered = total.planned_villages[1] + sum(
            total.task(y, kind).planned for y, kind in progress.columns if y <= year and kind != TaskKind.RELOCATION_DAY_CARE
        )
        actual = total.coverage_at.get(year)
        points.append(
            {
                "label": str(year),
                "planned": _as_float(percent(planned_covered, planned_total)),
                "actual": _as_float(actual.percent) if actual else None,
                "target": float(targets[year]) if year in targets else None,
            }
        )
    return points


def facility_rows(facilities, as_of):
    """The facilities with their status and bed counts on ``as_of`` and the day each first entered service, in one query."""
    return (
        facilities.as_of(as_of)
        .select_related("township", "village", "relocation_site")
        .order_by("township__position", "kind", "name")
    )
