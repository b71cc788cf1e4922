"""Priority visiting targets (§2.7) computed from the rules on a given day."""

from datetime import date

from tests.visits.conftest import make_elder
from visits.models import Elder, LivingArrangement, latest_birth_date_for_age


def priority_ids(on):
    return set(Elder.objects.priority_on(on).values_list("pk", flat=True))


def test_elder_living_alone_becomes_priority_on_80th_birthday_not_the_day_before(policy, jinluo_village):
    elder = make_elder(jinluo_village, birth_date=date(1941, 3, 15), living_arrangement=LivingArrangement.ALONE)
    assert elder.age_on(date(2021, 3, 14)) == 79
    assert elder.age_on(date(2021, 3, 15)) == 80
    assert elder.pk not in priority_ids(date(2021, 3, 14))
    assert elder.pk in priority_ids(date(2021, 3, 15))


def test_an_80_year_old_living_with_others_is_not_a_priority_target(policy, jinluo_village):
    make_elder(jinluo_village, birth_date=date(1930, 1, 1), living_arrangement=LivingArrangement.OTHERS)
    assert priority_ids(date(2021, 6, 1)) == set()


def test_elder_becomes_priority_when_the_last_child_in_the_county_moves_away(policy, jinluo_village):
    elder = make_elder(jinluo_village, birth_date=date(1950, 1, 1), children_count=1, children_in_county=True)
    assert elder.pk not in priority_ids(date(2021, 6, 1))
    elder.children_in_county = False
    elder.save()
    elder = Elder.objects.with_priority(date(2021, 6, 1)).get(pk=elder.pk)
    assert elder.is_priority
    assert [str(reason) for reason in elder.priority_reasons] == ["无子女或子女不在本县"]


def test_elder_without_children_is_priority(policy, jinluo_village):
    elder = make_elder(jinluo_village, children_count=0, children_in_county=False)
    assert elder.pk in priority_ids(date(2021, 6, 1))


def test_left_behind_elder_of_special_family_is_priority_but_not_either_alone(policy, jinluo_village):
    both = make_elder(jinluo_village, is_left_behind=True, is_special_family=True)
    make_elder(jinluo_village, is_left_behind=True)
    make_elder(jinluo_village, is_special_family=True)
    assert priority_ids(date(2021, 6, 1)) == {both.pk}


def test_manual_addition_needs_a_reason_and_shows_it(policy, jinluo_village):
    elder = make_elder(jinluo_village, manual_priority_reason="独自照顾失能配偶")
    elder = Elder.objects.with_priority(date(2021, 6, 1)).get(pk=elder.pk)
    assert elder.is_priority
    assert [str(reason) for reason in elder.priority_reasons] == ["手工添加：独自照顾失能配偶"]


def test_deceased_or_moved_elder_stops_being_priority_after_the_date(policy, jinluo_village, users):
    from visits.services import change_status

    elder = make_elder(jinluo_village, children_count=0)
    change_status(elder=elder, status="deceased", on=date(2021, 5, 10), by=users["jinluo"], today=date(2021, 6, 1))
    assert elder.pk in priority_ids(date(2021, 5, 9))
    assert elder.pk not in priority_ids(date(2021, 5, 10))
    assert list(elder.status_changes.values_list("status", "changed_on")) == [("deceased", date(2021, 5, 10))]


def test_age_cut_off_for_a_29_february_birthday():
    # Born 29 February: 80 on 1 March of a common year, as age_on counts it.
    assert latest_birth_date_for_age(80, date(2021, 2, 28)) == date(1941, 2, 28)
    assert latest_birth_date_for_age(80, date(2024, 2, 29)) == date(1944, 2, 29)
    assert latest_birth_date_for_age(81, date(2024, 2, 29)) == date(1943, 2, 28)
