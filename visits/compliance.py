"""Weekly compliance (§2.7: every priority elder visited at least once a week) and the weekly summary.

Plain functions the pages, the dashboards and the progress report call. Each takes its scope
explicitly: ``townships``, a Township queryset the caller scoped (``Township.objects.for_user(user)``,
``Township.objects.in_township(township)``, or ``Township.objects.all()`` for the whole county), or
``queryset``, an elder queryset scoped the same way. Weeks are ISO weeks, named by their Monday;
``weeks_ending`` builds a run of them, across a year end as well (2020-W53 is followed by 2021-W01).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits import summaries
from visits.models import (
    Elder,
    FollowUp,
    PriorityRule,
    Visit,
    VisitorAssignment,
    found_concerns_q,
    found_urgent_q,
    priority_conditions,
    priority_frequencies,
    priority_q,
    visits_per_elder,
    weekly_visits_required,
)
from zhongyang_eldercare.kernel.dates import iso_week_start, week_start
from zhongyang_eldercare.kernel.numbers import percent

WEEK = timedelta(days=7)
COUNTY_LABEL = _("Whole county")


def weeks_ending(day, count):
    """The Mondays of the ``count`` ISO weeks up to the one ``day`` is in, oldest first."""
    last = week_start(day)
    return [last - WEEK * offset for offset in range(count - 1, -1, -1)]


def as_monday(week):
    """A week given as a Monday (or any day in it) or as an (ISO year, ISO week) pair."""
    if isinstance(week, tuple):
        return iso_week_start(*week)
    return week_start(week)


@dataclass(frozen=True)
class ComplianceRow:
    monday: object
    township_id: int | None  # None: the county
    township: str
    targets: int
    visited: int

    @property
    def iso_year(self):
        return self.monday.isocalendar()[0]

    @property
    def iso_week(self):
        return self.monday.isocalendar()[1]

    @property
    def missed(self):
        return self.targets - self.visited

    @property
    def rate(self):
        return percent(self.visited, self.targets)


def _townships(townships):
    """(pk, name) of the scoped townships, in plan order (one query)."""
    return list(townships.order_by("position", "name").values_list("pk", "name"))


def _assessed_day(monday, today):
    """Priority is judged on the week's last day; for the running week, on today."""
    return min(monday + timedelta(days=6), today)


def weekly_compliance(*, townships, weeks, today=None, county_label=COUNTY_LABEL):
    """Per week and township of ``townships`` (a scoped queryset): priority targets and how many were
    visited that ISO week, plus a county row (the sum of those townships).

    Five queries whatever the number of weeks when the summary rows hold (townships, priority rules,
    visit frequencies, the townships' figures versions, the summary rows: ``visits.summaries``); three
    more for the weeks and townships whose rows do not (``_week_counts``' aggregates, storing them).
    Returns ComplianceRow objects, week by week,
    townships in plan order and the county row (township_id None) last in each week.
    """
    today = today or timezone.localdate()
    listed = _townships(townships)
    rules = list(PriorityRule.objects.order_by("criterion"))
    frequencies = priority_frequencies()
    mondays = sorted({as_monday(week) for week in weeks})
    counts = summaries.week_counts(
        mondays=mondays,
        today=today,
        township_ids=[pk for pk, _name in listed],
        fingerprint=summaries.rules_fingerprint(rules, frequencies),
        assessed_day=_assessed_day,
        compute=lambda weeks, ids: _week_counts(
            weeks, today, rules, Elder.objects.filter(village__township__in=ids), frequencies
        ),
    )
    rows = []
    for monday in mondays:
        week_rows = [ComplianceRow(monday, pk, name, *counts.get((monday, pk), (0, 0))) for pk, name in listed]
        total = sum(row.targets for row in week_rows), sum(row.visited for row in week_rows)
        rows.extend([*week_rows, ComplianceRow(monday, None, str(county_label), *total)])
    return rows


def _week_counts(mondays, today, rules, elders, frequencies=None):
    """{(monday, township id): (priority targets, visited)} in at most two aggregates over the elders.

    A week's targets are the elders who were priority on the week's assessed day;
    its visited are those of them with the visits that week asks for
    (``weekly_visits_required``: one, unless the bureau's rule says more). Where one
    visit is enough, the second aggregate joins only the visits of those weeks and
    counts each elder once a week; where more are asked, the first aggregate reads
    the elders with enough visits from a grouped subquery of that week's visits.
    """
    if not mondays:
        return {}
    frequencies = priority_frequencies() if frequencies is None else frequencies
    first, joined = {}, {}
    for index, monday in enumerate(mondays):
        day = _assessed_day(monday, today)
        priority = priority_q(day, priority_conditions(day, rules))
        first[f"t{index}"] = Count("pk", filter=priority)
        required = weekly_visits_required(day, frequencies)
        if required == 1:
            # the cheap week test first: the database skips the priority test for the other weeks' visits
            joined[f"v{index}"] = Count("pk", filter=Q(visits__week_start=monday) & priority, distinct=True)
        else:
            often = visits_per_elder(monday).filter(n__gte=required).values("elder")
            first[f"v{index}"] = Count("pk", filter=Q(pk__in=often) & priority)
    elders = elders.order_by().values("village__township_id")
    counts = {}
    for row in elders.annotate(**first):
        for index, monday in enumerate(mondays):
            counts[monday, row["village__township_id"]] = (row[f"t{index}"], row.get(f"v{index}", 0))
    if joined:
        for row in elders.filter(visits__week_start__in=mondays).annotate(**joined):
            for name in joined:
                key = (mondays[int(name[1:])], row["village__township_id"])
                counts[key] = (counts[key][0], row[name])
    return counts


def worklist(*, queryset, township, on=None):
    """The priority elders of ``queryset`` (scoped) in ``township`` for the week ``on`` falls in: overdue
    first, then still due, by risk.

    Each elder carries ``visited_this_week``, ``last_visit_on``, ``last_risk``,
    ``is_overdue`` (too few visits last week and not yet enough this week,
    ``weekly_visits_required``) and its priority reasons. Two queries: the
    rules and the elders (the visit frequencies are read inside the second).
    """
    on = on or timezone.localdate()
    overdue = Q(visited_this_week=False, missed_last_week=True)
    return (
        queryset.in_township(township)
        .priority_on(on)
        .with_visit_facts(on)
        .annotate(is_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .select_related("village")
        .order_by(
            "visited_this_week",
            F("is_overdue").desc(),
            F("last_risk").desc(nulls_last=True),
            F("last_visit_on").asc(nulls_first=True),
            "name",
        )
    )


def without_visitor(*, queryset, on=None):
    """Priority elders with no current visitor assignment (§2.6: every target has a visitor)."""
    on = on or timezone.localdate()
    current = VisitorAssignment.objects.current(on).filter(elder=OuterRef("pk"))
    return queryset.priority_on(on).exclude(Exists(current)).select_related("village__township")


@dataclass
class SummaryRow:
    monday: object
    township_id: int | None
    township: str
    visits: int = 0
    home_visits: int = 0
    issues_found: int = 0
    urgent_visits: int = 0
    late_entries: int = 0
    follow_ups_opened: int = 0
    follow_ups_closed: int = 0

    @property
    def iso_week_label(self):
        iso_year, iso_week, _day = self.monday.isocalendar()
        return f"{iso_year}-W{iso_week:02d}"


SUMMARY_COLUMNS = [
    ("visits", _("Visits")),
    ("home_visits", _("Home visits")),
    ("issues_found", _("Visits that found issues")),
    ("urgent_visits", _("Urgent visits")),
    ("late_entries", _("Late entries")),
    ("follow_ups_opened", _("Follow-ups opened")),
    ("follow_ups_closed", _("Follow-ups closed")),
]


def weekly_summary(*, townships, weeks, county_label=COUNTY_LABEL):
    """Per week and township of ``townships`` (a scoped queryset): visits, visits that found issues, urgent
    visits, late entries, follow-ups opened and closed; plus a county row per week. Five queries whatever the span
    when the visit counts' summary rows hold (``summaries.week_activity``), two more for townships written since."""
    listed = _townships(townships)
    mondays = sorted({as_monday(week) for week in weeks})
    if not mondays:
        return []
    first, end = mondays[0], mondays[-1] + WEEK
    table = {(monday, pk): SummaryRow(monday, pk, name) for monday in mondays for pk, name in listed}
    activity = summaries.week_activity(mondays=mondays, township_ids=[pk for pk, _name in listed], compute=week_visit_counts)
    for key, figures in activity.items():
        if key in table:
            for field, value in figures.items():
                setattr(table[key], field, value)
    _add_follow_up_counts(table, FollowUp.objects.filter(elder__village__township__in=townships), first, end)
    rows = []
    for monday in mondays:
        week_rows = [table[monday, pk] for pk, _name in listed]
        county = SummaryRow(monday, None, str(county_label))
        for field, _label in SUMMARY_COLUMNS:
            setattr(county, field, sum(getattr(row, field) for row in week_rows))
        rows.extend([*week_rows, county])
    return rows


def week_visit_counts(mondays, township_ids):
    """The full computation of the weekly summary's visit columns, without summary data: {(monday, township id):
    {visits, home_visits, issues_found, urgent_visits, late_entries}}, in one query."""
    visits = (
        Visit.objects.filter(elder__village__township__in=township_ids, week_start__in=mondays)
        .order_by()
        .values("week_start", "elder__village__township_id")
        .annotate(
            visits=Count("pk"),
            home_visits=Count("pk", filter=Q(method="home")),
            issues_found=Count("pk", filter=found_concerns_q()),
            urgent_visits=Count("pk", filter=found_urgent_q()),
            late_entries=Count("pk", filter=Q(is_late_entry=True)),
        )
    )
    counts = {}
    for row in visits:
        key = (row.pop("week_start"), row.pop("elder__village__township_id"))
        counts[key] = row
    return counts


def _add_follow_up_counts(table, follow_ups, first, end):
    for date_field, counter in (("opened_on", "follow_ups_opened"), ("resolved_on", "follow_ups_closed")):
        days = (
            follow_ups.filter(**{f"{date_field}__gte": first, f"{date_field}__lt": end})
            .order_by()
            .values(date_field, "elder__village__township_id")
            .annotate(count=Count("pk"))
        )
        buckets = defaultdict(int)
        for row in days:
            buckets[week_start(row[date_field]), row["elder__village__township_id"]] += row["count"]
        for key, count in buckets.items():
            if key in table:
                setattr(table[key], counter, getattr(table[key], counter) + count)


def full_week_counts(*, township_ids, mondays, today=None):
    """The full computation of ``weekly_compliance``'s figures, without summary data:
    {(monday, township id): (targets, visited)}; for approvals and ``rebuild_visit_summaries``."""
    today = today or timezone.localdate()
    rules = list(PriorityRule.objects.order_by("criterion"))
    frequencies = priority_frequencies()
    elders = Elder.objects.filter(village__township__in=township_ids)
    counts = _week_counts(sorted(mondays), today, rules, elders, frequencies)
    return {(monday, pk): counts.get((monday, pk), (0, 0)) for monday in mondays for pk in township_ids}, rules, frequencies


def store_final_figures(*, township, mondays):
    """Store the approved weeks' figures as final (``approve_weeks``): later writes do not change them."""
    today = timezone.localdate()
    counts, rules, frequencies = full_week_counts(township_ids=[township.pk], mondays=mondays, today=today)
    fingerprint = summaries.rules_fingerprint(rules, frequencies)
    version = summaries.versions([township.pk]).get(township.pk, 0)
    summaries.store(
        [
            summaries.WeekCompliance(
                township_id=township.pk,
                monday=monday,
                assessed_on=_assessed_day(monday, today),
                rules=fingerprint,
                version=version,
                targets=targets,
                visited=visited,
            )
            for (monday, _pk), (targets, visited) in counts.items()
        ],
        final=True,
    )
