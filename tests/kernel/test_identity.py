"""The one resident ID number validator (GB 11643-1999) and the personal-data helpers."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from facilities.models import County
from zhongyang_eldercare.accounts.models import Role, User
from zhongyang_eldercare.kernel.identity import (
    Gender,
    check_character,
    id_number_birth_date,
    id_number_gender,
    validate_id_number,
    with_check_digit,
)
from zhongyang_eldercare.personal_data import mask_for_audit_log, mask_id_number, may_see_full_personal_data

# The standard's own worked example (GB 11643-1999, appendix): check character X.
STANDARD_EXAMPLE = "11010519491231002X"


def code_of(value, **kwargs):
    with pytest.raises(ValidationError) as error:
        validate_id_number(value, **kwargs)
    return error.value.code


def test_the_standards_example_is_valid_and_reads_back():
    validate_id_number(STANDARD_EXAMPLE)
    assert id_number_birth_date(STANDARD_EXAMPLE) == date(1949, 12, 31)
    assert id_number_gender(STANDARD_EXAMPLE) == Gender.FEMALE


def test_lower_case_x_and_spaces_are_accepted():
    validate_id_number(" 11010519491231002x ")


def test_check_character_covers_every_remainder():
    assert check_character("11010519491231002") == "X"
    assert with_check_digit("14112919400203123") == "14112919400203123X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1101051949123100", "length"),
        ("1101051949123100201", "length"),
        ("11010519491231002Y", "characters"),
        ("X10105194912310021", "characters"),
        ("99010519491231002X", "region"),
        ("110000" + "19491231002" + "X", "region"),
        ("11010519490230002X", "birth_date"),
        ("11010518790101002X", "birth_date"),
        ("110105194912310021", "check_digit"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(value, code):
    if code in {"region", "birth_date"}:
        value = with_check_digit(value[:17])
    assert code_of(value) == code


def test_birth_date_in_the_future_is_refused():
    assert code_of(with_check_digit("14112920300101123")) == "birth_date"
    assert code_of(with_check_digit("14112920210602123"), today=date(2021, 6, 1)) == "birth_date"
    validate_id_number(with_check_digit("14112920210601123"), today=date(2021, 6, 1))


def test_odd_sequence_digit_is_male():
    assert id_number_gender(with_check_digit("14112919400203123")) == Gender.MALE


def test_masking_keeps_region_and_last_four():
    assert mask_id_number(STANDARD_EXAMPLE) == "110105********002X"
    assert mask_id_number("") == ""
    assert mask_for_audit_log(STANDARD_EXAMPLE) == "110105********002X"
    assert mask_for_audit_log("高血压，每日服药两次，需要提醒") == "********"


class Record:
    def __init__(self, township_id):
        self.township_id = township_id


@pytest.mark.django_db
def test_full_personal_data_for_own_township_and_bureau_only(townships):
    jinluo, zhike = townships["jinluo"], townships["zhike"]
    record = Record(jinluo.pk)
    zhongyang = jinluo.county
    other_county = County.objects.create(name="另一县", code="lingyixian")
    allowed = {
        "own": User(role=Role.TOWNSHIP, township=jinluo),
        "bureau": User(role=Role.BUREAU, county=zhongyang),
    }
    refused = {
        "other": User(role=Role.TOWNSHIP, township=zhike),
        "another county's bureau": User(role=Role.BUREAU, county=other_county),
        "leader": User(role=Role.LEADER),
        "admin": User(role=Role.ADMIN, is_superuser=True),
        "inactive": User(role=Role.BUREAU, county=zhongyang, is_active=False),
    }
    assert all(may_see_full_personal_data(user, record) for user in allowed.values())
    assert not any(may_see_full_personal_data(user, record) for user in refused.values())
