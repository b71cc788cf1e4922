"""Spreadsheet cells to Python values for django-import-export, with errors in Chinese.

Every import (facilities, elders, staff posts …) uses these widgets, so a cell is read the
same way everywhere: choices by their Chinese label (or code), 是/否, whole numbers,
exact decimals, dates, and ID numbers kept as text (Excel keeps only 15 significant
digits of a number, so an ID typed into a numeric cell has already lost its last digits).
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

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

    def clean(self, value, row=None, **kwargs):
        try:
            number = int(value or 0)
        except (TypeError, ValueError):
            raise ValueError(_("Write a whole number.")) from None
        if number < 0 or number != float(value or 0):
            raise ValueError(_("Write a whole number."))
        return number


class DecimalWidget(widgets.DecimalWidget):
    """An exact decimal (money, an area); an empty cell is None. Floats from Excel are read through their text."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return Decimal(str(value).strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None


class DateWidget(widgets.DateWidget):
    """A date cell, or text such as 2021-03-01, 2021/3/1 or 2021年3月1日; an empty cell is None."""

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
