"""An import job's page (progress, then its row report and the confirm button), its status as JSON, the user's jobs."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhongyang_eldercare.accounts.scoping import get_for_user_or_404
from zhongyang_eldercare.import_jobs.models import ImportJob
from zhongyang_eldercare.import_jobs.services import RowReport

PAGE_SIZE = 25


def job_context(job, *, bad_only=False):
    """What the job's page shows; the import page renders it too when a step finished inside the request."""
    rows = job.bad_rows() if bad_only else job.report
    return {
        "job": job,
        "title": job.title,
        "progress": job.progress(),
        "checked": job.finished,
        "valid": bool(job.valid),
        "token": job.token if job.awaiting_confirmation else None,
        "reports": [RowReport(**row) for row in rows],
        "bad_only": bad_only,
        "bad_count": len(job.bad_rows()),
    }


@require_safe
@never_cache
@login_required
def job_detail(request, pk):
    job = get_for_user_or_404(ImportJob, request.user, pk=pk)
    context = job_context(job, bad_only=request.GET.get("rows") == "bad")
    context["may_confirm"] = job.owner_id == request.user.pk
    return render(request, "import_jobs/job.html", context)


class UnsavedSession:
    """The request's session, not saved again by this response (see ``job_status``)."""

    def __init__(self, session):
        self._session = session

    def __getattr__(self, name):
        return getattr(self._session, name)

    def save(self, must_create=False):
        pass


@require_safe
@never_cache
@login_required
def job_status(request, pk):
    """The job's progress as JSON, polled by the job's page (static/import_jobs/progress.js).

    A poll is the page's doing, not the user's, so it does not renew the session's idle timeout; nor
    does it write the session, which on SQLite would wait for the running import's write lock.
    """
    request.session = UnsavedSession(request.session)
    job = get_for_user_or_404(ImportJob, request.user, pk=pk)
    progress = job.progress()
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "step": job.step,
            "finished": job.finished,
            "rows_done": progress["rows_done"],
            "rows_total": progress["rows_total"],
            "percent": None if progress["percent"] is None else float(progress["percent"]),
        }
    )


@require_safe
@login_required
def job_list(request):
    jobs = ImportJob.objects.for_user(request.user).select_related("owner", "owner__township")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "import_jobs/job_list.html", {"page": page, "sees_others": request.user.is_bureau})
