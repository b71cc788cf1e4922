"""Writes that touch more than one row: a facility with its rooms and dated histories, and its status changes.

Every way a facility is written (the portal's form, the Excel import, the admin, the sample data)
calls ``save_facility``, so the bed-count history (``BedCount``) and the meal-service history
(``MealService``) follow every change of ``beds``, ``nursing_beds`` and ``serves_meals``. Nothing
is written by ``Facility.save`` itself.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import (
    LIFE_ORDER,
    Facility,
    FacilityStatus,
    FacilityStatusChange,
    PlanTableCell,
    PlanTableRow,
    PlanUpload,
    PlanUploadStatus,
    PolicyDocument,
    Township,
    Village,
)
from facilities.plan_checks import run_checks
from facilities.plan_upload import read_task_table
from zhongyang_eldercare.kernel.dates import NOT_IN_FUTURE_MESSAGE, is_in_future
from zhongyang_eldercare.kernel.versions import save_unless_changed

HISTORY_FIELDS = ("beds", "nursing_beds", "serves_meals")


@transaction.atomic
def save_facility(
    *, facility, by, rooms=None, equipment=None, status=None, status_on=None, beds_since=None, meals_since=None, version=None
):
    """Validate and save a facility, its rooms and equipment, and keep its dated histories.

    A new facility gets its first status change when ``status`` is given (the form and the import
    give it; the admin, where the status is read-only, does not), dated ``status_on``; its beds and
    meal service count from that day too (today without one). For a facility already saved, a
    change of beds is dated ``beds_since`` and a change of meal service ``meals_since`` (today when
    not given); values that did not change add nothing. None of these days may be in the future, and
    ``by`` (the acting user) writes only facilities of a township in their scope. ``version``: the one the
    form was loaded at (EditConflict, nothing written, when someone saved the facility since).
    """
    _refuse_future_days(status_on=status_on, beds_since=beds_since, meals_since=meals_since)
    _refuse_other_township(facility, by)
    is_new = facility.pk is None
    stored = None if is_new else Facility.objects.filter(pk=facility.pk).values(*HISTORY_FIELDS).get()
    facility.full_clean(exclude=["status"] if is_new else None)
    if is_new:
        facility.status = status or facility.status
    save_unless_changed(facility, version=version)
    if rooms is not None:
        facility.rooms.set(rooms)
    if equipment is not None:
        facility.equipment.set(equipment)
    today = timezone.localdate()
    if is_new:
        since = status_on or today
        _record_beds(facility, since=since)
        _record_meals(facility, on=since, by=by)
        if status is not None:
            record_status_change(facility=facility, status=facility.status, changed_on=since, by=by)
        return facility
    if (facility.beds, facility.nursing_beds) != (stored["beds"], stored["nursing_beds"]):
        _record_beds(facility, since=beds_since or today)
    if facility.serves_meals != stored["serves_meals"]:
        _record_meals(facility, on=meals_since or today, by=by)
    return facility


def _refuse_other_township(facility, by):
    """Township staff enter their own township's facilities only (the form fixes the field, the import and the
    admin offer only the user's places); ``by`` None is the system itself (sample data)."""
    if by is not None and not Township.objects.for_user(by).filter(pk=facility.township_id).exists():
        raise ValidationError({"township": _("Facilities can only be entered for your own township.")})


def _refuse_future_days(**days):
    errors = {name: [NOT_IN_FUTURE_MESSAGE] for name, day in days.items() if is_in_future(day)}
    if errors:
        raise ValidationError(errors)


def _record_beds(facility, *, since):
    """The facility's current bed counts hold from ``since`` on (see ``_record``)."""
    _record(facility.bed_counts, "since", since, beds=facility.beds, nursing_beds=facility.nursing_beds)


def _record_meals(facility, *, on, by):
    """The facility's current meal service holds from ``on`` on (see ``_record``)."""
    _record(facility.meal_services, "changed_on", on, extra={"recorded_by": by}, serves_meals=facility.serves_meals)


def _record(history, date_field, day, *, extra=None, **values):
    """Make ``values`` hold in a facility's dated ``history`` from ``day`` until today.

    Rows dated after ``day`` are replaced (they said otherwise for days these values now cover);
    nothing is added when the values in force on ``day`` are these already.
    """
    history.filter(**{f"{date_field}__gt": day}).delete()
    in_force = history.filter(**{f"{date_field}__lte": day}).order_by(f"-{date_field}", "-pk").first()
    if in_force is not None and all(getattr(in_force, name) == value for name, value in values.items()):
        return None
    row = history.filter(**{date_field: day}).first() or history.model(facility=history.instance, **{date_field: day})
    for name, value in {**values, **(extra or {})}.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def save_village(*, village, by, version=None):
    """Save a village's figures from its form (``Village.clean`` holds the rule); ``version`` as in ``save_facility``."""
    if by is not None and not Village.objects.for_user(by).filter(pk=village.pk).exists():
        raise ValidationError(_("Villages can only be changed in your own township."))
    village.full_clean()
    return save_unless_changed(village, version=version)


@transaction.atomic
def record_status_change(*, facility, status, changed_on, by, note=""):
    """Add one step to the facility's life and make ``facility.status`` the latest status by date."""
    change = FacilityStatusChange(facility=facility, status=status, changed_on=changed_on, note=note, recorded_by=by)
    change.full_clean()
    errors = list(status_date_errors(facility, status, changed_on))
    if errors:
        raise ValidationError({"changed_on": errors})
    change.save()
    latest = facility.status_changes.order_by("-changed_on", "-pk").first()
    facility.status = latest.status
    facility.save(update_fields=["status", "updated_at"])
    return change


def status_date_errors(facility, status, changed_on):
    """A date in the future, or a later stage of life dated before an earlier one (completion before planning)."""
    if is_in_future(changed_on):
        yield NOT_IN_FUTURE_MESSAGE
    if status not in LIFE_ORDER:
        return
    stage = LIFE_ORDER.index(status)
    for earlier in facility.status_changes.filter(status__in=LIFE_ORDER[:stage], changed_on__gt=changed_on):
        yield _("%(status)s cannot be dated before %(earlier)s (%(day)s).") % {
            "status": FacilityStatus(status).label,
            "earlier": earlier.get_status_display(),
            "day": earlier.changed_on.isoformat(),
        }


# --- a plan's task table, uploaded by the bureau (issue 15, item 3) ------------------------------------------------


def _save_plan(*, county, code, title, issued_by, period_start, period_end, rows):
    """A plan document of ``county`` with its task table (rows as ``plan_upload.read_task_table`` gives them)."""
    document = PolicyDocument(
        county=county, code=code, title=title, issued_by=issued_by, period_start=period_start, period_end=period_end
    )
    document.full_clean()
    document.save()
    for position, item in enumerate(rows, start=1):
        row = PlanTableRow(
            document=document,
            position=position,
            label=item["label"],
            township_id=item["township"],
            is_total=item["is_total"],
            **{name: item[name] for name in ("villages_total", "villages_built", "villages_to_build")},
        )
        row.full_clean()
        row.save()
        for cell in item["cells"]:  # one by one, so each cell has its audit entry (a table has some sixty)
            PlanTableCell(row=row, **cell).save()
    return document


def _checked_findings(plan, read):
    """The reading's findings and, for a readable table, the plan checks run on it saved inside a savepoint that is
    rolled back: the checks read the table exactly as it would be stored, and nothing stays."""
    findings = list(read.findings)
    if read.refused:
        return findings
    sheet_rows = {item["label"]: item["sheet_row"] for item in read.rows}
    with transaction.atomic():
        document = _save_plan(**plan, rows=read.rows)
        for finding in run_checks(document):
            row = finding.row or finding.subject
            where = _("Row %(number)s · %(label)s") % {"number": sheet_rows[row], "label": row} if row in sheet_rows else row
            findings.append(
                {"row": where, "column": finding.column, "rule": finding.title, "expected": finding.expected,
                 "found": finding.found, "passed": finding.passed}
            )  # fmt: skip
        transaction.set_rollback(True)
    return findings


@transaction.atomic
def check_plan_upload(*, county, code, title, issued_by="", period_start, period_end, upload, by):
    """Read an uploaded task table for a new plan of ``county``, run the plan checks on it, keep the result."""
    plan = {"county": county, "code": code, "title": title, "issued_by": issued_by,
            "period_start": period_start, "period_end": period_end}  # fmt: skip
    PolicyDocument(**plan).full_clean()  # a document number already used, a period out of order
    read = read_task_table(upload, county)
    findings = _checked_findings(plan, read)
    record = PlanUpload(
        **plan,
        file_name=upload.name[:200],
        table=read.rows,
        findings=findings,
        status=PlanUploadStatus.REFUSED if read.refused else PlanUploadStatus.CHECKED,
        uploaded_by=by,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def accept_plan_upload(*, upload, by, confirmed=False):
    """Store the checked table as the county's next plan. Findings need ``confirmed``; who accepted it, when and
    with which findings stays on the upload record (and in the audit log)."""
    upload = PlanUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != PlanUploadStatus.CHECKED:
        raise ValidationError(_("This upload was refused or has already been accepted."))
    if upload.needs_confirmation and not confirmed:
        raise ValidationError(_("The table has findings: confirm that it is accepted as it is."))
    plan = {name: getattr(upload, name) for name in ("county", "code", "title", "issued_by", "period_start", "period_end")}
    upload.document = _save_plan(**plan, rows=upload.table)
    upload.status = PlanUploadStatus.ACCEPTED
    upload.accepted_by, upload.accepted_at = by, timezone.now()
    upload.accepted_with_findings = upload.needs_confirmation
    upload.full_clean()
    upload.save()
    return upload
