"""The staffing lists as Excel (.xlsx bytes for ``kernel.spreadsheets.xlsx_response``) and the blank import templates.

ID numbers are masked in every export (a list is not the place for them); headers are the models' verbose
names or msgids, so they read in the portal's language like the pages.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from staffing.models import Post, Training, Worker
from zhongyang_eldercare.kernel.spreadsheets import escape_row, import_template_bytes, workbook_bytes
from zhongyang_eldercare.personal_data import mask_id_number


def _label(model, name):
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _workbook(title, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append(escape_row(headers))
    for row in rows:
        sheet.append(escape_row(row))
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def _yes_no(value):
    return _("yes") if value else _("no")


def workers_xlsx(workers):
    """Workers with ``township`` and ``home_village`` selected and ``current_holdings`` prefetched."""
    names = [
        "township",
        "name",
        "id_number",
        "gender",
        "home_village",
        "phone",
        "is_registered_poor",
        "hired_on",
        "left_on",
    ]
    headers = [_label(Worker, name) for name in names] + [_("Current posts")]
    rows = (
        [
            worker.township.name,
            worker.name,
            mask_id_number(worker.id_number),
            worker.get_gender_display(),
            worker.home_village.name if worker.home_village else "",
            worker.phone,
            _yes_no(worker.is_registered_poor),
            worker.hired_on,
            worker.left_on,
            "；".join(str(holding.post) for holding in worker.current_holdings),
        ]
        for worker in workers
    )
    return _workbook(_("Workers"), headers, rows)


def posts_xlsx(posts, *, on):
    """Posts with facility, kind and funding source selected and ``current_holdings`` prefetched (held on ``on``)."""
    headers = [
        _("ID"),
        _label(Worker, "township"),
        _label(Post, "facility"),
        _label(Post, "kind"),
        _label(Post, "full_time"),
        _label(Post, "funding_source"),
        _label(Post, "monthly_pay"),
        _("Start date"),
        _("End date"),
        _("Held on %(day)s by") % {"day": on.isoformat()},
        _("Holder's ID number (masked)"),
    ]
    rows = []
    for post in posts:
        holder = post.current_holdings[0].worker if post.current_holdings else None
        rows.append(
            [
                post.pk,
                post.facility.township.name,
                post.facility.name,
                post.kind.name,
                _yes_no(post.full_time),
                post.funding_source.name,
                post.monthly_pay,
                post.since,
                post.until,
                holder.name if holder else _("vacant"),
                mask_id_number(holder.id_number) if holder else "",
            ]
        )
    return _workbook(_("Public-welfare posts"), headers, rows)


def training_xlsx(trainings):
    names = ["programme", "started_on", "ended_on", "hours", "result", "certificate_number"]
    headers = [_label(Worker, "township"), _label(Training, "worker"), _label(Worker, "id_number")]
    headers += [_label(Training, name) for name in names]
    rows = (
        [
            training.worker.township.name,
            training.worker.name,
            mask_id_number(training.worker.id_number),
            training.programme.name,
            training.started_on,
            training.ended_on,
            training.hours,
            training.get_result_display(),
            training.certificate_number,
        ]
        for training in trainings
    )
    return _workbook(_("Training records"), headers, rows)


def import_template_xlsx(resource):
    title = resource._meta.model._meta.verbose_name_plural
    return import_template_bytes(resource, title=capfirst(title))
