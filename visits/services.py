"""Writes that touch several records: status changes, visits and the follow-ups they open, week approvals.

Keyword-only arguments; the acting user is ``by``; each write runs in one transaction and saves
only what ``full_clean()`` accepts.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from visits import compliance, summaries
from visits.models import (
    Elder,
    ElderStatus,
    ElderStatusChange,
    FollowUp,
    FollowUpStatus,
    SettingCode,
    Visit,
    VisitSetting,
    WeekApproval,
)
from zhongyang_eldercare.kernel.dates import NOT_IN_FUTURE_MESSAGE, is_in_future, iso_week_start, week_start
from zhongyang_eldercare.kernel.identity import normalize_id_number
from zhongyang_eldercare.kernel.versions import EditConflict, save_unless_changed

logger = logging.getLogger(__name__)
ID_NUMBER_TAKEN_ELSEWHERE = Elder._meta.get_field("id_number").error_messages["unique"]
FOLLOW_UP_ORDER = [FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS, FollowUpStatus.RESOLVED]


class WeekLocked(PermissionDenied):
    """The visit's week is approved in the township's report; the message says so in Chinese."""


class AlreadyRecorded(Exception):
    """The visit form's one-time key was used already: the same form was sent twice, and its visit is saved."""


# --- The archive ----------------------------------------------------------------------


@transaction.atomic
def change_status(*, elder, status, on, by, note="", today=None):
    """Record that an elder moved away, died or is active again, keeping the history row."""
    if is_in_future(on, today=today):
        raise ValidationError({"changed_on": NOT_IN_FUTURE_MESSAGE})
    if on < elder.birth_date:
        raise ValidationError({"changed_on": _("The date is before the elder's birth.")})
    if elder.status == ElderStatus.DECEASED and status != ElderStatus.DECEASED:
        raise ValidationError({"status": _("A deceased elder's status cannot change; correct the record instead.")})
    change = ElderStatusChange(elder=elder, status=status, changed_on=on, note=note, recorded_by=by)
    change.full_clean()
    change.save()
    elder.status = status
    elder.status_since = None if status == ElderStatus.ACTIVE else on
    elder.full_clean()
    elder.save(update_fields=["status", "status_since", "updated_at"])
    summaries.figures_changed([elder.village.township_id])
    return change


def check_id_number_free(*, user, id_number, elder=None):
    """Refuse an ID number another archive record holds. Within the user's scope, say so; outside it, say only
    that the record cannot be created here (a township must not learn that another township archives this
    person) and log the attempt, without the number, for the bureau to sort out."""
    others = Elder.objects.filter(id_number=normalize_id_number(id_number)).exclude(pk=getattr(elder, "pk", None))
    holder = others.select_related("village").first()
    if holder is None:
        return
    if holder in Elder.objects.for_user(user).filter(pk=holder.pk):
        raise ValidationError(_("An elder with this ID number is already in the archive."), code="unique")
    logger.warning("user %s entered an ID number already archived as elder %s in another township", user.pk, holder.pk)
    raise ValidationError(ID_NUMBER_TAKEN_ELSEWHERE, code="unique")


@transaction.atomic
def save_elder(*, elder, by, version=None):
    """Save an archive record from its form or the admin; ``version`` is the one the form was loaded at
    (EditConflict if it changed since). A second record with the same ID number, also one racing this save, is a
    field error. The compliance figures of its township, and of the township it left when its village changed,
    move on in the same transaction (``visits.summaries``)."""
    elder.full_clean()
    before = None
    if elder.pk:
        before = Elder.objects.filter(pk=elder.pk).values_list("village__township_id", flat=True).first()
    try:
        with transaction.atomic():
            saved = save_unless_changed(elder, version=version)
    except IntegrityError:
        if Elder.objects.filter(id_number=elder.id_number).exclude(pk=elder.pk).exists():
            raise ValidationError({"id_number": ID_NUMBER_TAKEN_ELSEWHERE}) from None
        raise
    summaries.figures_changed([before, saved.village.township_id])
    return saved


# --- Visits ---------------------------------------------------------------------------


def is_week_locked(township, day):
    """``township`` (a Township or its pk) approved the ISO week of ``day`` in its monthly report."""
    iso_year, iso_week, _weekday = day.isocalendar()
    return WeekApproval.objects.in_township(township).filter(iso_year=iso_year, iso_week=iso_week).exists()


def check_not_locked(township, day):
    if is_week_locked(township, day):
        iso_year, iso_week, _weekday = day.isocalendar()
        raise WeekLocked(
            _("Week %(week)d of %(year)d is approved in the township's report; its visits can no longer be changed.")
            % {"week": iso_week, "year": iso_year}
        )


def locked_visit_ids(visits, *, township):
    """The ids of ``visits`` (of one township) in weeks its approved reports locked: they offer no correction."""
    locked = set(WeekApproval.objects.in_township(township).values_list("iso_year", "iso_week"))
    return {visit.pk for visit in visits if visit.visited_on.isocalendar()[:2] in locked}


def visit_date_errors(elder, day, today):
    """Why a visit cannot be dated ``day`` (an empty list when it can)."""
    errors = []
    if is_in_future(day, today=today):
        errors.append(_("A visit cannot be dated in the future."))
    if day < elder.birth_date:
        errors.append(_("The visit date is before the elder's birth."))
    if elder.died_on and day > elder.died_on:
        errors.append(_("The visit date is after the elder's death (%(day)s).") % {"day": elder.died_on.isoformat()})
    return errors


def start_visit(*, elder, by, on=None):
    """A new, unsaved visit to ``elder`` for the visit form: dated ``on`` (today), made by the elder's
    current visitor (the latest assignment holding that day), else by ``by``, the user entering it."""
    on = on or timezone.localdate()
    current = elder.visitors.current(on).order_by("-since", "-pk").first()
    visitor = current.name if current else (by.get_full_name() or by.username)
    return Visit(elder=elder, visited_on=on, visitor=visitor)


def _key_used(submission_key):
    return submission_key is not None and Visit.objects.filter(submission_key=submission_key).exists()


def record_visit(*, visit, by, submission_key=None, today=None):
    """Save a new or corrected visit; flag a late entry; open a follow-up if anything is urgent.

    Refuses a date in the future, before the elder's birth or after the elder's
    death (ValidationError on ``visited_on``), and any change that touches an
    approved week (WeekLocked, a 403). ``submission_key`` is the one-time key of a
    new visit's form (``Visit.submission_key``): a key already used raises
    AlreadyRecorded, also when both sendings arrive at the same moment (the unique
    key stops the second in the database). Returns (visit, follow-up or None).
    """
    key = None if visit.pk else submission_key
    if _key_used(key):
        raise AlreadyRecorded
    if not visit.pk:
        visit.submission_key = key
    try:
        return _save_visit(visit=visit, by=by, today=today)
    except IntegrityError:
        if _key_used(key):  # the same form, sent twice at the same moment
            raise AlreadyRecorded from None
        raise


@transaction.atomic
def _save_visit(*, visit, by, today):
    today = today or timezone.localdate()
    township_id = visit.elder.village.township_id
    if visit.pk:
        original = Visit.objects.get(pk=visit.pk)
        check_not_locked(township_id, original.visited_on)
    errors = visit_date_errors(visit.elder, visit.visited_on, today)
    if errors:
        raise ValidationError({"visited_on": errors})
    check_not_locked(township_id, visit.visited_on)
    late_after = VisitSetting.value_on(SettingCode.LATE_ENTRY_DAYS, visit.visited_on)
    recorded_on = timezone.localdate(visit.recorded_at) if visit.pk else today
    visit.is_late_entry = late_after is not None and (recorded_on - visit.visited_on).days > late_after
    visit.week_start = week_start(visit.visited_on)
    if not visit.pk:
        visit.recorded_by = by
    visit.full_clean()
    visit.save()
    summaries.figures_changed([township_id])
    follow_up = None
    if visit.urgent_findings() and not visit.follow_ups.exists():
        follow_up = open_follow_up(visit=visit, today=today)
    return visit, follow_up


def open_follow_up(*, visit, today):
    """A follow-up for a visit's urgent findings, assigned to the visitor, due after the set number of days."""
    days = VisitSetting.value_on(SettingCode.FOLLOW_UP_DAYS, visit.visited_on) or 0
    with translation.override(settings.LANGUAGE_CODE):  # stored text: in the portal's language, whoever's browser
        problem = "；".join(f"{label}：{note}" if note else str(label) for label, note in visit.urgent_findings())
    follow_up = FollowUp(
        elder=visit.elder,
        visit=visit,
        problem=problem,
        assignee=visit.visitor,
        due_on=max(visit.visited_on, today) + timedelta(days=days),
        opened_on=today,
        is_sample=visit.is_sample,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def advance_follow_up(*, follow_up, status, actions="", resolution="", assignee="", due_on=None, today=None, version=None):
    """Move a follow-up forward (open → in progress → resolved); a resolved one needs its resolution.

    Compared with and applied to the stored row (locked until the end of the transaction), whatever a
    form has already set on ``follow_up``. ``version``: the one the form was loaded at (EditConflict if it
    changed since). Returns the saved follow-up.
    """
    today = today or timezone.localdate()
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if version is not None and follow_up.version != version:
        raise EditConflict(follow_up, version=version, current=follow_up.version)
    if FOLLOW_UP_ORDER.index(status) < FOLLOW_UP_ORDER.index(follow_up.status):
        raise ValidationError({"status": _("A follow-up only moves forward: open, in progress, resolved.")})
    if follow_up.status == FollowUpStatus.RESOLVED:
        raise ValidationError({"status": _("This follow-up is already resolved.")})
    if status == FollowUpStatus.RESOLVED and not resolution.strip():
        raise ValidationError({"resolution": _("Say how the problem was resolved.")})
    follow_up.status = status
    follow_up.actions = actions or follow_up.actions
    follow_up.assignee = assignee or follow_up.assignee
    follow_up.due_on = due_on or follow_up.due_on
    if status == FollowUpStatus.RESOLVED:
        follow_up.resolution = resolution.strip()
        follow_up.resolved_on = today
    follow_up.full_clean()
    save_unless_changed(follow_up, version=version)
    return follow_up


# --- Approval (called by the monthly report) --------------------------------------------------


@transaction.atomic
def approve_weeks(*, township, weeks, by):
    """Lock the visits of ``weeks`` ((ISO year, ISO week) pairs) in ``township``; idempotent.

    The progress report calls this when it approves a township's monthly report.
    Returns the WeekApproval rows (existing ones are kept as they were).
    """
    approvals = []
    for iso_year, iso_week in weeks:
        approval, _created = WeekApproval.objects.get_or_create(
            township=township, iso_year=iso_year, iso_week=iso_week, defaults={"approved_by": by}
        )
        approvals.append(approval)
    compliance.store_final_figures(township=township, mondays=[iso_week_start(*week) for week in weeks])
    return approvals
