"""The resident identity number (公民身份号码, GB 11643-1999): the one validator the portal uses.

Eighteen characters: a six-digit administrative region code, the birth date as
YYYYMMDD, a three-digit sequence number (odd for men, even for women) and a
check character computed with ISO 7064 MOD 11-2 (``X`` stands for 10).
The elder archive and the staffing records both call ``validate_id_number``;
``id_number_birth_date`` and ``id_number_gender`` read what the number says.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.dates import EARLIEST_BIRTH

ID_NUMBER_LENGTH = 18
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# First two digits: the provinces of GB/T 2260, plus Hong Kong, Macao and Taiwan residents (81-83).
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45"}
    | {"46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"}
)
SHAPE = re.compile(r"^\d{17}[\dX]$")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


def normalize_id_number(value):
    """Trim spaces and write the check character ``x`` as ``X``."""
    return str(value or "").strip().replace(" ", "").upper()


def check_character(first17):
    """The check character for the first seventeen digits (GB 11643-1999, ISO 7064 MOD 11-2)."""
    return CHECK_CHARACTERS[sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True)) % 11]


def with_check_digit(first17):
    """A complete number from its first seventeen digits (used to build sample and test data)."""
    return first17 + check_character(first17)


def _birth_date_or_none(number):
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value, *, today=None):
    """Raise ValidationError (with a message for the user) unless ``value`` is a valid 18-character number."""
    number = normalize_id_number(value)
    if len(number) != ID_NUMBER_LENGTH:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(length)d."), code="length", params={"length": len(number)}
        )
    if not SHAPE.match(number):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="characters")
    if number[:2] not in PROVINCE_CODES or number[2:6] == "0000":
        raise ValidationError(_("The first six digits are not a valid region code."), code="region")
    born = _birth_date_or_none(number)
    if born is None or born < EARLIEST_BIRTH or born > (today or timezone.localdate()):
        raise ValidationError(_("Digits 7 to 14 are not a valid birth date."), code="birth_date")
    if number[17] != check_character(number[:17]):
        raise ValidationError(
            _("The last character does not match the check digit; please check the number."), code="check_digit"
        )


@deconstructible
class IdNumberValidator:
    """The model/form field validator form of ``validate_id_number``."""

    def __call__(self, value):
        validate_id_number(value)

    def __eq__(self, other):
        return isinstance(other, IdNumberValidator)


def derive_from_id_number(record):
    """Normalise ``record.id_number`` and, when it is valid, set ``record.birth_date`` and ``record.gender`` from it.

    The one derivation for every person the portal records (elders, workers): call it from the model's
    ``clean_fields`` before the field validators run. An invalid number sets nothing else; the validator says why.
    """
    record.id_number = normalize_id_number(record.id_number)
    try:
        validate_id_number(record.id_number)
    except ValidationError:
        return
    record.birth_date = id_number_birth_date(record.id_number)
    record.gender = id_number_gender(record.id_number)


def id_number_birth_date(value):
    """The birth date the number states (the number must be valid)."""
    return _birth_date_or_none(normalize_id_number(value))


def id_number_gender(value):
    """Gender.MALE for an odd sequence digit (the 17th character), Gender.FEMALE for an even one."""
    return Gender.MALE if int(normalize_id_number(value)[16]) % 2 else Gender.FEMALE
