"""The sign-off of an official document, written once for every kind: the lines people sign (制表人, 审核人, …)
and the seal box with the issuing unit and the date under it (落款).

    {% load official %}{% sign_off "prepared checked" seal=True issuer="大旗村村民委员会" dated=date %}

The signatures are keys of SIGNATURES, as a list or a string separated by spaces. Also, for the pages that
show a document: {{ document|period_word }} (考核期, 发放期, 年度 …), {{ document|period_label }} and
{{ document|issuer }}.
"""

from django import template
from django.utils.translation import pgettext_lazy

from reports.documents import renderer_for
from reports.documents.base import issuer_name
from villages.periods import Period

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


@register.filter
def period_word(document) -> str:
    """What the document's kind calls its period: 考核期 for an assessment report, 发放期 for benefit documents, …"""
    return renderer_for(document.kind).period_word


@register.filter
def period_label(document) -> str:
    """The document's period as its kind prints it (2025年第4季度), or "" for none."""
    return renderer_for(document.kind).label(Period.parse(document.period)) if document.period else ""


@register.filter
def issuer(document) -> str:
    """Who issues the document: the town's issuing unit, or the village's committee or association."""
    return issuer_name(renderer_for(document.kind).issued_by, document)
