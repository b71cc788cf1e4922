"""``{% load audit %}{% record_history object %}``: a record's audit trail on its own page.

Shown only to the bureau and the administrator; everyone else gets nothing
(not even a heading). Read only: the partial has no form.
"""

from auditlog.models import LogEntry
from django import template

from zhongyang_eldercare.audit.access import can_read_audit
from zhongyang_eldercare.audit.changes import rows_for

register = template.Library()


@register.inclusion_tag("audit/record_history.html", takes_context=True)
def record_history(context, obj, limit=50):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_read_audit(user):
        return {"visible": False}
    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp", "-pk")
    return {"visible": True, "rows": rows_for(entries[:limit], user=user), "limit": limit}
