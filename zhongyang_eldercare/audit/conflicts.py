"""What changed in a record since a form was loaded: the refusal of a save that would overwrite it, in Chinese.

Read from the audit log: every save raises the record's version (``kernel.versions``) and the audit
entry of that save records the version it started from, so the entries that started at or after the
form's version are exactly the changes the user has not seen.
"""

from auditlog.models import LogEntry
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongyang_eldercare.audit.changes import changes_of


def _from_version(entry):
    before = (entry.changes_dict or {}).get("version", [None])[0]
    try:
        return int(before)
    except (TypeError, ValueError):
        return None


def edits_since(record, version):
    """The audit entries of the updates made to ``record`` since it was at ``version``, oldest first."""
    entries = (
        LogEntry.objects.get_for_object(record)
        .filter(action=LogEntry.Action.UPDATE)
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")
    )
    return [entry for entry in entries if (_from_version(entry) or 0) >= version]


def describe(entry):
    who = entry.actor.get_full_name() or entry.actor.username if entry.actor else _("the system")
    when = timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M")
    changes = "；".join(f"{change.field}：{change.before or '—'} → {change.after or '—'}" for change in changes_of(entry))
    return _("%(who)s at %(when)s changed %(changes)s") % {"who": who, "when": when, "changes": changes or _("the record")}


def conflict_message(conflict):
    """The lines of the refusal: what happened, each change made meanwhile, what to do now."""
    lines = [_("Not saved: someone else changed this record after you opened this page.")]
    lines += [describe(entry) for entry in edits_since(conflict.record, conflict.version)]
    lines.append(_("Your entries are kept below. Check them against these changes and save again to replace them, or cancel."))
    return lines
