"""Every visiting tier counted over its own period (issue 15, item 5; the tiers are data: ``VisitTier``).

An elder's tier on a day is the first tier in force (by rank) whose group takes them: the county
plan's priority elders (§2.7), elders in special difficulty, everyone archived. A tier's period is
the ISO week, the calendar month or the calendar quarter the day falls in; an elder of the tier is
"visited" when they had at least the tier's visits from the period's first day to the day (so on the
last day of a month the whole month counts, and the first day of the next month starts again).

The monthly visit rate of the 2022 guidance: the elders of the tiers marked ``in_visit_rate`` visited
at least once in the calendar month, per township and for the county, with the tier's target (100 %
by the end of 2025). Each function takes an explicitly scoped Township queryset, as visits.compliance.

The counts per township are kept in the ``figures`` cache (``_by_township``), keyed by the day read, a fingerprint
of the rules and tiers in force that day, and the township's figures version (``visits.summaries``): every write
that changes a township's figures moves its version on in the writing transaction, so a cached count is used only
while nothing it was counted from has changed; the version is read before counting, so a write committed meanwhile
costs a recount, never a wrong figure.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import caches
from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from visits import summaries
from visits.models import (
    Elder,
    LivingArrangement,
    SelfCare,
    TierGroup,
    TierPeriod,
    Visit,
    VisitTier,
    active_on_q,
    latest_birth_date_for_age,
    priority_conditions,
    priority_q,
)
from visits.models.archive import VERY_OLD_AGE
from zhongyang_eldercare.kernel.dates import month_end, week_start
from zhongyang_eldercare.kernel.numbers import percent


def period_of(period, day):
    """(first day, last day) of the week, month or quarter ``day`` falls in."""
    if period == TierPeriod.WEEK:
        start = week_start(day)
        return start, start + timedelta(days=6)
    if period == TierPeriod.MONTH:
        return day.replace(day=1), month_end(day)
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return start, month_end(date(day.year, first_month + 2, 1))


def tiers_on(on):
    """The tiers in force on ``on``, one per code (the kernel's overlap rule), by rank."""
    return sorted(VisitTier.objects.select_related("document").in_force_by(on, "code").values(), key=lambda tier: tier.rank)


def group_q(group, on, conditions):
    if group == TierGroup.PRIORITY:
        return priority_q(on, conditions)
    if group == TierGroup.SPECIAL_DIFFICULTY:
        difficulty = (
            Q(living_arrangement=LivingArrangement.ALONE)
            | Q(is_empty_nest=True)
            | Q(is_left_behind=True)
            | Q(is_special_family=True)
            | ~Q(self_care=SelfCare.INDEPENDENT)
            | Q(birth_date__lte=latest_birth_date_for_age(VERY_OLD_AGE, on))
        )
        return difficulty & active_on_q(on)
    return active_on_q(on)


def tier_expression(tiers, on, conditions):
    """The code of the elder's tier on ``on`` (the first whose group takes them), or "" for none."""
    whens = [When(group_q(tier.group, on, conditions), then=Value(tier.code)) for tier in tiers]
    return Case(*whens, default=Value(""), output_field=CharField()) if whens else Value("", output_field=CharField())


def visits_between(start, end):
    """The elder's visits from ``start`` to ``end``, as a subquery the elder query counts in the same query."""
    visits = Visit.objects.filter(elder=OuterRef("pk"), visited_on__gte=start, visited_on__lte=end)
    counted = visits.order_by().values("elder").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class TierCount:
    tier: object  # the VisitTier
    start: date
    end: date  # the period's last day (counted up to the day read)
    township_id: int | None  # None: the county
    elders: int
    visited: int

    @property
    def rate(self):
        return percent(self.visited, self.elders)

    @property
    def missed(self):
        return self.elders - self.visited


FIGURES_CACHE = "figures"


@dataclass(frozen=True)
class Inputs:
    """What the counts on a day are read from besides the records: the priority conditions and tiers in force, the
    township ids, and their figures versions."""

    conditions: list
    tiers: list
    township_ids: list
    versions: dict

    @property
    def fingerprint(self):
        tiers = [
            (t.pk, t.code, t.rank, t.group, t.period, t.visits, t.in_visit_rate, t.valid_from, t.valid_to) for t in self.tiers
        ]
        return hashlib.sha256(repr((self.conditions, tiers)).encode()).hexdigest()


def _inputs(townships, on, inputs=None, *, township_ids=None, versions=None):
    """``Inputs`` on ``on``: four queries (the conditions, the tiers, the townships, their versions), fewer when the
    township ids and versions are given, none when ``inputs`` is."""
    if inputs is not None:
        return inputs
    township_ids = list(townships.values_list("pk", flat=True)) if township_ids is None else township_ids
    versions = summaries.versions(township_ids) if versions is None else versions
    return Inputs(priority_conditions(on), tiers_on(on), township_ids, versions)


def _by_township(name, on, inputs, compute):
    """{township id: counts}: from the figures cache where the township's figures version is the one they were counted
    at, the rest from ``compute(township ids)`` ({id: counts}, one query) and cached. See the module's docstring."""
    cache = caches[FIGURES_CACHE]
    stamp = f"tiers:{name}:{on.isoformat()}:{inputs.fingerprint}"
    keys = {pk: f"{stamp}:{pk}:{inputs.versions.get(pk, 0)}" for pk in inputs.township_ids}
    found = cache.get_many(list(keys.values()))
    counts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in inputs.township_ids if pk not in counts]
    if missing:
        computed = compute(missing)
        fresh = {pk: computed.get(pk, (0, 0)) for pk in missing}
        cache.set_many({keys[pk]: value for pk, value in fresh.items()})
        counts.update(fresh)
    return counts


def tier_counts(*, townships, on, inputs=None, periods=None):
    """Per tier in force on ``on`` and township of ``townships``: elders of the tier and those visited enough in the
    tier's own period up to ``on``, plus a county row (township_id None) per tier. Four queries, and one per tier for
    the townships whose counts are not cached. ``periods``: only the tiers of these periods (week, month, quarter)."""
    inputs = _inputs(townships, on, inputs)
    conditions, tiers, township_ids = inputs.conditions, inputs.tiers, inputs.township_ids
    rows = []
    for tier in tiers:
        if periods is not None and tier.period not in periods:
            continue
        start, end = period_of(tier.period, on)

        def count(ids, tier=tier, start=start, end=end):
            counted = (
                Elder.objects.filter(village__township__in=ids)
                .annotate(tier=tier_expression(tiers, on, conditions))
                .filter(tier=tier.code)
                .annotate(seen=visits_between(start, min(end, on)))
                .order_by()
                .values("village__township_id")
                .annotate(total=Count("pk"), done=Count("pk", filter=Q(seen__gte=tier.visits)))
            )
            return {row["village__township_id"]: (row["total"], row["done"]) for row in counted}

        by_township = _by_township(f"count:{tier.code}", on, inputs, count)
        for pk in township_ids:
            rows.append(TierCount(tier, start, end, pk, *by_township.get(pk, (0, 0))))
        total = [by_township.get(pk, (0, 0)) for pk in township_ids]
        rows.append(TierCount(tier, start, end, None, sum(t for t, _d in total), sum(d for _t, d in total)))
    return rows


def reading_days(period, today, count):
    """The days the last ``count`` periods of ``period`` are read on, oldest first: each period's last day, and for
    the running one today (a month is read on its last day, so the whole month counts)."""
    days, day = [], today
    for _index in range(count):
        days.append(day)
        day = period_of(period, day)[0] - timedelta(days=1)
    return days[::-1]


def period_label(period, start):
    """How a page names a period: the ISO week, "2026-11", "2026 Q4"."""
    if period == TierPeriod.WEEK:
        iso_year, iso_week, _day = start.isocalendar()
        return f"{iso_year}-W{iso_week:02d}"
    if period == TierPeriod.MONTH:
        return f"{start:%Y-%m}"
    return _("%(year)s Q%(quarter)s") % {"year": start.year, "quarter": (start.month - 1) // 3 + 1}


@dataclass(frozen=True)
class TierPeriods:
    """One tier of a longer period than the week, over its last periods: ``columns`` (label, reading day, running)
    oldest first, and ``rows`` (township id, label, [TierCount per column]) in plan order, the county last."""

    tier: object
    columns: list
    rows: list


def tiers_over_periods(*, townships, today, count=2):
    """Every tier in force today whose period is longer than the week (month, quarter), each counted over its own last
    ``count`` periods, the running one so far (issue 15, item 5: every tier over its own period). The weekly tier is
    the compliance table's own. The townships, their versions, today's tiers; per reading day (at most three) the
    priority rules and the tiers, and one aggregate per tier for the townships whose counts are not cached."""
    listed = list(townships.order_by("position", "name").values_list("pk", "name"))
    township_ids = [pk for pk, _name in listed]
    versions = summaries.versions(township_ids)
    longer = [tier for tier in tiers_on(today) if tier.period != TierPeriod.WEEK]
    days = sorted({day for tier in longer for day in reading_days(tier.period, today, count)})
    counted = {}  # (tier code, reading day) -> {township id: TierCount}
    for day in days:
        periods = {tier.period for tier in longer if day in reading_days(tier.period, today, count)}
        inputs = _inputs(townships, day, township_ids=township_ids, versions=versions)
        for row in tier_counts(townships=townships, on=day, inputs=inputs, periods=periods):
            counted.setdefault((row.tier.code, day), {})[row.township_id] = row
    result = []
    for tier in longer:
        tier_days = [day for day in reading_days(tier.period, today, count) if (tier.code, day) in counted]
        columns = [(period_label(tier.period, period_of(tier.period, day)[0]), day, day == today) for day in tier_days]
        rows = [(pk, name, [counted[tier.code, day].get(pk) for day in tier_days]) for pk, name in [*listed, (None, None)]]
        result.append(TierPeriods(tier, columns, rows))
    return result


def tier_elders(*, queryset, township, code, on):
    """The elders of ``queryset`` (scoped) in ``township`` whose tier on ``on`` is ``code``, each with ``seen``: their
    visits in the tier's period up to ``on``; not visited enough first, then by village and name. (tier, period start,
    period end, elders), or None when no such tier is in force on ``on``. Three queries."""
    conditions, tiers = priority_conditions(on), tiers_on(on)
    tier = next((tier for tier in tiers if tier.code == code), None)
    if tier is None:
        return None
    start, end = period_of(tier.period, on)
    elders = (
        queryset.in_township(township)
        .annotate(tier=tier_expression(tiers, on, conditions))
        .filter(tier=code)
        .annotate(seen=visits_between(start, on))
        .annotate(enough=Case(When(seen__gte=tier.visits, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .select_related("village")
        .order_by("enough", "village__name", "name")
    )
    return tier, start, end, list(elders)


@dataclass(frozen=True)
class MonthlyRate:
    township_id: int | None  # None: the county
    elders: int
    visited: int

    @property
    def rate(self):
        return percent(self.visited, self.elders)


def monthly_visit_rate(*, townships, on, inputs=None):
    """(rates per township and the county row last, the tier that sets the target or None) for the month of ``on``:
    the elders of the tiers ``in_visit_rate`` visited at least once from the month's first day to ``on``."""
    inputs = _inputs(townships, on, inputs)
    conditions, tiers, township_ids = inputs.conditions, inputs.tiers, inputs.township_ids
    counted_tiers = [tier.code for tier in tiers if tier.in_visit_rate]
    target = next((tier for tier in tiers if tier.in_visit_rate and tier.target_rate is not None), None)
    start = on.replace(day=1)

    def count(ids):
        counted = (
            Elder.objects.filter(village__township__in=ids)
            .annotate(tier=tier_expression(tiers, on, conditions))
            .filter(tier__in=counted_tiers)
            .annotate(seen=visits_between(start, on))
            .order_by()
            .values("village__township_id")
            .annotate(total=Count("pk"), done=Count("pk", filter=Q(seen__gte=1)))
        )
        return {row["village__township_id"]: (row["total"], row["done"]) for row in counted}

    by_township = _by_township("monthly-rate", on, inputs, count)
    rows = [MonthlyRate(pk, *by_township.get(pk, (0, 0))) for pk in township_ids]
    rows.append(MonthlyRate(None, sum(row.elders for row in rows), sum(row.visited for row in rows)))
    return rows, target


def tier_overview(*, townships, on):
    """``monthly_visit_rate`` and ``tier_counts`` together, reading the rules and the townships once."""
    inputs = _inputs(townships, on, None)
    rates, target = monthly_visit_rate(townships=townships, on=on, inputs=inputs)
    return rates, target, tier_counts(townships=townships, on=on, inputs=inputs)


def due_in_other_tiers(*, queryset, township, on, limit=50):
    """The elders of ``queryset`` (scoped) in ``township`` whose tier is not the weekly one and who still need a visit
    in their tier's period (this month, this quarter), by tier and name: (elders, how many in all). Each carries
    ``tier_name``, ``period_end`` and ``seen``/``needed``.

    Which elders (the first ``limit``) and how many are kept in the figures cache under the township's figures version,
    as the tier counts are (the module's docstring): four light queries when cached (rules, tiers, the version, the
    elders listed, read through ``queryset``), two more (the selection and its count) after a write in the township.
    The count is the township's: scopes are whole townships, and the worklist offers only townships in scope."""
    if township is None:  # a user who sees no township (an installation without any yet)
        return [], 0
    inputs = _inputs(None, on, township_ids=[township.pk], versions=summaries.versions([township.pk]))
    conditions, tiers = inputs.conditions, inputs.tiers
    others = [tier for tier in tiers if tier.period != TierPeriod.WEEK]
    if not others:
        return [], 0
    periods = {tier.code: period_of(tier.period, on) for tier in others}

    def select(ids):
        seen = Case(*(When(tier=tier.code, then=visits_between(periods[tier.code][0], on)) for tier in others), default=0)
        needed = Case(*(When(tier=tier.code, then=Value(tier.visits)) for tier in others), default=0)
        rank = Case(*(When(tier=tier.code, then=Value(tier.rank)) for tier in others), default=0)
        elders = (
            Elder.objects.in_township(township)
            .annotate(tier=tier_expression(tiers, on, conditions))
            .filter(tier__in=[tier.code for tier in others])
            .annotate(seen=seen, needed=needed, tier_rank=rank)
            .filter(seen__lt=F("needed"))
            .order_by("tier_rank", "village__name", "name")
            .values_list("pk", "tier", "seen")
        )
        listed = list(elders[:limit])
        return {township.pk: (listed, elders.count() if len(listed) == limit else len(listed))}

    listed, total = _by_township(f"other-tiers:{limit}", on, inputs, select)[township.pk]
    if not listed:
        return [], total
    found = queryset.in_township(township).filter(pk__in=[pk for pk, _code, _seen in listed]).select_related("village")
    found = {elder.pk: elder for elder in found}
    by_code = {tier.code: tier for tier in others}
    elders = []
    for pk, code, seen in listed:
        elder = found.get(pk)
        if elder is not None:
            elder.tier, elder.seen, elder.needed = code, seen, by_code[code].visits
            elder.tier_name, elder.period_end = by_code[code].name, periods[code][1]
            elders.append(elder)
    return elders, total
