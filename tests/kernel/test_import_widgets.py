"""The spreadsheet widgets every import uses: Chinese errors, exact decimals, ID numbers as text."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import models
from django.utils import translation

from zhongyang_eldercare.kernel.import_widgets import (
    ChoiceWidget,
    CountWidget,
    DateWidget,
    DecimalWidget,
    IdNumberWidget,
    YesNoWidget,
)


class Colour(models.TextChoices):
    RED = "red", "红"
    BLUE = "blue", "蓝"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def message(widget, value):
    with pytest.raises(ValueError) as error:
        widget.clean(value)
    return str(error.value)


def test_id_number_stays_text_and_is_normalised():
    assert IdNumberWidget().clean(" 11010519491231002x ") == "11010519491231002X"
    assert "文本" in message(IdNumberWidget(), 110105194912310020)


def test_choice_by_label_or_code_and_blank_when_optional():
    assert ChoiceWidget(Colour).clean("红") == "red"
    assert ChoiceWidget(Colour).clean("blue") == "blue"
    assert ChoiceWidget(Colour).clean("") == ""
    assert "红、蓝" in message(ChoiceWidget(Colour, blank=None), "")
    assert "绿" in message(ChoiceWidget(Colour), "绿")


def test_yes_no():
    assert YesNoWidget().clean("是") is True
    assert YesNoWidget().clean("否") is False
    assert YesNoWidget().clean(True) is True
    assert "是" in message(YesNoWidget(), "也许")


def test_count_refuses_fractions_and_negatives():
    assert CountWidget().clean("3") == 3
    assert CountWidget().clean("") == 0
    assert "整数" in message(CountWidget(), "2.5")
    assert "整数" in message(CountWidget(), "-1")


def test_decimal_is_exact_and_errors_are_chinese():
    assert DecimalWidget().clean("30,000.50") == Decimal("30000.50")
    assert DecimalWidget().clean(0.1) == Decimal("0.1")
    assert DecimalWidget().clean("") is None
    text = message(DecimalWidget(), "三万")
    assert "不是数字" in text and "ConversionSyntax" not in text


def test_dates_in_the_usual_chinese_spellings():
    assert DateWidget().clean("2021-03-01") == date(2021, 3, 1)
    assert DateWidget().clean("2021/3/1") == date(2021, 3, 1)
    assert DateWidget().clean("2021年3月1日") == date(2021, 3, 1)
    assert DateWidget().clean(datetime(2021, 3, 1, 8, 0)) == date(2021, 3, 1)
    assert DateWidget().clean("") is None
    assert "2021-03-01" in message(DateWidget(), "2021-02-30")
