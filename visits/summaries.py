"""Summary data behind weekly compliance: stored per township and week, never stale.

``visits.compliance.weekly_compliance`` asks ``week_counts`` for its figures. A stored
``WeekCompliance`` row is used when it still holds:

* it was computed under the same rules (a fingerprint of the priority rules and visit frequencies
  the caller read anyway), for the same assessed day (the week's Sunday; while a week runs, today),
  and at the township's current figures version; or
* it is final: the week was approved in the township's report (``approve_weeks``), and approved
  figures do not change afterwards.

Everything else is computed by the full computation (``compute``: ``compliance._week_counts``) and
stored. Every write that changes a township's figures calls ``figures_changed`` inside its own
transaction (the visit service, the status service, the elder service behind the form and the
admin, the import); it moves the township's ``FiguresVersion`` on, so no older row holds after it
commits. A reader stores the version it read *before* computing: when a write commits in between,
the row carries the older version and is computed again at the next read — a race can cost a
recomputation, never a wrong figure. ``manage.py rebuild_visit_summaries`` recomputes every stored
row and reports any difference from the full computation.
"""

import hashlib

from django.db.models import F
from django.utils import timezone

from visits.models import FiguresVersion, WeekActivity, WeekCompliance


def rules_fingerprint(rules, frequencies):
    """What the figures depend on besides the records: the priority rules and the priority visit frequencies."""
    parts = [(rule.pk, rule.document_id, rule.criterion, rule.min_age, rule.valid_from, rule.valid_to) for rule in rules]
    parts += [(f.pk, f.document_id, f.period, f.visits, f.valid_from, f.valid_to) for f in frequencies]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def figures_changed(township_ids):
    """Call inside the transaction of a write that changes these townships' compliance figures."""
    ids = sorted({pk for pk in township_ids if pk is not None})
    if not ids:
        return
    FiguresVersion.objects.bulk_create([FiguresVersion(township_id=pk) for pk in ids], ignore_conflicts=True)
    FiguresVersion.objects.filter(township_id__in=ids).update(version=F("version") + 1)


def remember_township(sender, instance, raw=False, **kwargs):
    """Before a village is saved: the township it belongs to in the database (None for a new one)."""
    if instance.pk and not raw:
        instance._township_before = sender.objects.filter(pk=instance.pk).values_list("township_id", flat=True).first()


def village_saved(sender, instance, raw=False, **kwargs):
    """A village moved to another township (the admin, the places fixture): its elders now count in the new one, so
    both townships' figures change, in the saving transaction like every other write of them."""
    before = getattr(instance, "_township_before", None)
    if not raw and before is not None and before != instance.township_id:
        figures_changed([before, instance.township_id])


def versions(township_ids):
    return dict(FiguresVersion.objects.filter(township_id__in=township_ids).values_list("township_id", "version"))


def _stored(model, mondays, township_ids):
    """(the townships' figures versions, {(monday, township id): stored row of ``model``}): the versions read first,
    so a write committed in between costs a recomputation, never a wrong figure."""
    current = versions(township_ids)
    rows = model.objects.filter(township_id__in=township_ids, monday__in=mondays)
    return current, {(row.monday, row.township_id): row for row in rows}


def week_counts(*, mondays, today, township_ids, fingerprint, assessed_day, compute):
    """{(monday, township id): (targets, visited)}: stored rows where they hold, the rest from
    ``compute(mondays, township ids)`` (the full computation), stored for the next read.

    Two queries when every row holds (versions, rows); three more otherwise (compute's two aggregates, one upsert).
    """
    township_ids = list(township_ids)
    current, stored = _stored(WeekCompliance, mondays, township_ids)
    counts, stale = {}, set()
    for monday in mondays:
        for pk in township_ids:
            row = stored.get((monday, pk))
            if row is not None and row.holds(
                rules=fingerprint, assessed_on=assessed_day(monday, today), version=current.get(pk, 0)
            ):
                counts[monday, pk] = (row.targets, row.visited)
            else:
                stale.add((monday, pk))
    if not stale:
        return counts
    weeks = sorted({monday for monday, _pk in stale})
    townships = sorted({pk for _monday, pk in stale})
    computed = compute(weeks, townships)
    real_today = timezone.localdate()
    rows = []
    for monday, pk in sorted(stale):
        targets, visited = computed.get((monday, pk), (0, 0))
        counts[monday, pk] = (targets, visited)
        day = assessed_day(monday, today)
        if day <= real_today:  # a what-if for a day still to come is not kept
            rows.append(
                WeekCompliance(
                    township_id=pk,
                    monday=monday,
                    assessed_on=day,
                    rules=fingerprint,
                    version=current.get(pk, 0),
                    targets=targets,
                    visited=visited,
                )
            )
    store(rows)
    return counts


def store(rows, *, final=False):
    """Insert or update summary rows in one statement; ``final``: the approved figures of their weeks."""
    if not rows:
        return
    fields = ["assessed_on", "rules", "version", "targets", "visited"]
    if final:
        for row in rows:
            row.is_final = True
        fields.append("is_final")
    WeekCompliance.objects.bulk_create(rows, update_conflicts=True, unique_fields=["township", "monday"], update_fields=fields)


def week_activity(*, mondays, township_ids, compute):
    """{(monday, township id): {visits, home_visits, issues_found, urgent_visits, late_entries}}: stored rows where
    the township's figures version is still theirs, the rest from ``compute(mondays, township ids)`` (the full
    computation, for the townships with a stale or missing week), stored for the next read.

    Two queries when every row holds (versions, rows); two more otherwise (compute's aggregate, one upsert). The
    version is read before computing: a write committed in between costs a recomputation, never a wrong figure.
    """
    township_ids = list(township_ids)
    current, stored = _stored(WeekActivity, mondays, township_ids)
    counts, stale = {}, set()
    for pk in township_ids:
        rows = [stored.get((monday, pk)) for monday in mondays]
        if all(row is not None and row.version == current.get(pk, 0) for row in rows):
            counts.update({(row.monday, pk): row.counts for row in rows})
        else:
            stale.add(pk)
    if not stale:
        return counts
    computed = compute(mondays, sorted(stale))
    empty = dict.fromkeys(WeekActivity.COUNTS, 0)
    rows = []
    for pk in sorted(stale):
        for monday in mondays:
            figures = {**empty, **computed.get((monday, pk), {})}
            counts[monday, pk] = figures
            rows.append(WeekActivity(township_id=pk, monday=monday, version=current.get(pk, 0), **figures))
    store_activity(rows)
    return counts


def store_activity(rows):
    """Insert or update weekly visit summary rows in one statement."""
    if rows:
        WeekActivity.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["township", "monday"], update_fields=["version", *WeekActivity.COUNTS]
        )
