"""Staffing on a day, computed from the rules and the posts held that day (§2.5).

* ``staffing_of(facilities, on=day)``: for facilities read through ``Facility.objects.as_of(day)`` (their
  type, ``meals_on`` and ``in_service`` on that day), {facility pk: ``FacilityStaffing``}: required, posts,
  filled, vacant, gap. Two queries whatever the number of facilities (the rules in force, the posts).
* ``township_staffing(townships, on=day)``: the overview's figures per township and for all of them.
* ``pay_by_funding_source(facilities, first=, last=)``: what the posts of facilities cost from each funding
  source over a period, **the one function the subsidies app reads** (docs/staffing.md).

Only a facility in service on the day (built or operating) must be staffed: a planned one needs no posts yet.
Every post that exists on the day counts, full-time or not; a post is filled when someone holds it that day.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from facilities.models import Facility
from staffing.models import FundingSource, Holding, Post, StaffingRule, Training, rule_for
from zhongyang_eldercare.kernel.money import to_fen
from zhongyang_eldercare.kernel.numbers import percent


@dataclass
class FacilityStaffing:
    required: int = 0
    posts: int = 0
    filled: int = 0
    rule: StaffingRule | None = None

    @property
    def vacant(self):
        return self.posts - self.filled

    @property
    def gap(self):
        """Posts missing to reach the minimum: only a held post staffs the facility."""
        return max(self.required - self.filled, 0)


def posts_on(facility_ids, on):
    """{facility pk: (posts existing on ``on``, posts held on ``on``)} in one query."""
    held = Holding.objects.filter(post=OuterRef("pk")).current(on)
    rows = (
        Post.objects.filter(facility_id__in=facility_ids)
        .current(on)
        .annotate(held=Exists(held))
        .order_by()
        .values_list("facility_id", "held")
    )
    counts = defaultdict(lambda: [0, 0])
    for facility_id, is_held in rows:
        counts[facility_id][0] += 1
        counts[facility_id][1] += bool(is_held)
    return counts


def staffing_of(facilities, *, on):
    """{facility pk: FacilityStaffing on ``on``}; ``facilities`` were read through ``Facility.objects.as_of(on)``."""
    facilities = list(facilities)
    rules = StaffingRule.objects.select_related("document").by_key(on)
    counts = posts_on([facility.pk for facility in facilities], on)
    found = {}
    for facility in facilities:
        rule = rule_for(rules, facility.kind, facility.meals_on) if facility.in_service else None
        posts, filled = counts.get(facility.pk, (0, 0))
        found[facility.pk] = FacilityStaffing(required=rule.min_posts if rule else 0, posts=posts, filled=filled, rule=rule)
    return found


# --- Per township ---------------------------------------------------------------------------------


@dataclass
class FundingLine:
    source: FundingSource
    posts: int = 0
    monthly_pay: Decimal = Decimal(0)


@dataclass
class TownshipStaffing:
    label: str
    township: object = None
    facilities: int = 0  # in service on the day
    required: int = 0
    posts: int = 0
    filled: int = 0
    gap: int = 0
    below_minimum: list = field(default_factory=list)  # facilities short of posts
    caregivers: int = 0
    trained: int = 0
    registered_poor: int = 0
    funding: dict = field(default_factory=dict)  # funding source pk: FundingLine

    @property
    def vacant(self):
        return self.posts - self.filled

    @property
    def trained_percent(self):
        return percent(self.trained, self.caregivers)

    @property
    def registered_poor_percent(self):
        return percent(self.registered_poor, self.caregivers)

    @property
    def monthly_pay(self):
        return sum((line.monthly_pay for line in self.funding.values()), Decimal(0))

    def add(self, other):
        for name in ("facilities", "required", "posts", "filled", "gap", "caregivers", "trained", "registered_poor"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.below_minimum.extend(other.below_minimum)
        for pk, line in other.funding.items():
            mine = self.funding.setdefault(pk, FundingLine(line.source))
            mine.posts += line.posts
            mine.monthly_pay += line.monthly_pay

    def funding_lines(self, sources):
        """One line per funding source, in the sources' order (zero where none)."""
        return [self.funding.get(source.pk, FundingLine(source)) for source in sources]

    def as_json(self, sources):
        """Plain figures for a frozen snapshot (the monthly report)."""
        return {
            "facilities": self.facilities,
            "required": self.required,
            "posts": self.posts,
            "filled": self.filled,
            "vacant": self.vacant,
            "gap": self.gap,
            "below_minimum": [facility.name for facility in self.below_minimum],
            "caregivers": self.caregivers,
            "trained": self.trained,
            "trained_percent": None if self.trained_percent is None else str(self.trained_percent),
            "registered_poor": self.registered_poor,
            "registered_poor_percent": None if self.registered_poor_percent is None else str(self.registered_poor_percent),
            "funding": [
                {"source": line.source.name, "posts": line.posts, "monthly_pay": str(line.monthly_pay)}
                for line in self.funding_lines(sources)
            ],
            "monthly_pay": str(self.monthly_pay),
        }


@dataclass
class StaffingOverview:
    on: date
    lines: list
    total: TownshipStaffing
    sources: list
    facilities: list  # (facility, FacilityStaffing) of every facility in service, by township and name

    def funding_table(self, *, with_total):
        """[(line, [FundingLine per source])] for the townships, and the total last when ``with_total``."""
        lines = [*self.lines, self.total] if with_total else self.lines
        return [(line, line.funding_lines(self.sources)) for line in lines]

    @property
    def short_facilities(self):
        return [(facility, staffing) for facility, staffing in self.facilities if staffing.gap]

    @property
    def short_sources(self):
        """The documents and clauses of the minimums the short facilities miss (中办发〔2020〕22号 §2.5)."""
        return sorted({staffing.rule.source for _facility, staffing in self.short_facilities})


def township_staffing(townships, *, on, total_label="", facilities=None):
    """The overview's figures for ``townships`` (a queryset already scoped to the user) on ``on``.

    Six queries whatever the size: townships, facilities as of the day, rules, posts, caregivers, pay by source
    (and the funding sources themselves). ``facilities``: those of ``townships`` already read through
    ``Facility.objects.as_of(on)`` (the dashboard's progress has them), so they are not read a second time;
    they keep their order.
    """
    townships = list(townships.order_by("position", "name"))
    lines = {township.pk: TownshipStaffing(label=township.name, township=township) for township in townships}
    if facilities is None:
        facilities = list(
            Facility.objects.filter(township__in=[t.pk for t in townships])
            .select_related("township")
            .only("pk", "name", "kind", "township_id", "serves_meals", "township__name")
            .as_of(on)
            .filter(in_service=True)
            .order_by("township__position", "name")
        )
    else:  # in the caller's order (the dashboard's: township, type, name)
        facilities = [facility for facility in facilities if facility.in_service]
    staffing = staffing_of(facilities, on=on)
    for facility in facilities:
        line, figures = lines[facility.township_id], staffing[facility.pk]
        line.facilities += 1
        line.required += figures.required
        line.gap += figures.gap
        if figures.gap:
            line.below_minimum.append(facility)
    _count_posts(lines, on)
    _count_caregivers(lines, on)
    sources = list(FundingSource.objects.all())
    _count_funding(lines, on, {source.pk: source for source in sources})
    total = TownshipStaffing(label=total_label)
    for line in lines.values():
        total.add(line)
    return StaffingOverview(
        on=on,
        lines=list(lines.values()),
        total=total,
        sources=sources,
        facilities=[(facility, staffing[facility.pk]) for facility in facilities],
    )


def _count_posts(lines, on):
    """Posts of every facility (in service or not) that exist on the day, and those held."""
    held = Holding.objects.filter(post=OuterRef("pk")).current(on)
    rows = (
        Post.objects.filter(facility__township_id__in=list(lines))
        .current(on)
        .annotate(held=Exists(held))
        .order_by()
        .values_list("facility__township_id", "held")
    )
    for township_id, is_held in rows:
        lines[township_id].posts += 1
        lines[township_id].filled += bool(is_held)


def _count_caregivers(lines, on):
    """Workers holding a caregiver post on the day: how many completed the caregivers' training, how many come
    from registered poor households (§2.5). A worker is counted once, in the township of the post (holding
    posts in two townships: the first in plan order)."""
    trained = Training.objects.completed_by(on).filter(worker=OuterRef("worker_id"), programme__for_caregivers=True)
    rows = (
        Holding.objects.current(on)
        .filter(post__kind__is_caregiver=True, post__facility__township_id__in=list(lines))
        .annotate(trained=Exists(trained))
        .values_list("worker_id", "post__facility__township_id", "worker__is_registered_poor", "trained")
        .distinct()
        .order_by("worker_id", "post__facility__township__position", "post__facility__township_id")
    )
    seen = set()
    for worker_id, township_id, is_poor, is_trained in rows:
        if worker_id in seen:
            continue
        seen.add(worker_id)
        line = lines[township_id]
        line.caregivers += 1
        line.registered_poor += bool(is_poor)
        line.trained += bool(is_trained)


def _count_funding(lines, on, sources):
    rows = (
        Post.objects.filter(facility__township_id__in=list(lines))
        .current(on)
        .order_by()
        .values_list("facility__township_id", "funding_source_id")
        .annotate(posts=Count("pk"), pay=Sum("monthly_pay"))
    )
    for township_id, source_id, posts, pay in rows:
        lines[township_id].funding[source_id] = FundingLine(sources[source_id], posts, pay or Decimal(0))


def funding_by_facility(facility_ids, *, on):
    """{facility pk: {funding source pk: FundingLine}} for the posts existing on ``on``; one query (sources: the
    caller's ``FundingSource`` rows by pk)."""
    rows = (
        Post.objects.filter(facility_id__in=facility_ids)
        .current(on)
        .order_by()
        .values_list("facility_id", "funding_source_id")
        .annotate(posts=Count("pk"), pay=Sum("monthly_pay"))
    )
    found = defaultdict(dict)
    for facility_id, source_id, posts, pay in rows:
        found[facility_id][source_id] = (posts, pay or Decimal(0))
    return found


# --- Pay by funding source over a period (read by subsidies) -------------------------------------------------


def post_pay(post, first, last):
    """What ``post`` costs over ``first``–``last``: its monthly pay for each month it existed, pro rata by the days
    of a month it existed on (a post open the whole month costs its monthly pay exactly). Exact to the fen."""
    return period_pay(post.monthly_pay, post.since, post.until, first, last)


def period_pay(monthly_pay, since, until, first, last):
    """``post_pay`` from the post's columns: a whole month adds the monthly pay itself (what the pro rata share of
    a whole month is, exactly), a part of a month its share by days; rounded once, half up to the fen."""
    start, end = max(since, first), min(until or last, last)
    if end < start:
        return Decimal(0)
    if (start.year, start.month) == (end.year, end.month):
        days = calendar.monthrange(end.year, end.month)[1]
        covered = (end - start).days + 1
        whole, total = (1, Decimal(0)) if covered == days else (0, monthly_pay * covered / days)
    else:  # the first month from ``start``, the whole months between, the last month to ``end``
        head_days = calendar.monthrange(start.year, start.month)[1]
        tail_days = calendar.monthrange(end.year, end.month)[1]
        whole = (end.year * 12 + end.month) - (start.year * 12 + start.month) - 1
        total = Decimal(0)
        if start.day == 1:
            whole += 1
        else:
            total += monthly_pay * (head_days - start.day + 1) / head_days
        if end.day == tail_days:
            whole += 1
        else:
            total += monthly_pay * end.day / tail_days
    return to_fen(total + monthly_pay * whole)  # half up, as every share of money (kernel.money)


def pay_by_funding_source(facilities, *, first, last, sources=None):
    """{facility pk: {FundingSource: Decimal pay over ``first``–``last``}} for the posts of ``facilities``.

    ``facilities``: a Facility queryset (scope it with ``for_user`` first) or a list of facilities or pks.
    Two queries (the posts that existed in the period, their funding sources; one when ``sources``, every
    ``FundingSource`` by pk, is given: several periods read them once). Every post counts,
    held or vacant: a post is paid for by its funding source, e.g. for a year ``first=date(2021, 1, 1),
    last=date(2021, 12, 31)``. This is the one reading the subsidies app uses (docs/staffing.md).
    """
    ids = facilities.values("pk") if hasattr(facilities, "values") else [getattr(f, "pk", f) for f in facilities]
    posts = Post.objects.filter(facility_id__in=ids).open_during(first, last).order_by("pk")
    columns = ("facility_id", "funding_source_id", "monthly_pay", "since", "until")
    rows = list(posts.values_list(*columns))  # plain rows: a city's year is thousands of posts
    if sources is None:
        sources = FundingSource.objects.in_bulk({row[1] for row in rows})
    found = defaultdict(lambda: defaultdict(Decimal))
    for facility_id, source_id, monthly_pay, since, until in rows:
        found[facility_id][sources[source_id]] += period_pay(monthly_pay, since, until, first, last)
    return {pk: dict(by_source) for pk, by_source in found.items()}
