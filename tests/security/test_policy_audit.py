"""Audit covers all policy data: the plan, its targets, the leading group and duties, second-factor devices."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django_otp.plugins.otp_totp.models import TOTPDevice

from facilities.models import (
    County,
    Department,
    Duty,
    LeadingGroupMember,
    LeadingGroupOffice,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    Target,
)
from tests.conftest import POLICY_MODELS
from zhongyang_eldercare.accounts.models import AuthenticatorDevice

pytestmark = pytest.mark.django_db

POLICY = [County, PolicyDocument, PlanTableRow, PlanTableCell, Target, Department, LeadingGroupMember, LeadingGroupOffice, Duty]


def test_every_policy_model_load_policy_writes_is_audited():
    missing = [model.__name__ for model in POLICY_MODELS if not auditlog.contains(model)]
    assert not missing, missing


@pytest.mark.parametrize("model", POLICY, ids=lambda model: model.__name__)
def test_a_change_to_policy_data_is_logged_with_before_and_after(model, policy):
    record = model.objects.first()
    texts = [f for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField") and not f.choices]
    numbers = [f for f in model._meta.concrete_fields if f.name == "count"]  # a cell's year and kind are its key
    field = (texts or numbers)[0]
    before = getattr(record, field.attname)
    after = f"{before}（改）"[: field.max_length or None] if texts else (before or 0) + 1
    setattr(record, field.attname, after)
    record.save()
    entry = LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.changes_dict[field.name] == [str(before), str(after)] or entry.changes_dict[field.name] == [before, after]


def test_second_factor_devices_are_logged_without_their_secret(users):
    device = TOTPDevice.objects.create(user=users["bureau"], name="手机", confirmed=False)
    device.confirmed = True
    device.save()
    device.last_t = 12345  # a login moves the counter: no change of the device
    device.save()
    AuthenticatorDevice.objects.get(pk=device.pk).delete()
    entries = LogEntry.objects.filter(object_pk=str(device.pk), content_type__model__in=["totpdevice", "authenticatordevice"])
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    ]
    assert not any("key" in entry.changes_dict or device.key in str(entry.changes) for entry in entries)
