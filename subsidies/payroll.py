"""The posts' pay (§2.5) in the funding ledger, read from staffing without re-typing (docs/staffing.md).

Each public-welfare post is paid by its funding source (光伏扶贫收益, 就业基金, 县财政 …); what a year
of posts cost a facility is ``staffing.figures.pay_by_funding_source`` over that year (to today for the
current year). The ledger shows it under its own source, matched by code (the two apps' fixtures use the
same codes); a staffing source without a ledger source of the same code is listed apart, not dropped.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from staffing.figures import pay_by_funding_source
from staffing.models import FundingSource as StaffingFundingSource
from subsidies.models import FundingSource


@dataclass(frozen=True)
class PayRow:
    """A year of one facility's posts' pay from one source, shaped like a row of ``LedgerEntry.objects.summary``."""

    facility: object  # the Facility
    year: int
    source: object  # the ledger's FundingSource, or None when no ledger source has the staffing source's code
    staffing_source: object  # staffing's FundingSource
    amount: Decimal

    @property
    def place(self):
        return self.facility

    def as_summary_row(self):
        return {
            "facility": self.facility.pk,
            "village": None,
            "township_id_of": self.facility.township_id,
            "year": self.year,
            "source": self.source.pk,
            "total": self.amount,
        }


def posts_pay(facilities, years):
    """[PayRow] of ``facilities`` (read already, scoped by the caller) for each of ``years``: one query per year,
    and one each for the ledger's sources and staffing's."""
    facilities = {facility.pk: facility for facility in facilities}
    if not facilities:
        return []
    sources = {source.code: source for source in FundingSource.objects.all()}
    staffing_sources = StaffingFundingSource.objects.in_bulk()  # read once for every year
    today = timezone.localdate()
    rows = []
    for year in years:
        first, last = date(year, 1, 1), min(date(year, 12, 31), today)
        if last < first:
            continue
        for pk, by_source in pay_by_funding_source(list(facilities), first=first, last=last, sources=staffing_sources).items():
            for staffing_source, amount in sorted(by_source.items(), key=lambda item: item[0].position):
                if amount:
                    rows.append(PayRow(facilities[pk], year, sources.get(staffing_source.code), staffing_source, amount))
    return rows


def summary_rows(pay):
    """The pay rows that have a ledger source, as summary rows ``summaries.funding_by`` adds to the entries' sums."""
    return [row.as_summary_row() for row in pay if row.source is not None]


@dataclass(frozen=True)
class TownshipPay:
    """A year of the posts' pay of one township's facilities from one source (the ledger of a county or a city)."""

    place: object  # the Township
    year: int
    source: object
    staffing_source: object
    amount: Decimal


def pay_by_township(pay):
    """``pay`` (PayRow, their facilities read with their township) added up per township, year and source: the
    ledger of a whole county or city lists townships, as its funding table does, not a line per facility."""
    totals, places, sources = defaultdict(Decimal), {}, {}
    for row in pay:  # keyed by pks: a city's year is thousands of rows
        township_id, staffing_id = row.facility.township_id, row.staffing_source.pk
        places.setdefault(township_id, row.facility.township)
        sources.setdefault(staffing_id, (row.source, row.staffing_source))
        totals[(township_id, row.year, staffing_id)] += row.amount
    rows = [TownshipPay(places[t], year, *sources[s], amount) for (t, year, s), amount in totals.items()]
    return sorted(rows, key=lambda row: (row.place.position, row.place.name, row.year, row.staffing_source.position))
