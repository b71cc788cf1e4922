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
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _text(value):
    return "" if value in (None, "None") else str(value)


def changes_of(entry):
    model = entry.content_type.model_class()
    return [
        Change(_label(model, name), _text(values[0]), _text(values[1]))
        for name, values in (entry.changes_dict or {}).items()
        if isinstance(values, list | tuple) and len(values) == 2
    ]
