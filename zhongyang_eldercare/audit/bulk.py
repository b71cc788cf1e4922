"""Audit entries for records written in bulk (``bulk_create`` sends no signals, so django-auditlog sees nothing).

``log_created`` writes the same "created" entry the audit log's own receiver writes for each record — the
changes from django-auditlog's ``model_instance_diff`` (personal fields masked as registered), the record's
repr, the correlation id — in one ``bulk_create`` of the entries. The actor is the user given (an import's
owner), or the one a request's audit context names; the context's other data (remote address) as well.
"""

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function
from auditlog.models import LogEntry
from auditlog.registry import auditlog
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
    changes_of = creation_diff(instances[0], use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False))
    entries = []
    for instance in instances:
        entry = LogEntry(
            content_type=content_type,
            object_pk=str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
            action=LogEntry.Action.CREATE,
            changes=changes_of(instance),
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


def creation_diff(sample, *, use_json_for_changes=False):
    """A function giving, for a new instance of ``sample``'s model, what ``auditlog.diff.model_instance_diff(None,
    instance)`` gives — the same fields, values, masks and order — with what does not depend on the instance (the
    fields tracked, the "before" of every field, the mask) worked out once instead of once per record."""
    model_fields = auditlog.get_model_fields(sample._meta.model)
    fields = set(get_fields_in_model(sample))  # the set model_instance_diff iterates, in the same order
    if model_fields and (model_fields["include_fields"] or model_fields["exclude_fields"]) and fields:
        if model_fields["include_fields"]:
            fields = [field for field in fields if field.name in model_fields["include_fields"]]
        if model_fields["exclude_fields"]:
            fields = [field for field in fields if field.name not in model_fields["exclude_fields"]]
    before = [(field, get_field_value(None, field, use_json_for_changes)) for field in fields]
    masked = set(model_fields["mask_fields"]) if model_fields else set()
    mask = get_mask_function(model_fields.get("mask_callable")) if masked else None

    def changes(instance):
        diff = {}
        for field, old in before:
            new = get_field_value(instance, field, use_json_for_changes)
            if old == new:
                continue
            if field.name in masked:
                diff[field.name] = (mask(smart_str(old)), mask(smart_str(new)))
            elif not use_json_for_changes:
                diff[field.name] = (smart_str(old), smart_str(new))
            else:
                diff[field.name] = (old if _primitive(old) else smart_str(old), new if _primitive(new) else smart_str(new))
        return diff or None

    return changes


def _primitive(value):
    return isinstance(value, type(None) | bool | int | float | str | list | tuple | dict | set)
