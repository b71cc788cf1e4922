"""Who sees personal data in full, how it is shown to everyone else, and the log of every full view.

Personal data here is what PIPL calls sensitive: resident ID numbers and text about a person's
health (an elder's health notes, what a visit found, the follow-up it opened). It is for the staff
who look after the person: the staff of the person's own township and the bureau (``FULL_ROLES``).
The leading group, the administrator and other townships see it masked; nothing masked can be
unmasked (no birth date beside a masked ID number, no search by a part of the hidden digits).

One mechanism for every app. A model declares its personal fields once, which also registers it
with the audit log with those fields masked in every entry::

    register_personal(Worker, id_numbers=["id_number"])
    register_personal(Visit, texts=["health_note", ...])

Views then ask ``may_see_full_personal_data(user, record)`` (or ``reveal(user, records)`` for a
list) and show ``mask_value(...)`` otherwise; every record shown in full is logged as an access
(``log_full_view`` / ``reveal``). Searches by ID number go through ``id_number_search``.
"""

from dataclasses import dataclass

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.accounts.scoping import scope_includes
from zhongyang_eldercare.kernel.identity import SHAPE, normalize_id_number

VISIBLE_HEAD = 6
VISIBLE_TAIL = 4
# the roles that look after people: full values for the records in their scope
FULL_ROLES = frozenset({Role.BUREAU, Role.TOWNSHIP})
HIDDEN_TEXT = _("(shown to the person's township and the bureau only)")


@dataclass(frozen=True)
class PersonalFields:
    id_numbers: tuple = ()  # masked to their ends
    texts: tuple = ()  # hidden whole: health text, a birth date read from the ID number

    @property
    def names(self):
        return (*self.id_numbers, *self.texts)


PERSONAL_FIELDS = {}


def register_personal(model, *, id_numbers=(), texts=(), **audit_options):
    """Declare ``model``'s personal fields and register it with the audit log, those fields masked there."""
    fields = PersonalFields(tuple(id_numbers), tuple(texts))
    PERSONAL_FIELDS[model] = fields
    mask = "zhongyang_eldercare.personal_data.mask_for_audit_log"
    auditlog.register(model, mask_fields=list(fields.names), mask_callable=mask, **audit_options)
    return model


def personal_fields(model):
    return PERSONAL_FIELDS.get(model, PersonalFields())


# --- Masking ------------------------------------------------------------------------------------


def mask_id_number(value):
    """``142332********1234``: the region code and the last four characters stay, the birth date goes."""
    value = str(value or "")
    if len(value) <= VISIBLE_HEAD + VISIBLE_TAIL:
        return "*" * len(value)
    return value[:VISIBLE_HEAD] + "*" * (len(value) - VISIBLE_HEAD - VISIBLE_TAIL) + value[-VISIBLE_TAIL:]


def mask_for_audit_log(value):
    """Audit-log masking: an ID number keeps its ends, any other personal text is hidden whole."""
    value = str(value or "")
    if SHAPE.match(value):
        return mask_id_number(value)
    return "*" * min(len(value), 8)


def mask_value(model, name, value):
    """What a reader without full rights sees of field ``name``: a masked ID number, or a note that text is hidden."""
    fields = personal_fields(model)
    if name in fields.id_numbers:
        return mask_id_number(value)
    if name in fields.texts:
        return str(HIDDEN_TEXT) if value else ""
    return value


# --- Who sees what ------------------------------------------------------------------------------


def record_township_id(record):
    """The township a record belongs to: ``record.township_id``, else the first path of its ``township_lookup``."""
    if hasattr(record, "township_id"):
        return record.township_id
    lookup = record.township_lookup
    lookup = lookup if isinstance(lookup, str) else lookup[0]
    if lookup == "pk":  # the township itself
        return record.pk
    path = lookup.split("__")
    owner = record
    for step in path[:-1]:
        owner = getattr(owner, step)
    return getattr(owner, f"{path[-1]}_id")


def has_full_rights(user):
    """Whether the user's role ever sees personal data in full (within their scope)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.role in FULL_ROLES)


def may_see_full_personal_data(user, record):
    """Bureau staff of the record's county and township staff of its township: ``scope_includes``, the one scope
    check, whatever the path the record reached the caller by."""
    if not has_full_rights(user):
        return False
    return scope_includes(user, record_township_id(record))


# --- The log of full views ----------------------------------------------------------------------


def log_full_view(record):
    """Write an ACCESS entry to the audit log (the actor comes from AuditlogMiddleware)."""
    accessed.send(sender=type(record), instance=record)


def log_full_views(records, *, user, remote_addr=None):
    """One ACCESS entry per record, written in one statement (a list page shows many records at once)."""
    entries = [
        LogEntry(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_pk=str(record.pk),
            object_id=record.pk if isinstance(record.pk, int) else None,
            object_repr=str(record)[:200],
            action=LogEntry.Action.ACCESS,
            actor=user,
            remote_addr=remote_addr,
            changes={},
        )
        for record in records
    ]
    LogEntry.objects.bulk_create(entries)
    return entries


def _remote_addr(request):
    """The address AuditlogMiddleware recorded for this request (it reads the proxy's header), else the socket's."""
    try:
        return auditlog_value.get().get("remote_addr") or request.META.get("REMOTE_ADDR")
    except LookupError:
        return request.META.get("REMOTE_ADDR")


def reveal(request, records):
    """The pks of ``records`` the requesting user sees in full; those are logged as accessed (one write)."""
    shown = [record for record in records if may_see_full_personal_data(request.user, record)]
    if shown:
        log_full_views(shown, user=request.user, remote_addr=_remote_addr(request))
    return {record.pk for record in shown}


# --- Searching by ID number ---------------------------------------------------------------------

SEARCH_TAIL = VISIBLE_TAIL


def id_number_search(user, text, *, field="id_number"):
    """(Q, exact) for a search box's ``text`` among ID numbers; Q is None when the text is no ID search.

    A whole ID number is an exact match (``exact`` True: the caller logs the found record as accessed),
    for roles with full rights only; anyone may search by the last four characters, which every list
    shows anyway. Any other part of a number is no search: matching ``endswith`` on more characters
    would reveal the masked digits one guess at a time.
    """
    text = normalize_id_number(text or "")
    if SHAPE.match(text):
        return (Q(**{field: text}), True) if has_full_rights(user) else (None, False)
    if len(text) == SEARCH_TAIL and text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X"):
        return Q(**{f"{field}__endswith": text}), False
    return None, False
