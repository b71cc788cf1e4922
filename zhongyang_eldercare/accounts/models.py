from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TOWNSHIP = "township", _("Township staff")
    BUREAU = "bureau", _("Bureau staff")
    LEADER = "leader", _("Leading group")
    ADMIN = "admin", _("Administrator")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. Every account has exactly one role.

    Township staff belong to one township and only ever see its records
    (see accounts.scoping); the other roles see the whole county.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEADER)
    township = models.ForeignKey(
        "facilities.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Required for township staff; empty for every other role."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for accounts created by the administrator: the first login asks for a new password."),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.TOWNSHIP, township__isnull=False) | (~Q(role=Role.TOWNSHIP) & Q(township__isnull=True)),
                name="township_only_for_township_staff",
                violation_error_message=_("Township staff need a township; other roles have none."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def sees_whole_county(self):
        return self.is_authenticated and self.role in {Role.BUREAU, Role.LEADER, Role.ADMIN}

    @property
    def is_read_only(self):
        """The leading group reads everything and changes nothing."""
        return self.role == Role.LEADER

    @property
    def can_edit_records(self):
        """Township staff keep their own records; bureau staff may correct any."""
        return self.is_active and self.role in {Role.TOWNSHIP, Role.BUREAU}

    @property
    def can_edit_policy(self):
        return self.is_active and self.role in {Role.BUREAU, Role.ADMIN}

    @property
    def is_bureau(self):
        return self.role == Role.BUREAU

    @property
    def is_township_staff(self):
        return self.role == Role.TOWNSHIP
