"""An import as a background job: who started it, which import, the stashed file, how far it got, its row report.

A job has two steps, each run by a worker (tasks.py): the check (a dry run, rolled back) and, once
its owner confirms a valid check, the import (one transaction: all rows or none). The user can leave
the job's page and come back; it polls the job's status while a step runs.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.numbers import percent

PROGRESS_CACHE = "progress"


class ImportStep(models.TextChoices):
    CHECK = "check", _("Check")
    IMPORT = "import", _("Import")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped on an error")


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user sees the jobs they started; the bureau, which answers for the county's data, sees every job."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_bureau:
            return self
        return self.filter(owner=user)

    def owned_by(self, user):
        """The jobs a user may act on (confirm): only their own, whatever their role."""
        return self.filter(owner=user) if user is not None and user.is_authenticated else self.none()


class ImportJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    title = models.CharField(_("import"), max_length=100)
    resource_path = models.CharField(_("resource"), max_length=200)
    import_url = models.CharField(_("import page"), max_length=200)
    success_url = models.CharField(_("page of the imported records"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    token = models.CharField(_("stashed file"), max_length=64, unique=True)
    step = models.CharField(_("step"), max_length=8, choices=ImportStep.choices, default=ImportStep.CHECK)
    status = models.CharField(_("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    valid = models.BooleanField(_("every row valid"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    report = models.JSONField(_("row report"), default=list, blank=True)
    file_messages = models.JSONField(_("problems of the whole file"), default=list, blank=True)
    totals = models.JSONField(_("totals"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rows_done__lte=models.F("rows_total")), name="import_rows_done_within_total"),
        ]

    def __str__(self):
        return f"{self.title} · {self.file_name}"

    def get_absolute_url(self):
        return reverse("import_jobs:detail", args=[self.pk])

    @property
    def finished(self):
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}

    @property
    def awaiting_confirmation(self):
        """A valid check: its owner may now import the file."""
        return self.step == ImportStep.CHECK and self.status == ImportStatus.DONE and bool(self.valid)

    @property
    def imported(self):
        return self.step == ImportStep.IMPORT and self.status == ImportStatus.DONE and bool(self.valid)

    @property
    def progress_key(self):
        return f"import-job-{self.pk}-rows"

    def record_progress(self, rows_done):
        """Called by the running step; kept outside the database because the step's transaction hides its writes."""
        caches[PROGRESS_CACHE].set(self.progress_key, rows_done)

    def live_rows_done(self):
        if self.status != ImportStatus.RUNNING:
            return self.rows_done
        return min(caches[PROGRESS_CACHE].get(self.progress_key, self.rows_done), self.rows_total)

    def progress(self):
        """What the progress bar shows: rows done, rows in all, the percentage (None before the file is read)."""
        done = self.live_rows_done()
        return {"rows_done": done, "rows_total": self.rows_total, "percent": percent(done, self.rows_total)}

    def bad_rows(self):
        return [row for row in self.report if row["messages"]]
