"""The sign-off of an official document, written once for every kind: the lines people sign (制表人, 审核人, …)
and the seal box with the issuing unit and the date under it (落款).

    {% load official %}{% sign_off "prepared checked" seal=True issuer="大旗村村民委员会" dated=date %}

The signatures are keys of SIGNATURES, as a list or a string separated by spaces.
"""

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

SIGNATURES = {
    "prepared": pgettext_lazy("sign-off", "Prepared by"),
    "checked": pgettext_lazy("sign-off", "Checked by"),
    "approved": pgettext_lazy("sign-off", "Approved by"),
    "member": pgettext_lazy("sign-off", "Member (signature)"),
}


@register.inclusion_tag("pdf/includes/sign_off.html")
def sign_off(signatures="", *, seal=False, issuer="", dated=None):
    keys = signatures.split() if isinstance(signatures, str) else list(signatures)
    return {"signatures": [SIGNATURES[key] for key in keys], "seal": bool(seal), "issuer": issuer, "dated": dated}
