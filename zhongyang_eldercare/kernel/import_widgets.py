"""Spreadsheet cells to Python values for django-import-export, with errors in Chinese.

Every import (facilities, elders, staff posts …) uses these widgets, so a cell is read the
same way everywhere: choices by their Chinese label (or code), 是/否, whole numbers,
exact decimals, dates, and ID numbers kept as text (Excel keeps only 15 significant
digits of a number, so an ID typed into a numeric cell has already lost its last digits).

``plain_errors(resource)`` puts these widgets in place of django-import-export's own
(whose errors are English, or a bare ``[<class 'decimal.ConversionSyntax'>]``) and makes
every cell's error name its column, so one upload reports every bad cell in Chinese.
The widgets also describe themselves for the blank template (``template_*``): the
allowed values of a drop-down, whether the column is text, an example value.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from zhongyang_eldercare.kernel.identity import normalize_id_number

YES_WORDS = frozenset({"是", "有", "y", "yes", "1", "true", "√"})
NO_WORDS = frozenset({"否", "无", "n", "no", "0", "false", ""})
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")

NUMERIC_ID_MESSAGE = gettext_lazy(
    "The ID number is stored as a number, which loses its last digits; format the column as text and type it again."
)


class IdNumberWidget(widgets.CharWidget):
    """An ID number as text, normalised (``x`` → ``X``); a numeric cell is refused, never guessed at."""

    template_text = True
    template_hint = gettext_lazy("18 characters, typed into a cell formatted as text.")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float):
            raise ValueError(NUMERIC_ID_MESSAGE)
        return normalize_id_number(value)


class ChoiceWidget(widgets.Widget):
    """A TextChoices field written as its Chinese label; the stored code is accepted too.

    ``blank`` is what an empty cell means: "" for an optional choice; ``None`` makes the cell required.
    """

    def __init__(self, choices, *, blank=""):
        super().__init__()
        self.choices, self.blank = choices, blank

    def template_choices(self):
        return [str(label) for label in self.choices.labels]

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text and self.blank is not None:
            return self.blank
        for code, label in self.choices.choices:
            if text in (str(code), str(label)):
                return code
        allowed = "、".join(str(label) for label in self.choices.labels)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class YesNoWidget(widgets.Widget):
    def template_choices(self):
        return ["是", "否"]

    def clean(self, value, row=None, **kwargs):
        if value is True or value is False:
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        raise ValueError(_("Write 是 or 否."))

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class CountWidget(widgets.IntegerWidget):
    """A whole number of zero or more; an empty cell is 0."""

    template_example = 0
    template_hint = gettext_lazy("A whole number; an empty cell is 0.")

    def clean(self, value, row=None, **kwargs):
        try:
            number = int(value or 0)
        except (TypeError, ValueError):
            raise ValueError(_("Write a whole number.")) from None
        if number < 0 or number != float(value or 0):
            raise ValueError(_("Write a whole number."))
        return number


class IntegerWidget(widgets.IntegerWidget):
    """A whole number (a year, beds); an empty cell is None. The model's own rules (at least 0 …) still apply."""

    template_hint = gettext_lazy("A whole number.")

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if not number.is_finite() or number != number.to_integral_value() or abs(number) >= 10**12:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class DecimalWidget(widgets.DecimalWidget):
    """An exact decimal (money, an area); an empty cell is None. Floats from Excel are read through their text."""

    template_hint = gettext_lazy("A number, such as 180 or 180.5.")

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return number


class DateWidget(widgets.DateWidget):
    """A date cell, or text such as 2021-03-01, 2021/3/1 or 2021年3月1日; an empty cell is None."""

    # Text, so that Excel and WPS do not turn the date into a serial number or a local format.
    template_text = True
    template_example = "2021-03-01"
    template_hint = gettext_lazy("A date written as 2021-03-01.")

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; write it as 2021-03-01.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


# django-import-export's widgets whose errors are English (or a bare exception class), and ours in their place.
PLAIN_WIDGETS = {
    widgets.IntegerWidget: IntegerWidget,
    widgets.DecimalWidget: DecimalWidget,
    widgets.FloatWidget: DecimalWidget,
    widgets.DateWidget: DateWidget,
    widgets.BooleanWidget: YesNoWidget,
}


def cell_error_message(error):
    """The Chinese text for what went wrong reading or saving a cell or a row; never an exception's class or English."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    if isinstance(error, ValueError) and not isinstance(error, InvalidOperation):
        return str(error)
    if isinstance(error, ArithmeticError):
        return _("Not a number.")
    if isinstance(error, ObjectDoesNotExist):
        return _("No such record.")
    if isinstance(error, IntegrityError):
        return _("The row repeats or contradicts a record already saved.")
    if isinstance(error, DatabaseError):
        return _("The row could not be saved; check its values against the template.")
    return _("The row could not be read; check its values against the template.")


def _guarded_clean(field):
    """Field.clean that always fails with a Chinese ValueError (or, for a many-to-many cell, a ValidationError
    for its column, since those are read after the row's other cells and outside their error handling)."""
    clean = field.clean
    many = isinstance(field.widget, widgets.ManyToManyWidget)

    def guarded(row, **kwargs):
        try:
            return clean(row, **kwargs)
        except KeyError:
            raise
        except (ValueError, ArithmeticError, ObjectDoesNotExist) as error:
            message = cell_error_message(error)
            if many:
                raise ValidationError({field.attribute: message}) from error
            raise ValueError(message) from error

    return guarded


def plain_errors(resource):
    """Make a resource's errors plain Chinese, each naming its column (reads the resource's own fields)."""
    for field in resource.fields.values():
        replacement = PLAIN_WIDGETS.get(type(field.widget))
        if replacement is not None:
            field.widget = replacement()
        if field.attribute and not getattr(field, "readonly", False):
            field.clean = _guarded_clean(field)
    return resource
