"""The city view's columns from the apps beside visits (registered in ReportsConfig.ready; reports/city.py)."""

from django.utils.translation import gettext_lazy as _

from staffing.figures import township_staffing
from zhongyang_eldercare.reports.city import Column, register_column


def _staffing(county, townships, on):
    """Public-welfare posts held against the minimums of §2.5, and the gap, for the county's facilities in service."""
    total = township_staffing(townships, on=on).total
    return _("%(filled)s of %(required)s posts, gap %(gap)s") % {
        "filled": total.filled,
        "required": total.required,
        "gap": total.gap,
    }


def register():
    register_column(Column(_("Staffing (§2.5)"), _staffing))
