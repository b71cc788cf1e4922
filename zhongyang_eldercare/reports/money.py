"""The money in the progress views: per township on the dashboard, and two sheets of the Excel progress report.

Reads the subsidies app (``subsidies.summaries``, ``subsidies.exports``) over the progress's own scope
(``progress.townships``, scoped by the caller); writes nothing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from facilities.models import Facility
from subsidies.exports import awards_sheet, funding_sheet
from subsidies.forms import FIRST_YEAR
from subsidies.models import Award, LedgerEntry
from subsidies.payroll import posts_pay, summary_rows
from subsidies.summaries import award_rows, award_totals, funding_by, funding_sources


def year_ended_by(day):
    """The last year ended by ``day``: the one whose awards are computed, approved and paid."""
    return day.year if (day.month, day.day) == (12, 31) else day.year - 1


def money_year(progress):
    return year_ended_by(progress.as_of)


def _awards(progress, year):
    return Award.objects.filter(facility__township__in=progress.townships, year=year)


def _facilities(progress):
    return Facility.objects.filter(township__in=progress.townships).only("pk", "name", "township")


def _entries(progress):
    return LedgerEntry.objects.filter(
        pk__in=LedgerEntry.objects.with_township().filter(township_id_of__in=progress.townships.values("pk")).values("pk")
    )


@dataclass
class MoneyLine:
    label: str
    awards: object  # subsidies.summaries.AwardTotals
    funded: object  # Decimal: the year's ledger total


def money_by_township(progress, user):
    """{year, lines, total}: awards proposed, approved and paid and the ledger's total per township, for the year.

    Six queries: award sums by township, payments by township, ledger sums by township, and the posts' pay
    (their posts and sources, the ledger's sources; the facilities are the progress's own).
    """
    year = money_year(progress)
    townships = [line.township for line in progress.lines if getattr(line, "township", None) is not None]
    award_lines, award_total = award_totals(_awards(progress, year), townships)
    funded = {}
    pay = summary_rows(posts_pay(progress.facilities, [year]))  # the facilities the progress read already
    for row in [*_entries(progress).filter(year=year).summary("township_id_of"), *pay]:
        funded[row["township_id_of"]] = funded.get(row["township_id_of"], 0) + row["total"]
    lines = [MoneyLine(line.label, line, funded.get(line.township_id)) for line in award_lines]
    total = MoneyLine(str(_("Total")), award_total, sum(funded.values()) if funded else None)
    return {"year": year, "lines": lines, "total": total, "several": len(lines) > 1}


def awards_sheet_for(sheet, progress):
    """The 补助测算表 of the money year, in the report's scope."""
    year = money_year(progress)
    awards_sheet(sheet, list(award_rows(_awards(progress, year))), year=year)


def funding_sheet_for(sheet, progress):
    """Where the money came from, by township (or facility, for one township) and year, in the report's scope."""
    level = "township" if len(progress.lines) > 1 else "facility"
    years = range(FIRST_YEAR, money_year(progress) + 1)
    lines, total = funding_by(_entries(progress), level, summary_rows(posts_pay(_facilities(progress), years)))
    place_title = _("Township") if level == "township" else _("Facility or village")
    funding_sheet(
        sheet, lines, total, funding_sources(), title=_("Where the money came from, by source and year"), place_title=place_title
    )
