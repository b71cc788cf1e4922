from django import template

from zhongyang_eldercare.personal_data import mask_id_number

register = template.Library()


@register.filter
def masked_id(value):
    """An ID number as every list shows it (zhongyang_eldercare.personal_data, the one masking)."""
    return mask_id_number(value)
