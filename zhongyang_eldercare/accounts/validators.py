import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of the four character classes: 等保 2.0 password complexity."""

    classes = (
        string.ascii_lowercase,
        string.ascii_uppercase,
        string.digits,
    )

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def _count(self, password):
        found = sum(any(ch in group for ch in password) for group in self.classes)
        has_other = any(not any(ch in group for group in self.classes) for ch in password)
        return found + has_other

    def validate(self, password, user=None):
        if self._count(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("Your password must contain at least %(count)d of: lowercase letters, uppercase letters, digits, symbols.") % {
            "count": self.min_classes
        }
