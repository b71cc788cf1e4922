from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhongyang_eldercare.accounts.decorators import role_required
from zhongyang_eldercare.audit.access import AUDIT_READERS
from zhongyang_eldercare.audit.changes import rows_for
from zhongyang_eldercare.audit.filters import LogEntryFilter

PAGE_SIZE = 50


@require_safe
@never_cache
@role_required(*AUDIT_READERS)
def log(request):
    """The searchable audit log (bureau and administrator): read only, nothing here changes it."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    filterset = LogEntryFilter(request.GET or None, queryset=entries)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows_for(page, user=request.user),
        "query": query.urlencode(),
    }
    return render(request, "audit/log.html", context)
