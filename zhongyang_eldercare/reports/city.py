"""The city view (issue 15, item 2): the counties of a city side by side.

For each county the user may read (``County.objects.for_user``: the city bureau its city's; an
administrator of the whole installation every county), on one day: village coverage against the
target of the plan in force that day (each county its own plan, ``facilities.plans``), relocation
sites, beds per 1,000 elderly, and visit compliance over the last weeks. Each county's figures are
``compute_progress`` for that county — the same numbers its own dashboard shows — and one call of
``visits.compliance.weekly_compliance`` over every township in scope. Apps added later add columns
through ``COLUMNS`` (``register_column`` from their AppConfig.ready), as the dashboard's sections do.
"""

from dataclasses import dataclass, field

from facilities.models import Township
from facilities.plan_forms import clamp
from facilities.plans import counties_for, plan_in_force
from visits.compliance import weekly_compliance, weeks_ending
from zhongyang_eldercare.kernel.numbers import percent
from zhongyang_eldercare.reports.progress import compute_progress

COMPLIANCE_WEEKS = 4


@dataclass
class CountyFigures:
    county: object
    plan: object  # the plan in force on the day, or None (no task table: nothing to compare with)
    progress: object = None  # compute_progress for the county, read on ``as_of``
    as_of: object = None  # the day, kept inside the county's plan period
    visits_targets: int = 0  # priority elders to visit, summed over the weeks
    visits_done: int = 0
    extra: dict = field(default_factory=dict)  # registered columns: label -> value

    @property
    def visit_rate(self):
        return percent(self.visits_done, self.visits_targets)

    @property
    def total(self):
        return self.progress.total if self.progress else None

    @property
    def coverage_target(self):
        return self.progress.current_target if self.progress else None


@dataclass(frozen=True)
class Column:
    """A column another app adds: ``value(county, townships, on)`` -> a number or text for one county."""

    label: object
    value: object


COLUMNS = []


def register_column(column):
    COLUMNS.append(column)
    return column


def city_figures(*, user, on):
    """One CountyFigures per county the user may read, in the order of their codes."""
    counties = list(counties_for(user).order_by("name"))
    townships = Township.objects.for_user(user)
    rows = []
    for county in counties:
        plan = plan_in_force(county, on)
        figures = CountyFigures(county=county, plan=plan, as_of=clamp(on, plan))
        in_county = townships.in_county(county)
        if plan is not None:
            figures.progress = compute_progress(on=figures.as_of, townships=in_county, whole_county=True, document=plan)
        figures.extra = {str(column.label): column.value(county, in_county, figures.as_of) for column in COLUMNS}
        rows.append(figures)
    _add_visits(rows, townships, on)
    return rows


def _add_visits(rows, townships, on):
    """Priority elders to visit and visited over the last weeks, per county, from one compliance call."""
    county_of = dict(townships.values_list("pk", "county_id"))
    by_county = {}
    for row in weekly_compliance(townships=townships, weeks=weeks_ending(on, COMPLIANCE_WEEKS), today=on):
        if row.township_id is None:
            continue
        counts = by_county.setdefault(county_of[row.township_id], [0, 0])
        counts[0] += row.targets
        counts[1] += row.visited
    for figures in rows:
        figures.visits_targets, figures.visits_done = by_county.get(figures.county.pk, (0, 0))
