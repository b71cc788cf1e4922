"""Who may read the audit trail: the bureau and the administrator (it holds before/after values of personal data)."""

from zhongyang_eldercare.accounts.models import POLICY_ROLES

AUDIT_READERS = POLICY_ROLES


def can_read_audit(user):
    return user.is_authenticated and user.is_active and user.role in AUDIT_READERS
