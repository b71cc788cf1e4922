"""Plans that follow each other: a county's plan documents and the one in force on a day.

A county's plan is a ``PolicyDocument`` of that county with a task table (Attachment 3 rows). When the
2020–2022 plan is followed by a 2023–2025 one, both stay: a day is read against the plan whose period
covers it (the later-starting one where two overlap), a day after the last period against the last plan
that started, a day before the first against the first. A user may also pick a plan by hand.
"""

from facilities.models import County, PolicyDocument


def plans_of(county):
    """The county's plan documents (those with a task table), oldest first."""
    return (
        PolicyDocument.objects.filter(county=county, plan_rows__isnull=False)
        .distinct()
        .select_related("county")
        .order_by("period_start", "pk")
    )


def plan_in_force(county, on, plans=None):
    """The plan ``on`` is read against (see the module's docstring), or None when the county has none."""
    plans = list(plans_of(county) if plans is None else plans)
    covering = [plan for plan in plans if plan.period_start <= on <= plan.period_end]
    if covering:
        return covering[-1]
    started = [plan for plan in plans if plan.period_start <= on]
    return (started or plans or [None])[-1 if started else 0]


def counties_for(user):
    """The counties the user may read, by name (one for a county's staff, the city's for the city bureau)."""
    return County.objects.for_user(user).order_by("pk")


def county_for(user, requested=None):
    """The county a page shows: the requested one when the user may read it, else the user's first."""
    counties = counties_for(user)
    if requested not in (None, ""):
        chosen = counties.filter(pk=requested).first() if str(requested).isdigit() else None
        if chosen is not None:
            return chosen
    return counties.first()
