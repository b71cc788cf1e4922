"""``manage.py rebuild_visit_summaries``: every stored compliance summary against the full computation."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from facilities.models import Township
from visits import summaries
from visits.compliance import _assessed_day, full_week_counts, weeks_ending
from visits.models import WeekCompliance


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


@transaction.atomic
def rebuild(*, weeks=0, fix=True, today=None):
    """Recompute every stored row (and, with ``weeks``, the last ``weeks`` weeks of every township).

    Returns the differences of rows that would have been served (final, or holding for today) from the
    full computation; ordinary rows are corrected (unless ``fix`` is False), approved ones are kept.
    """
    today = today or timezone.localdate()
    stored = {(row.monday, row.township_id): row for row in WeekCompliance.objects.select_for_update()}
    keys = set(stored)
    if weeks:
        keys |= {(monday, pk) for monday in weeks_ending(today, weeks) for pk in Township.objects.values_list("pk", flat=True)}
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
        holds = row is not None and (
            row.rules == fingerprint and row.assessed_on == _assessed_day(monday, today) and row.version == current.get(pk, 0)
        )
        if row is not None and (row.is_final or holds) and (row.targets, row.visited) != figures:
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
