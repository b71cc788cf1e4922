"""The dashboard's and the monthly report's view of the visiting tiers (visits/tiers.py; issue 15, item 5)."""

from facilities.models import Township
from visits.tiers import tier_counts, tier_overview


def visit_tiers_section(progress, user):
    """The monthly visit rate per township and for the county on the as-of day, the 2025 target, and each tier's count
    over its own period; the townships are the progress's own (scoped by the caller)."""
    townships = Township.objects.filter(pk__in=[line.township.pk for line in progress.lines])
    names = {line.township.pk: line.label for line in progress.lines}
    rates, target, counts = tier_overview(townships=townships, on=progress.as_of)
    counts = [row for row in counts if row.township_id is None]
    return {
        "rates": [(names.get(row.township_id, progress.total.label), row) for row in rates],
        "target": target,
        "tiers": counts,
    }


def tier_figures(*, township, on):
    """The township's tiers at a month's end, as plain JSON for the monthly report."""
    rows = tier_counts(townships=Township.objects.in_township(township), on=on)
    return [
        {"tier": row.tier.name, "source": row.tier.source, "start": row.start.isoformat(), "end": row.end.isoformat(),
         "elders": row.elders, "visited": row.visited}
        for row in rows
        if row.township_id == township.pk
    ]  # fmt: skip
