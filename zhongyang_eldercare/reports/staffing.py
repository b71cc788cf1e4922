"""Staffing (§2.5) in the reports: the dashboard's block per township, the Excel report's staffing sheet and the
monthly report's frozen figures. Every number is staffing's own (``staffing.figures``); this module lays them out."""

from decimal import Decimal

from django.utils.translation import gettext as _

from facilities.models import FacilityKind, Township
from staffing.figures import funding_by_facility, staffing_of, township_staffing
from staffing.models import FundingSource
from zhongyang_eldercare.kernel.dates import month_end


def dashboard_block(progress, user):
    """The staffing figures of the dashboard's townships on its as-of day (the scope ``progress`` was computed for)."""
    figures = township_staffing(
        progress.townships, on=progress.as_of, total_label=str(progress.total.label), facilities=progress.facilities
    )
    county = len(figures.lines) > 1
    return {"figures": figures, "lines": [*figures.lines, figures.total] if county else figures.lines}


def monthly_figures(*, township, month):
    """The township's staffing at the month's end, as plain JSON for the monthly report (frozen with it)."""
    figures = township_staffing(Township.objects.in_township(township), on=month_end(month))
    return figures.lines[0].as_json(figures.sources) if figures.lines else None


def staffing_sheet(sheet, progress):
    """One line per facility in service or with posts on the as-of day: minimum, posts, held, vacant, gap, and
    posts and monthly pay by funding source; a total line. Four queries whatever the number of facilities."""
    from zhongyang_eldercare.reports import workbook  # the sheet helpers; workbook lists this sheet in SHEETS

    sources = list(FundingSource.objects.all())
    staffing = staffing_of(progress.facilities, on=progress.as_of)
    funding = funding_by_facility([facility.pk for facility in progress.facilities], on=progress.as_of)
    titles = [_("Township"), _("Facility"), _("Type"), _("Serves meals on the day"), _("Minimum posts"), _("Posts")]
    titles += [_("Held"), _("Vacant"), _("Missing")]
    for source in sources:
        titles += [_("%(source)s: posts") % {"source": source.name}, _("%(source)s: monthly pay") % {"source": source.name}]
    workbook.title_block(sheet, progress, _("Public-welfare posts by facility (§2.5)"), len(titles))
    workbook.header_row(sheet, titles)
    totals, row = None, 4
    for facility in progress.facilities:
        figures = staffing[facility.pk]
        if not (facility.in_service or figures.posts):
            continue
        numbers = [figures.required, figures.posts, figures.filled, figures.vacant, figures.gap]
        for source in sources:
            numbers += list(funding.get(facility.pk, {}).get(source.pk, (0, Decimal(0))))
        totals = numbers if totals is None else [a + b for a, b in zip(totals, numbers, strict=True)]
        facts = [facility.township.name, facility.name, str(FacilityKind(facility.kind).label), _yes_no(facility.meals_on)]
        cells = [(fact, "zy_text") for fact in facts] + [(n, _number_style(i)) for i, n in enumerate(numbers)]
        workbook.put_row(sheet, row, cells)
        row += 1
    if totals is not None:
        cells = [(str(progress.total.label), "zy_total_text")] + [("", "zy_total_text")] * 3
        workbook.put_row(
            sheet,
            row,
            cells + [(n, "zy_total_count" if i < 5 or (i - 5) % 2 == 0 else "zy_total_money") for i, n in enumerate(totals)],
        )
    workbook.page_setup(sheet, header_rows="3:3", widths=[12, 30, 20, 10] + [9] * (len(titles) - 4))


def _number_style(index):
    """Counts, then (posts, monthly pay) per funding source."""
    return "zy_count" if index < 5 or (index - 5) % 2 == 0 else "zy_money"


def _yes_no(value):
    return _("Yes") if value else _("No")
