"""``manage.py rebuild_visit_summaries``: every stored compliance summary against the full computation."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from facilities.models import Township
from visits import summaries
from visits.compliance import _assessed_day, full_week_counts, week_visit_counts, weeks_ending
from visits.models import WeekActivity, WeekCompliance


@dataclass(frozen=True)
class Difference:
    township: str
    monday: object
    stored: tuple
    computed: tuple
    final: bool

    def __str__(self):
        kept = " (approved week: kept as approved)" if self.final else " (corrected)"
        return (
            f"{self.township} week of {self.monday}: stored targets/visited {self.stored[0]}/{self.stored[1]}, "
            f"full computation {self.computed[0]}/{self.computed[1]}{kept}"
        )


@dataclass(frozen=True)
class ActivityDifference:
    """A weekly visit summary row (``WeekActivity``) that differs from the full computation."""

    township: str
    monday: object
    stored: dict
    computed: dict
    final: bool = False  # visit counts are never frozen: always corrected

    def __str__(self):
        names = [name for name in self.stored if self.stored[name] != self.computed[name]]
        changed = ", ".join(f"{name} {self.stored[name]} -> {self.computed[name]}" for name in names)
        return (
            f"{self.township} week of {self.monday}: stored visit counts differ from the full computation ({changed}) (corrected)"
        )


def _rows_to_check(model, weeks, today):
    """(every stored row of ``model`` by (monday, township id), locked; the keys to recompute: those rows and, with
    ``weeks``, the last ``weeks`` weeks of every township)."""
    stored = {(row.monday, row.township_id): row for row in model.objects.select_for_update()}
    keys = set(stored)
    if weeks:
        keys |= {(monday, pk) for monday in weeks_ending(today, weeks) for pk in Township.objects.values_list("pk", flat=True)}
    return stored, keys


@transaction.atomic
def rebuild(*, weeks=0, fix=True, today=None):
    """Both summaries: the compliance rows (``rebuild_compliance``) and the weekly visit counts (``rebuild_activity``)."""
    return rebuild_compliance(weeks=weeks, fix=fix, today=today) + rebuild_activity(weeks=weeks, fix=fix, today=today)


def rebuild_activity(*, weeks=0, fix=True, today=None):
    """Recompute every stored weekly visit summary row (and, with ``weeks``, the last ``weeks`` weeks of every
    township); returns the differences of rows that would have been served (their version current)."""
    today = today or timezone.localdate()
    stored, keys = _rows_to_check(WeekActivity, weeks, today)
    if not keys:
        return []
    township_ids = sorted({pk for _monday, pk in keys})
    current = summaries.versions(township_ids)  # read before computing, as a page does
    computed = week_visit_counts(sorted({monday for monday, _pk in keys}), township_ids)
    names = dict(Township.objects.filter(pk__in=township_ids).values_list("pk", "name"))
    empty = dict.fromkeys(WeekActivity.COUNTS, 0)
    differences, rows = [], []
    for key in sorted(keys):
        monday, pk = key
        row, figures = stored.get(key), {**empty, **computed.get(key, {})}
        if row is not None and row.version == current.get(pk, 0) and row.counts != figures:
            differences.append(ActivityDifference(names[pk], monday, row.counts, figures))
        rows.append(WeekActivity(township_id=pk, monday=monday, version=current.get(pk, 0), **figures))
    if fix:
        summaries.store_activity(rows)
    return differences


def rebuild_compliance(*, weeks=0, fix=True, today=None):
    """Recompute every stored row (and, with ``weeks``, the last ``weeks`` weeks of every township).

    Returns the differences of rows that would have been served (final, or holding for today) from the
    full computation; ordinary rows are corrected (unless ``fix`` is False), approved ones are kept.
    """
    today = today or timezone.localdate()
    stored, keys = _rows_to_check(WeekCompliance, weeks, today)
    if not keys:
        return []
    township_ids = sorted({pk for _monday, pk in keys})
    mondays = sorted({monday for monday, _pk in keys})
    computed, rules, frequencies = full_week_counts(township_ids=township_ids, mondays=mondays, today=today)
    fingerprint = summaries.rules_fingerprint(rules, frequencies)
    current = summaries.versions(township_ids)
    names = dict(Township.objects.filter(pk__in=township_ids).values_list("pk", "name"))
    differences, rows = [], []
    for key in sorted(keys):
        monday, pk = key
        row = stored.get(key)
        figures = computed[key]
        holds = row is not None and row.holds(
            rules=fingerprint, assessed_on=_assessed_day(monday, today), version=current.get(pk, 0)
        )
        if holds and (row.targets, row.visited) != figures:
            differences.append(Difference(names[pk], monday, (row.targets, row.visited), figures, row.is_final))
        if row is None or not row.is_final:
            rows.append(
                WeekCompliance(
                    township_id=pk,
                    monday=monday,
                    assessed_on=_assessed_day(monday, today),
                    rules=fingerprint,
                    version=current.get(pk, 0),
                    targets=figures[0],
                    visited=figures[1],
                )
            )
    if fix:
        summaries.store(rows)
    return differences
