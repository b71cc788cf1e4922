"""Starting, confirming and running an import job (the steps are run by the worker, tasks.py).

Nothing is written unless every row is valid: the check is a dry run, rolled back; the import runs
in one transaction, rolled back if any row fails (django-import-export's own transactions).
"""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zhongyang_eldercare.import_jobs.models import ImportJob, ImportStatus, ImportStep
from zhongyang_eldercare.kernel.import_widgets import cell_error_message, plain_errors
from zhongyang_eldercare.kernel.spreadsheets import read_xlsx, stash_upload, stashed_path

WORKBOOK_UNREADABLE = _lazy("The workbook could not be read. Save it again as .xlsx and retry.")
UNEXPECTED_ERROR = _lazy("The import stopped on an unexpected error; nothing was saved. Please tell the administrator.")


@dataclass
class RowReport:
    number: int
    status: str
    messages: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.messages


def _column_label(resource, name):
    """The column a field's error belongs to: its header, else the model field's name; none for the whole row."""
    if name == NON_FIELD_ERRORS:
        return ""
    columns = {key: f.column_name for key, f in resource.fields.items()}
    columns |= {f.attribute: f.column_name for f in resource.fields.values() if f.attribute}
    if name in columns:
        return str(columns[name])
    try:
        return str(resource._meta.model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return name


def row_reports(result, resource):
    """One entry per data row, every problem of the row; ``number`` is the row's number in Excel (the header is row 1)."""
    invalid = {row.number: row for row in result.invalid_rows}
    reports = []
    for index, row_result in enumerate(result.rows, start=1):
        report = RowReport(number=index + 1, status=row_result.import_type)
        report.messages.extend(cell_error_message(error.error) for error in row_result.errors)
        if index in invalid:
            for name, errors in invalid[index].error_dict.items():
                label = _column_label(resource, name)
                report.messages.extend(f"{label}：{message}" if label else str(message) for message in errors)
        reports.append(report)
    return reports


def file_problems(result, resource, dataset):
    """What is wrong with the file as a whole: a missing key column, errors outside any row."""
    keys = [str(resource.fields[name].column_name) for name in resource.get_import_id_fields() if name in resource.fields]
    missing = [header for header in keys if header not in dataset.headers]
    if missing:
        return [_("The file lacks the template's columns: %(columns)s.") % {"columns": "、".join(missing)}]
    return [cell_error_message(error.error) for error in result.base_errors]


def run_import(resource, dataset, *, dry_run, on_row=None):
    """django-import-export's import in one transaction, with Chinese errors; ``on_row(n)`` after each row."""
    plain_errors(resource)
    if on_row is not None:
        import_row = resource.import_row

        def counted(row, instance_loader, **kwargs):
            try:
                return import_row(row, instance_loader, **kwargs)
            finally:
                on_row(kwargs.get("row_number", 0))

        resource.import_row = counted
    return resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)


@transaction.atomic
def start_check(*, user, upload, resource_class, title, import_url, success_url):
    """Stash the upload and queue its check; the job row and the task are written together."""
    from zhongyang_eldercare.import_jobs.tasks import run_import_step

    job = ImportJob(
        owner=user,
        title=str(title),
        resource_path=f"{resource_class.__module__}.{resource_class.__qualname__}",
        import_url=str(import_url),
        success_url=str(success_url),
        file_name=upload.name[:255],
        token=stash_upload(upload, user),
    )
    job.full_clean()
    job.save()
    run_import_step.enqueue(job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def confirm_import(*, user, token):
    """Queue the import of a valid check the user started; None when there is no such check or its file is gone."""
    job = ImportJob.objects.owned_by(user).select_for_update().filter(token=token).first()
    if job is None or not job.awaiting_confirmation or stashed_path(job.token, user) is None:
        return None
    job.step, job.status, job.rows_done, job.finished_at = ImportStep.IMPORT, ImportStatus.QUEUED, 0, None
    job.full_clean()
    job.save()
    from zhongyang_eldercare.import_jobs.tasks import run_import_step

    run_import_step.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _mark_running(job, rows_total):
    job.status, job.rows_total, job.rows_done = ImportStatus.RUNNING, rows_total, 0
    job.save(update_fields=["status", "rows_total", "rows_done"])
    job.record_progress(0)


def _finish(job, *, status, valid, report=(), file_messages=(), totals=None):
    job.status, job.valid, job.finished_at = status, valid, timezone.now()
    job.report, job.file_messages, job.totals = list(report), list(file_messages), dict(totals or {})
    job.rows_done = job.rows_total if status == ImportStatus.DONE else min(job.live_rows_done(), job.rows_total)
    job.full_clean()
    job.save()


def run_step(job):
    """Run the job's queued step (the check or the import) and keep its row report; called by the worker."""
    if job.status != ImportStatus.QUEUED:
        return job
    path = stashed_path(job.token, job.owner)
    if path is None:
        _finish(job, status=ImportStatus.FAILED, valid=False, file_messages=[_("The file has expired; upload it again.")])
        return job
    try:
        try:
            dataset = read_xlsx(path)
        except Exception:  # openpyxl raises many kinds on a damaged workbook
            _finish(job, status=ImportStatus.FAILED, valid=False, file_messages=[str(WORKBOOK_UNREADABLE)])
            return job
        _mark_running(job, len(dataset))
        try:
            _import(job, dataset)
        except Exception:
            # Outside any row (the rows' own errors are in the report): nothing was saved, the transaction rolled back.
            _finish(job, status=ImportStatus.FAILED, valid=False, file_messages=[str(UNEXPECTED_ERROR)])
            raise
    finally:
        if job.step == ImportStep.IMPORT or not job.valid:
            path.unlink(missing_ok=True)
    return job


def _import(job, dataset):
    resource = import_string(job.resource_path)(user=job.owner)
    every = max(1, len(dataset) // 100)

    def on_row(number):
        if number % every == 0:
            job.record_progress(number)

    result = run_import(resource, dataset, dry_run=job.step == ImportStep.CHECK, on_row=on_row)
    reports = row_reports(result, resource)
    problems = file_problems(result, resource, dataset)
    if not reports and not problems:
        problems = [_("The file has no data rows.")]
    valid = not (result.has_errors() or result.has_validation_errors() or problems)
    totals = {key: value for key, value in result.totals.items() if value}
    _finish(job, status=ImportStatus.DONE, valid=valid, report=map(asdict, reports), file_messages=problems, totals=totals)
