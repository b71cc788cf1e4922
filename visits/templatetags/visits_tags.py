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


PK_PLACEHOLDER = 987654321


def pk_url(name):
    """A URL of ``name`` reversed once, for ``with_pk`` to fill in per row (a long list reverses no URL per row)."""
    return reverse(name, args=[PK_PLACEHOLDER])


@register.filter
def with_pk(url, pk):
    """``pk_url(name)`` with the row's primary key: the same string ``reverse(name, args=[pk])`` gives."""
    return url.replace(str(PK_PLACEHOLDER), str(pk), 1)
