"""What makes a log entry readable to a reviewer (issue 13, item 8): a related record by its name, not its id;
a time in local time; the portal's own form keys left out.

Related records are looked up for a whole page of entries at once: one query per kind of related record
on the page (an elder, a village …), however many entries mention them.
"""

from collections import defaultdict
from datetime import UTC

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# Bookkeeping a reviewer cannot act on: a visit form's one-time key, optimistic-lock counters.
HIDDEN_FIELDS = frozenset({"submission_key", "version", "password"})


def is_hidden(field, name):
    """Form keys and the record's own id (the log names the record already)."""
    return name in HIDDEN_FIELDS or isinstance(field, models.UUIDField) or bool(getattr(field, "primary_key", False))


def is_related(field):
    return isinstance(field, models.ForeignKey)


def local_time(value):
    """A stored date-time (auditlog keeps it as naive UTC text) as local 'YYYY-MM-DD HH:MM'; None if not one."""
    moment = parse_datetime(str(value))
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def related_names(wanted):
    """{(model, str(pk)): name} for ``wanted``, a {model: set of pks}: one query per model."""
    names = {}
    for model, pks in wanted.items():
        keys = [pk for pk in pks if str(pk).isdigit()] if isinstance(model._meta.pk, models.AutoField) else list(pks)
        for record in model._default_manager.filter(pk__in=keys).select_related():
            names[(model, str(record.pk))] = str(record)
    return names


def wanted_related(entries_with_changes):
    """The related records a page of (entry, [(field, before, after)]) mentions, by model."""
    wanted = defaultdict(set)
    for _entry, fields in entries_with_changes:
        for field, before, after in fields:
            if is_related(field):
                wanted[field.related_model].update(value for value in (before, after) if value not in (None, "None", ""))
    return wanted
