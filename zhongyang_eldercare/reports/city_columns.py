"""The city view's columns from the apps beside visits (registered in ReportsConfig.ready; reports/city.py)."""

from django.utils.translation import gettext_lazy as _

from staffing.figures import township_staffing
from subsidies.models import Award
from subsidies.summaries import award_totals
from zhongyang_eldercare.kernel.money import yuan
from zhongyang_eldercare.reports.city import Column, register_column
from zhongyang_eldercare.reports.money import year_ended_by


def _staffing(county, townships, on):
    """Public-welfare posts held against the minimums of §2.5, and the gap, for the county's facilities in service."""
    total = township_staffing(townships, on=on).total
    return _("%(filled)s of %(required)s posts, gap %(gap)s") % {
        "filled": total.filled,
        "required": total.required,
        "gap": total.gap,
    }


def _money(county, townships, on):
    """The operating and construction subsidies of the last year ended by the day: approved and paid (§2.8)."""
    year = year_ended_by(on)
    _lines, total = award_totals(Award.objects.filter(facility__township__in=townships, year=year), list(townships))
    return _("%(year)s: approved ¥%(approved)s, paid ¥%(paid)s") % {
        "year": year,
        "approved": yuan(total.approved),
        "paid": yuan(total.disbursed),
    }


def register():
    register_column(Column(_("Staffing (§2.5)"), _staffing))
    register_column(Column(_("Subsidies (§2.8)"), _money))
