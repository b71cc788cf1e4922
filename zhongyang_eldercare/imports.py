"""The two-step spreadsheet import every app uses: upload, dry run with a row-by-row
report, then confirm. Nothing is written unless every row is valid, and the
confirmed import runs in one transaction (all or nothing per file).

A subclass names a django-import-export resource whose constructor takes the
user (``resource_class(user=...)``), so that the resource can refuse rows
outside the user's township.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zhongyang_eldercare.accounts.scoping import require_editor
from zhongyang_eldercare.kernel.spreadsheets import read_xlsx, stash_upload, stashed_path, validate_xlsx_upload


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"), validators=[validate_xlsx_upload])


@dataclass
class RowReport:
    number: int
    status: str
    messages: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.messages


def row_reports(result, resource):
    """One entry per data row; ``number`` is the row's number in Excel (the header is row 1)."""
    columns = {name: f.column_name for name, f in resource.fields.items()}
    invalid = {row.number: row for row in result.invalid_rows}
    reports = []
    for index, row_result in enumerate(result.rows, start=1):
        report = RowReport(number=index + 1, status=row_result.import_type)
        for error in row_result.errors:
            report.messages.append(str(error.error))
        if index in invalid:
            for name, errors in invalid[index].error_dict.items():
                label = "" if name == NON_FIELD_ERRORS else f"{columns.get(name, name)}："
                report.messages.extend(f"{label}{message}" for message in errors)
        reports.append(report)
    return reports


def run_import(resource, dataset, *, dry_run):
    return resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)


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

    def get_resource(self):
        return self.resource_class(user=self.request.user)

    def render_page(self, form, **extra):
        context = {"form": form, "title": self.title, "template_url": self.template_url, **extra}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page(UploadForm())

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        upload = form.cleaned_data["file"]
        try:
            dataset = read_xlsx(upload)
        except Exception:  # openpyxl raises many kinds on a damaged workbook
            form.add_error("file", _("The workbook could not be read. Save it again as .xlsx and retry."))
            return self.render_page(form)
        resource = self.get_resource()
        result = run_import(resource, dataset, dry_run=True)
        reports = row_reports(result, resource)
        valid = not (result.has_errors() or result.has_validation_errors()) and bool(reports)
        token = stash_upload(upload, request.user) if valid else None
        return self.render_page(form, reports=reports, valid=valid, token=token, checked=True, totals=result.totals)

    def confirm(self, token):
        path = stashed_path(token, self.request.user)
        if path is None:
            messages.error(self.request, _("The checked file has expired; please upload it again."))
            return redirect(self.request.path)
        resource = self.get_resource()
        result = run_import(resource, read_xlsx(path), dry_run=False)
        path.unlink(missing_ok=True)
        if result.has_errors() or result.has_validation_errors():
            reports = row_reports(result, resource)
            return self.render_page(UploadForm(), reports=reports, valid=False, checked=True, totals=result.totals)
        created, updated = result.totals.get("new", 0), result.totals.get("update", 0)
        messages.success(self.request, _("Imported: %(new)d new, %(update)d updated.") % {"new": created, "update": updated})
        return redirect(self.success_url)
