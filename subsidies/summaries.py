"""Read-only figures of the money pages, the exports and the progress report (reports.money reads them).

Each takes querysets already scoped by ``for_user`` and reads in a fixed number of queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from facilities.models import Facility, Township, Village
from subsidies.models import Disbursement, FundingSource, LedgerEntry

ZERO = Decimal("0.00")


@dataclass
class AwardTotals:
    label: str
    township_id: int | None = None
    proposed: Decimal = ZERO
    approved: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def outstanding(self):
        """Approved but not yet paid."""
        return self.approved - self.disbursed


def award_totals(awards, townships):
    """[AwardTotals per township (in ``townships`` order), then the total] for ``awards``: three queries."""
    by_township = awards.totals_by_township()
    paid = Disbursement.objects.filter(award__in=awards.order_by().values("pk")).by_township()
    lines = []
    for township in townships:
        row = by_township.get(township.pk, {})
        lines.append(
            AwardTotals(
                label=township.name,
                township_id=township.pk,
                proposed=row.get("proposed", ZERO),
                approved=row.get("approved", ZERO),
                disbursed=paid.get(township.pk) or ZERO,
            )
        )
    total = AwardTotals(label="", township_id=None)
    for line in lines:
        total.proposed += line.proposed
        total.approved += line.approved
        total.disbursed += line.disbursed
    return lines, total


@dataclass
class FundingLine:
    """One row of the funding summary: a place (township, facility or village) and year, with a sum per source."""

    label: str
    year: int | None
    amounts: dict = field(default_factory=dict)  # source pk -> Decimal
    order: tuple = ()

    @property
    def total(self):
        return sum(self.amounts.values(), ZERO)


def funding_sources():
    """Every funding source, grouped as §2.8 names them (one query)."""
    return list(FundingSource.objects.order_by("position", "code"))


def funding_by(entries, level, pay=()):
    """[FundingLine] of ``entries`` by place (``level``: "township", "facility" or "county") and year, then the total.

    ``pay``: the posts' pay as summary rows (``payroll.summary_rows``), added to the sums of their source.
    Sums are exact Decimals from the database (one query, plus one or two for the places' names and order).
    """
    keys = {"township": ["township_id_of"], "facility": ["facility", "village"], "county": []}[level]
    rows = LedgerEntry.objects.filter(pk__in=entries.order_by().values("pk")).summary(*keys, "year")
    rows += [{key: row[key] for key in (*keys, "year", "source", "total")} for row in pay]
    places = _places(level, rows)
    lines = {}
    for row in rows:
        place = tuple(row[key] for key in keys)
        order, label = places.get(place, ((), ""))
        line = lines.setdefault((place, row["year"]), FundingLine(label=label, year=row["year"]))
        line.order = order
        line.amounts[row["source"]] = line.amounts.get(row["source"], ZERO) + row["total"]
    ordered = sorted(lines.values(), key=lambda line: (-line.year, line.order, line.label))
    total = FundingLine(label="", year=None)
    for line in ordered:
        for source, amount in line.amounts.items():
            total.amounts[source] = total.amounts.get(source, ZERO) + amount
    return ordered, total


def sources_in(sources, total):
    """The sources that hold money in ``total`` (a page shows only those; the exports show every one)."""
    return [source for source in sources if total.amounts.get(source.pk)]


def _places(level, rows):
    """{place key: (sort order, name)}: townships in the table's order, facilities by township then name."""
    if level == "township":
        ids = {row["township_id_of"] for row in rows}
        found = Township.objects.filter(pk__in=ids).values_list("pk", "position", "name")
        return {(pk,): ((position,), name) for pk, position, name in found}
    if level == "facility":
        facilities = Facility.objects.filter(pk__in={row["facility"] for row in rows})
        villages = Village.objects.filter(pk__in={row["village"] for row in rows})
        found = {
            ("f", pk): ((position, 0), name) for pk, position, name in facilities.values_list("pk", "township__position", "name")
        }
        found |= {
            ("v", pk): ((position, 1), name) for pk, position, name in villages.values_list("pk", "township__position", "name")
        }
        return {
            (row["facility"], row["village"]): found.get(("f", row["facility"])) or found.get(("v", row["village"]), ((), ""))
            for row in rows
        }
    return {(): ((), "")}


def award_rows(awards):
    """The awards with everything a list or the 补助测算表 shows, in one query (disbursed summed in a subquery)."""
    return awards.select_related(
        "facility__township", "facility__village", "facility__relocation_site", "payer", "proposed_by", "approved_by"
    ).with_disbursed()
