from django import template
from django.urls import reverse

from zhongyang_eldercare.personal_data import mask_id_number

register = template.Library()


@register.filter
def masked_id(value):
    return mask_id_number(value)


@register.filter
def age_on(elder, day):
    return elder.age_on(day)


@register.filter
def categories_on(elder, day):
    return elder.category_labels_on(day)


# The compliance table's colour scale: a presentation choice (how dark a cell is), not a policy number;
# the rule itself is "every priority elder every week" (§2.7), which only rate-4 meets.
RATE_BANDS = ((100, "rate-4"), (95, "rate-3"), (80, "rate-2"), (50, "rate-1"))


@register.filter
def rate_band(rate):
    """The CSS class of a visit rate (a percent, or None when nobody was to be visited)."""
    if rate is None:
        return "rate-none"
    return next((css for floor, css in RATE_BANDS if rate >= floor), "rate-0")


@register.filter
def min_date(day, other):
    """The earlier of two days (a period's last day, or today while it runs)."""
    return min(day, other)


PK_PLACEHOLDER = 987654321


def pk_url(name):
    """A URL of ``name`` reversed once, for ``with_pk`` to fill in per row (a long list reverses no URL per row)."""
    return reverse(name, args=[PK_PLACEHOLDER])


@register.filter
def with_pk(url, pk):
    """``pk_url(name)`` with the row's primary key: the same string ``reverse(name, args=[pk])`` gives."""
    return url.replace(str(PK_PLACEHOLDER), str(pk), 1)
