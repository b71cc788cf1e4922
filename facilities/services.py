"""Writes that touch more than one row: saving a facility with its rooms and first status, and its status changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import LIFE_ORDER, FacilityStatus, FacilityStatusChange


@transaction.atomic
def save_facility(*, facility, user, rooms=None, equipment=None, status=None, status_on=None, beds_since=None):
    """Validate and save a facility; a new one also gets its first status change (``status`` on ``status_on``).

    Its beds count from ``status_on`` (a new facility) or ``beds_since`` (a change of beds; today by default).
    """
    is_new = facility.pk is None
    facility.full_clean(exclude=["status"] if is_new else None)
    if is_new:
        facility.status = status or facility.status
    facility.beds_since = (status_on if is_new else beds_since) or timezone.localdate()
    facility.save()
    if rooms is not None:
        facility.rooms.set(rooms)
    if equipment is not None:
        facility.equipment.set(equipment)
    if is_new:
        record_status_change(facility=facility, status=facility.status, changed_on=status_on or timezone.localdate(), user=user)
    return facility


@transaction.atomic
def record_status_change(*, facility, status, changed_on, user, note=""):
    """Add one step to the facility's life and make ``facility.status`` the latest status by date."""
    change = FacilityStatusChange(facility=facility, status=status, changed_on=changed_on, note=note, recorded_by=user)
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
    if changed_on > timezone.localdate():
        yield _("The date cannot be in the future.")
    if status not in LIFE_ORDER:
        return
    stage = LIFE_ORDER.index(status)
    for earlier in facility.status_changes.filter(status__in=LIFE_ORDER[:stage], changed_on__gt=changed_on):
        yield _("%(status)s cannot be dated before %(earlier)s (%(day)s).") % {
            "status": FacilityStatus(status).label,
            "earlier": earlier.get_status_display(),
            "day": earlier.changed_on.isoformat(),
        }
