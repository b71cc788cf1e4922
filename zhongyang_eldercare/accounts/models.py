from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongyang_eldercare.accounts.scoping import CITY, COUNTY, EVERYTHING, TOWNSHIP


class Role(models.TextChoices):
    TOWNSHIP = "township", _("Township staff")
    BUREAU = "bureau", _("Bureau staff")
    LEADER = "leader", _("Leading group")
    ADMIN = "admin", _("Administrator")
    CITY = "city", _("City civil affairs bureau")


# The role sets, written once; every "who may" in the portal reads one of them.
# See at least a whole county: the bureau, the leading group and the administrator their county, the city bureau
# the counties of its city (township staff see their own township only, accounts.scoping; ``User.scope``).
COUNTY_ROLES = frozenset({Role.BUREAU, Role.LEADER, Role.ADMIN, Role.CITY})
# Belong to one county (the administrator may also serve the whole installation, with no county).
COUNTY_BOUND_ROLES = frozenset({Role.BUREAU, Role.LEADER})
# Read and change nothing: the leading group its county, the city bureau the counties of its city.
READ_ONLY_ROLES = frozenset({Role.LEADER, Role.CITY})
# Keep records: township staff their own township's, the bureau corrects any.
EDITOR_ROLES = frozenset({Role.TOWNSHIP, Role.BUREAU})
# Keep policy data, use the Django admin, read the audit trail, may enrol a TOTP device even when
# no policy requires it. Township staff work on the portal's own pages; the leading group only reads.
POLICY_ROLES = frozenset({Role.BUREAU, Role.ADMIN})
ADMIN_SITE_ROLES = POLICY_ROLES
TWO_FACTOR_ROLES = POLICY_ROLES


class UserQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The accounts an administrator manages: those of their county, or every account for an administrator
        of the whole installation (no county)."""
        if user.scope == (EVERYTHING, None):
            return self
        if user.role != Role.ADMIN or user.county_id is None:
            return self.none()
        return self.filter(Q(county=user.county_id) | Q(township__county=user.county_id))


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. Every account has exactly one role.

    Township staff belong to one township and only ever see its records; the bureau and the leading group
    belong to one county and see it; the city bureau sees the counties of its city (accounts.scoping,
    ``User.scope``). An administrator with a county manages that county; one without manages the installation.
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
    county = models.ForeignKey(
        "facilities.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_(
            "Required for bureau staff and the leading group; optional for an administrator (empty: the whole "
            "installation); empty for township staff (their township's county) and the city bureau."
        ),
    )
    city = models.ForeignKey(
        "facilities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_("Required for the city civil affairs bureau; empty for every other role."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for accounts created by the administrator: the first login asks for a new password."),
    )

    previous_login = models.DateTimeField(
        _("previous login"), null=True, blank=True, editable=False, help_text=_("The login before the current one.")
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
            models.CheckConstraint(
                condition=Q(role__in=COUNTY_BOUND_ROLES, county__isnull=False)
                | Q(role=Role.ADMIN)
                | (Q(role__in=[Role.TOWNSHIP, Role.CITY]) & Q(county__isnull=True)),
                name="county_for_county_roles",
                violation_error_message=_(
                    "Bureau staff and the leading group need a county; township staff and the city bureau have none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role=Role.CITY, city__isnull=False) | (~Q(role=Role.CITY) & Q(city__isnull=True)),
                name="city_only_for_city_bureau",
                violation_error_message=_("The city civil affairs bureau needs a city; other roles have none."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # Admin rights follow the role, never a checkbox (the admin form hides both flags).
        self.is_staff = self.role in ADMIN_SITE_ROLES
        self.is_superuser = self.role == Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    @property
    def scope(self):
        """(level, place id) the account reads at (accounts.scoping): its township, its county, its city, or
        (EVERYTHING, None) for an administrator of the whole installation."""
        if self.role == Role.TOWNSHIP:
            return TOWNSHIP, self.township_id
        if self.role == Role.CITY:
            return CITY, self.city_id
        if self.role == Role.ADMIN and self.county_id is None:
            return EVERYTHING, None
        return COUNTY, self.county_id

    @property
    def home_county_id(self):
        """The county the account belongs to (a township's staff: their township's), or None."""
        if self.role == Role.TOWNSHIP and self.township_id:
            return self.township.county_id
        return self.county_id

    @property
    def sees_whole_county(self):
        return self.is_authenticated and self.role in COUNTY_ROLES

    @property
    def sees_several_counties(self):
        """The city bureau and an administrator of the whole installation read more than one county."""
        return self.is_authenticated and self.scope[0] in (CITY, EVERYTHING)

    @property
    def is_read_only(self):
        """The leading group and the city bureau read and change nothing."""
        return self.role in READ_ONLY_ROLES

    @property
    def can_edit_records(self):
        """Township staff keep their own records; bureau staff may correct any."""
        return self.is_active and self.role in EDITOR_ROLES

    @property
    def can_edit_policy(self):
        return self.is_active and self.role in POLICY_ROLES

    @property
    def is_bureau(self):
        return self.role == Role.BUREAU

    @property
    def is_township_staff(self):
        return self.role == Role.TOWNSHIP

    @property
    def may_enrol_2fa(self):
        return self.role in TWO_FACTOR_ROLES or RoleSecurityPolicy.requires_2fa(self.role)


class RoleSecurityPolicy(models.Model):
    """Per-role login rules the administrator sets in the admin (等保 2.0: strong authentication)."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, unique=True)
    require_2fa = models.BooleanField(
        _("require two-factor login"),
        default=False,
        help_text=_("Users of this role must confirm each login with a code from an authenticator app."),
    )

    class Meta:
        verbose_name = _("role security policy")
        verbose_name_plural = _("role security policies")
        ordering = ["role"]

    def __str__(self):
        return str(self.get_role_display())

    @classmethod
    def requires_2fa(cls, role):
        return cls.objects.filter(role=role, require_2fa=True).exists()


# Password hashes and login times stay out of the audit trail (logins are in axes' access log).
class AuthenticatorDevice(TOTPDevice):
    """django-otp's TOTP device under a Chinese name for the admin (django-otp does not mark its names for translation)."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


auditlog.register(User, exclude_fields=["password", "last_login", "previous_login"])
auditlog.register(RoleSecurityPolicy)
# Second-factor devices: enrolled, confirmed, renamed, deleted (a lost phone). Never the secret, nor the
# counters every login moves (django-otp's last_t, throttling), which are no change of the device.
DEVICE_FIELDS = ["user", "name", "confirmed"]
auditlog.register(TOTPDevice, include_fields=DEVICE_FIELDS)
auditlog.register(AuthenticatorDevice, include_fields=DEVICE_FIELDS)
