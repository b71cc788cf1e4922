"""The facility page's posts section (facilities.sections), registered from ``StaffingConfig.ready``.

Three queries for the one facility, however many posts and holders it has: the rules in force, the posts
with kind and funding source, and today's holdings with their workers.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from facilities.sections import Section
from staffing.figures import FacilityStaffing
from staffing.models import Holding, Post, StaffingRule, rule_for


def render(facility, *, request):
    """``facility`` comes from the facility page, read through ``Facility.objects.as_of(today)``."""
    today = timezone.localdate()
    holders = Prefetch("holdings", queryset=Holding.objects.current(today).select_related("worker"), to_attr="holders")
    posts = list(
        Post.objects.filter(facility=facility)
        .select_related("kind", "funding_source")
        .prefetch_related(holders)
        .order_by("-since", "pk")
    )
    rules = StaffingRule.objects.select_related("document").by_key(today)
    rule = rule_for(rules, facility.kind, facility.meals_on) if facility.in_service else None
    existing = [post for post in posts if post.holds_on(today)]
    staffing = FacilityStaffing(
        required=rule.min_posts if rule else 0,
        posts=len(existing),
        filled=sum(1 for post in existing if post.holders),
        rule=rule,
    )
    context = {
        "facility": facility,
        "staffing": staffing,
        "posts": [(post, post.holders[0] if post.holders else None) for post in posts],
        "today": today,
        "can_edit": request.user.can_edit_records,
    }
    return render_to_string("staffing/_facility_posts.html", context, request=request)


section = Section(code="staffing_posts", render=render)
