"""Amounts of money as a town office writes them: two decimals and thousands separators (29,760.00), with the
separators of the active language (config/formats). {% load amounts %}{{ total|amount }}, {{ pay|amount:0 }}."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def amount(value, decimals=2):
    """An amount rounded half up to `decimals` places, grouped by thousands; "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
        places = int(decimals)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if not number.is_finite():
        return value
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
