"""Sums are exact to the fen: whatever the amounts, the ledger's and the awards' totals equal the Decimal sum."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilities.models import Facility, FacilityKind, Village
from subsidies.models import Award, FundingSource, LedgerEntry, SubsidyKind
from subsidies.summaries import award_totals, funding_by
from zhongyang_eldercare.kernel.money import to_fen, yuan

pytestmark = pytest.mark.django_db

AMOUNTS = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False
)
SLOW_OK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def facility_in(township, number):
    village = Village.objects.create(township=township, name=f"{township.name}合计测试村{number}")
    return Facility.objects.create(township=township, kind=FacilityKind.DAY_CARE, name=f"合计测试设施{number}", village=village)


@SLOW_OK
@given(amounts=st.lists(AMOUNTS, min_size=1, max_size=12), split=st.integers(min_value=0, max_value=12))
def test_ledger_sums_by_source_and_place_are_exact(townships, amounts, split):
    with transaction.atomic():
        places = [facility_in(townships["jinluo"], 1), facility_in(townships["zhike"], 2)]
        sources = list(FundingSource.objects.order_by("position")[:3])
        for index, amount in enumerate(amounts):
            LedgerEntry.objects.create(
                year=2021,
                facility=places[index < split],
                source=sources[index % 3],
                received_on=date(2021, 1, 1),
                amount=amount,
                donor="x",
            )
        for level in ("county", "township", "facility"):
            lines, total = funding_by(LedgerEntry.objects.all(), level)
            assert total.total == sum(amounts, Decimal(0))
            assert sum((line.total for line in lines), Decimal(0)) == sum(amounts, Decimal(0))
            for position, source in enumerate(sources):
                expected = sum((amount for index, amount in enumerate(amounts) if index % 3 == position), Decimal(0))
                assert total.amounts.get(source.pk, Decimal(0)) == expected
        transaction.set_rollback(True)


@SLOW_OK
@given(amounts=st.lists(AMOUNTS, min_size=1, max_size=10))
def test_award_totals_are_exact(users, townships, amounts):
    with transaction.atomic():
        source = FundingSource.objects.get(code="county_finance")
        for number, amount in enumerate(amounts):
            Award.objects.create(
                year=2021,
                facility=facility_in(townships["jinluo"], number),
                kind=SubsidyKind.OPERATING,
                payer=source,
                amount=amount,
                proposed_by=users["bureau"],
                proposed_at=timezone.now(),
            )
        lines, total = award_totals(Award.objects.all(), [townships["jinluo"], townships["zhike"]])
        assert total.proposed == sum(amounts, Decimal(0)) == lines[0].proposed
        assert lines[1].proposed == 0
        transaction.set_rollback(True)


@given(amount=AMOUNTS)
def test_yuan_shows_every_fen_with_thousands_separators(amount):
    shown = yuan(amount)
    assert Decimal(shown.replace(",", "")) == amount
    assert shown.count(",") == (len(str(int(amount))) - 1) // 3


def test_to_fen_rounds_half_up_once():
    assert to_fen(Decimal("15123.285")) == Decimal("15123.29")
    assert to_fen(Decimal("4958.904")) == Decimal("4958.90")
    assert yuan(Decimal("1234567.5")) == "1,234,567.50"
