"""Small display helpers for the association's pages: percentages and a report's status."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value) -> str:
    """89.0 → "89.0%"; nothing to divide by → "—"."""
    return "—" if value is None else f"{value}%"


@register.inclusion_tag("association/includes/status.html")
def report_status(report, due_on):
    """A month's report as a badge: on time, late (with the day received), missing, or not yet due."""
    if report is not None:
        kind, label = ("bad", _("late")) if report.is_late else ("ok", _("on time"))
    elif timezone.localdate() > due_on:
        kind, label = "bad", _("missing")
    else:
        kind, label = "warn", _("not yet due")
    return {"kind": kind, "label": label, "report": report}


@register.filter
def get_item(mapping, key):
    """A dictionary's value in a template: {{ results|get_item:village.pk }}."""
    return mapping.get(key) if mapping else None
