from django import template

from zhongyang_eldercare.kernel.money import yuan as format_yuan

register = template.Library()


@register.filter
def yuan(amount):
    """An amount in yuan with thousands separators and the fen: 30,000.00 ("—" for none)."""
    return format_yuan(amount) or "—"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
