from django import template

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
