"""Audit entries for records written in bulk (``bulk_create`` sends no signals, so django-auditlog sees nothing).

``log_created`` writes the same "created" entry the audit log's own receiver writes for each record — the
changes from django-auditlog's ``model_instance_diff`` (personal fields masked as registered), the record's
repr, the correlation id — in one ``bulk_create`` of the entries. The actor is the user given (an import's
owner), or the one a request's audit context names; the context's other data (remote address) as well.
"""

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str


def log_created(instances, *, actor=None):
    """One "created" audit entry per saved instance (all of one model), in one statement; returns the entries."""
    instances = list(instances)
    if not instances:
        return []
    if any(instance.pk is None for instance in instances):
        raise ValueError("log_created needs saved instances (with their primary keys)")
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    context = _context()
    actor = actor or context.pop("actor", None)
    context.pop("actor", None)
    cid = get_cid()
    use_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    entries = []
    for instance in instances:
        entry = LogEntry(
            content_type=content_type,
            object_pk=str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, instance, use_json_for_changes=use_json),
            cid=cid,
            actor=actor,
            actor_email=getattr(actor, "email", None) if actor else None,
            **context,
        )
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            entry.additional_data = get_additional_data()
        entries.append(entry)
    return LogEntry.objects.bulk_create(entries, batch_size=1000)


def _context():
    """The audit context a request set (actor, remote address ...), as LogEntry field values."""
    try:
        data = dict(auditlog_value.get())
    except LookupError:
        return {}
    values = {key: value() if callable(value) else value for key, value in data.items() if hasattr(LogEntry, key)}
    if "actor" in data:
        values["actor"] = data["actor"]
    return values
