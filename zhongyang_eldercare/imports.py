"""The two-step spreadsheet import every app uses: upload, a check with a row-by-row report, then confirm.

Both steps run as background jobs (zhongyang_eldercare/import_jobs): the upload is stashed and
checked by a worker while the user watches a progress bar on the job's page (or leaves and comes
back); a valid check offers the confirm button, and the confirmed import runs in one transaction
(all or nothing per file). Nothing is written unless every row is valid.

A subclass names a django-import-export resource whose constructor takes the
user (``resource_class(user=...)``), so that the resource can refuse rows
outside the user's township.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zhongyang_eldercare.accounts.scoping import require_editor
from zhongyang_eldercare.audit.bulk import log_created
from zhongyang_eldercare.import_jobs.models import ImportJob
from zhongyang_eldercare.import_jobs.services import confirm_import, start_check
from zhongyang_eldercare.import_jobs.views import job_context
from zhongyang_eldercare.kernel.spreadsheets import validate_xlsx_upload

RECENT_JOBS = 5


class BulkCreateMixin:
    """For a django-import-export resource of big files (10,000 elders): every row is read and validated one by one
    as before, and reported; the new records are then written together, in one ``bulk_create`` with one audit
    entry each (``audit.bulk.log_created``), and only when no row of the file failed — the import is all or nothing
    anyway, so a file with a bad row writes nothing. A row that changes an existing record is saved on its own (its
    audit entry with the change, as before); a later row of the file for a record still to be created changes that
    record in place. The resource's ``Meta`` sets ``use_bulk = True`` and ``skip_diff = True`` (no per-row copy and
    diff, which the row report does not show), leaves ``batch_size`` unset (one write at the end), and the resource
    has ``user``, the audit entries' actor.

    A database error of the write (a record another import took meanwhile) stops the import as an error of the
    file, not of one row: the rows were checked against the database just before.
    """

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if is_create:
            self.create_instances.append(instance)
        elif instance.pk is not None:
            with transaction.atomic():  # a savepoint: a failing row leaves the import's transaction usable
                self.do_instance_save(instance, is_create)
        self.after_save_instance(instance, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances:
            return
        try:
            if result is None or not (result.has_errors() or result.has_validation_errors()):
                created = self._meta.model.objects.bulk_create(self.create_instances, batch_size=1000)
                log_created(created, actor=self.user)
        except Exception as error:  # noqa: BLE001  (reported as the file's error, as django-import-export does)
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"), validators=[validate_xlsx_upload])


class SpreadsheetImportView(LoginRequiredMixin, View):
    resource_class = None
    title = ""
    template_name = "import.html"
    template_url = None  # where the blank template with Chinese headers is downloaded
    success_url = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_editor(request.user)
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, **extra):
        recent = ImportJob.objects.owned_by(self.request.user).filter(import_url=self.request.path)[:RECENT_JOBS]
        context = {"form": form, "title": self.title, "template_url": self.template_url, "recent_jobs": recent, **extra}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page(UploadForm())

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        job = start_check(
            user=request.user,
            upload=form.cleaned_data["file"],
            resource_class=self.resource_class,
            title=self.title,
            import_url=request.path,
            success_url=self.success_url,
        )
        return self.show(job)

    def show(self, job):
        """The job's page: at once when the check already finished (a task backend that runs in the request), else its
        progress page, which the user may leave and come back to."""
        if not job.finished:
            return redirect(job)
        context = job_context(job) | {"may_confirm": True}
        return render(self.request, "import_jobs/job.html", context)

    def confirm(self, token):
        job = confirm_import(user=self.request.user, token=token)
        if job is None:
            messages.error(self.request, _("The checked file has expired; please upload it again."))
            return redirect(self.request.path)
        return redirect(job)
