"""Audit entries for bulk writes, which skip the model signals django-auditlog listens to.

Imports save row by row (``SpreadsheetImportView``, never ``bulk_create``), so
they are audited like any form. Code that must write in bulk uses these helpers,
which leave one entry per row with the same masking and field rules as the
model's auditlog registration, and the actor and address of the request.
"""

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.db import transaction

Action = LogEntry.Action


def log_bulk_changes(instances, *, action, before=None):
    """One audit entry per instance written in bulk.

    ``instances``: the rows as they are now (for ``Action.DELETE``: as they were);
    ``before``: for ``Action.UPDATE``, ``{pk: row as it was}``. Returns the entries.
    """
    entries = []
    for instance in instances:
        if not auditlog.contains(type(instance)):
            raise ValueError(f"{type(instance).__name__} is not registered with auditlog.")
        old = (before or {}).get(instance.pk) if action == Action.UPDATE else None
        if action == Action.CREATE:
            old, new = None, instance
        elif action == Action.DELETE:
            old, new = instance, None
        else:
            new = instance
        changes = model_instance_diff(old, new, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        if changes:
            entries.append(LogEntry.objects.log_create(instance, action=action, changes=changes))
    return entries


@transaction.atomic
def audited_update(queryset, **values):
    """``queryset.update(**values)`` in one statement, with a before → after audit entry per changed row."""
    before = {row.pk: row for row in queryset.select_for_update()}
    count = queryset.model._default_manager.filter(pk__in=before).update(**values)
    after = queryset.model._default_manager.filter(pk__in=before)
    log_bulk_changes(after, action=Action.UPDATE, before=before)
    return count


@transaction.atomic
def audited_bulk_create(model, rows, **options):
    """``model.objects.bulk_create(rows)`` with a creation entry per row (primary keys must come back,
    which PostgreSQL and SQLite both do)."""
    created = model._default_manager.bulk_create(rows, **options)
    log_bulk_changes(created, action=Action.CREATE)
    return created
