"""The staffing gap as a shortfall of the facility (§2.5), registered in facilities' shortfall-check registry.

``StaffingConfig.ready`` registers it, so the facility page, the list's "does not meet the standard" filter,
the export and the progress figures name a facility with fewer held posts than its minimum, with the clause.
Two queries for any number of facilities (``figures.staffing_of``).
"""

from django.utils.translation import gettext as _

from facilities.compliance import Check, Shortfall
from staffing.figures import staffing_of

STAFFING_CHECK = "staffing"


def prepare(facilities, *, on):
    staffing = staffing_of(facilities, on=on)

    def answer(facility):
        figures = staffing.get(facility.pk)
        if figures is None or not figures.gap:
            return
        message = _("Too few public-welfare posts held: %(filled)d, the minimum is %(required)d (%(source)s)") % {
            "filled": figures.filled,
            "required": figures.required,
            "source": figures.rule.source,
        }
        yield Shortfall(STAFFING_CHECK, message, figures.rule.clause)

    return answer


check = Check(code=STAFFING_CHECK, prepare=prepare, fields=("kind", "serves_meals"))
