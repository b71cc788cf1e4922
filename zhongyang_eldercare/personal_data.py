"""Who sees personal data in full, and how it is shown to everyone else.

Full ID numbers and health notes are for the staff who look after the person:
the staff of the person's own township and the bureau. The leading group, the
administrator and other townships see masked values. Every time a page shows
the full values, the view records it in the audit log (``log_full_view``).
"""

from auditlog.signals import accessed

from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.accounts.scoping import scope_includes
from zhongyang_eldercare.kernel.identity import SHAPE

VISIBLE_HEAD = 6
VISIBLE_TAIL = 4


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


def may_see_full_personal_data(user, record):
    """Bureau staff, and township staff of the record's own township (``record.township_id``, ``scope_includes``)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.BUREAU:
        return True
    return user.role == Role.TOWNSHIP and scope_includes(user, record.township_id)


def log_full_view(record):
    """Write an ACCESS entry to the audit log (the actor comes from AuditlogMiddleware)."""
    accessed.send(sender=type(record), instance=record)
