"""Before → after values of a log entry, ready for a template.

Field names become their verbose names; values stay as auditlog stored them
(foreign keys as ids), so a page of entries costs no query per entry.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _label(model, name):
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    # a reverse relation (e.g. a many-to-many seen from the other side) has no verbose name
    return str(getattr(field, "verbose_name", name))


def _text(value):
    return "" if value in (None, "None") else str(value)


@dataclass(frozen=True)
class Row:
    entry: object
    record_type: str
    changes: list


def rows_for(entries):
    """Template rows for log entries (content types are cached by Django: no query per row)."""
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        record_type = str(model._meta.verbose_name) if model else entry.content_type.model
        rows.append(Row(entry, record_type, changes_of(entry)))
    return rows


def changes_of(entry):
    model = entry.content_type.model_class()
    return [
        Change(_label(model, name), _text(values[0]), _text(values[1]))
        for name, values in (entry.changes_dict or {}).items()
        if isinstance(values, list | tuple) and len(values) == 2
    ]
