"""The one rule for overlapping policy rules (kernel.rules): for one key, the rule with the latest ``valid_from`` wins."""

from datetime import date

import pytest

from facilities.models import PolicyDocument
from visits.models import SettingCode, VisitSetting
from zhongyang_eldercare.kernel.rules import winning_rule, winning_rules

CODE = SettingCode.LATE_ENTRY_DAYS


@pytest.fixture
def document(db):
    """Each rule comes from a document of its own (one setting per code and document)."""
    return iter(range(1, 100))


def setting(numbers, value, valid_from=None, valid_to=None, code=CODE):
    document = PolicyDocument.objects.create(
        code=f"测试〔2023〕{next(numbers)}号", title="测试文件", period_start=date(2019, 1, 1), period_end=date(2025, 12, 31)
    )
    return VisitSetting.objects.create(
        document=document, clause="§1", code=code, value=value, valid_from=valid_from, valid_to=valid_to
    )


def fresh():
    """Only the rows a test made (the policy fixtures carry settings of their own)."""
    return VisitSetting.objects.filter(document__code__startswith="测试")


def test_the_rule_with_the_latest_start_wins_where_periods_overlap(document):
    setting(document, 3, valid_from=date(2020, 1, 1))
    newer = setting(document, 5, valid_from=date(2023, 1, 1))

    assert fresh().filter(code=CODE).in_force_latest(date(2024, 6, 1)) == newer
    assert fresh().in_force_by(date(2024, 6, 1), "code") == {CODE: newer}


def test_before_the_newer_rule_starts_the_older_one_holds(document):
    older = setting(document, 3, valid_from=date(2020, 1, 1))
    setting(document, 5, valid_from=date(2023, 1, 1))

    assert fresh().filter(code=CODE).in_force_latest(date(2022, 12, 31)) == older


def test_a_rule_without_a_start_counts_as_the_earliest_on_every_database(document):
    # PostgreSQL sorts NULL last and SQLite first: the rule must not depend on it.
    undated = setting(document, 3)
    dated = setting(document, 5, valid_from=date(2021, 1, 1))

    assert fresh().filter(code=CODE).in_force_latest(date(2022, 1, 1)) == dated
    assert fresh().filter(code=CODE).in_force_latest(date(2020, 6, 1)) == undated
    assert fresh().in_force_by(date(2022, 1, 1), "code")[CODE] == dated


def test_of_two_rules_starting_the_same_day_the_later_entered_wins(document):
    setting(document, 3, valid_from=date(2023, 1, 1))
    later = setting(document, 4, valid_from=date(2023, 1, 1))

    assert fresh().filter(code=CODE).in_force_latest(date(2023, 1, 1)) == later


def test_an_ended_rule_gives_way_to_the_one_still_in_force(document):
    ongoing = setting(document, 3, valid_from=date(2020, 1, 1))
    setting(document, 9, valid_from=date(2022, 1, 1), valid_to=date(2022, 12, 31))

    assert fresh().filter(code=CODE).in_force_latest(date(2023, 3, 1)) == ongoing


def test_keys_are_resolved_separately(document):
    late = setting(document, 3, valid_from=date(2020, 1, 1))
    follow_up = setting(document, 7, valid_from=date(2019, 1, 1), code=SettingCode.FOLLOW_UP_DAYS)

    assert fresh().in_force_by(date(2021, 1, 1), "code") == {CODE: late, SettingCode.FOLLOW_UP_DAYS: follow_up}


def test_rows_already_read_follow_the_same_rule_as_the_database(document):
    rows = [
        setting(document, 1),
        setting(document, 2, valid_from=date(2021, 1, 1)),
        setting(document, 3, valid_from=date(2022, 1, 1), valid_to=date(2022, 6, 30)),
        setting(document, 4, valid_from=date(2022, 1, 1)),
    ]
    for day in (date(2020, 1, 1), date(2021, 5, 1), date(2022, 3, 1), date(2022, 8, 1)):
        expected = fresh().filter(code=CODE).in_force_latest(day)
        assert winning_rule(rows, day) == expected
        assert winning_rules(rows, day, key=lambda rule: rule.code).get(CODE) == expected


def test_no_rule_in_force_gives_none(document):
    setting(document, 3, valid_from=date(2024, 1, 1))

    assert fresh().filter(code=CODE).in_force_latest(date(2023, 1, 1)) is None
    assert winning_rule(list(fresh()), date(2023, 1, 1)) is None
