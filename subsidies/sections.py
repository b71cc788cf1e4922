"""The money block on the facility page (facilities.sections): the latest evaluation, the awards, the ledger total.

Three queries for the one facility: its latest evaluation, its award totals and its ledger total.
"""

from django.db.models import Sum
from django.template.loader import render_to_string

from facilities.sections import Section
from subsidies.models import Award, Evaluation, LedgerEntry


def render(facility, *, request):
    user = request.user
    context = {
        "facility": facility,
        "latest": Evaluation.objects.for_user(user).filter(facility=facility).select_related(None).first(),
        "awards": Award.objects.for_user(user).filter(facility=facility).totals(),
        "funded": LedgerEntry.objects.for_user(user).filter(facility=facility).aggregate(total=Sum("amount"))["total"],
    }
    return render_to_string("subsidies/_facility_section.html", context, request=request)


SECTION = Section(code="money", render=render)
