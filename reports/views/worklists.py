"""Each role's worklist ("to do", their landing page) and the counts the navigation shows."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.queries.notifications import unread_count
from reports.queries.worklists import Section, count, role_of, worklist
from villages.models import SensitiveAccess
from villages.privacy import log_access


@login_required
def todo(request):
    sections = worklist(request.user, timezone.localdate())
    log_sensitive_items(request.user, sections)
    return render(request, "reports/todo.html", {
        "sections": sections, "role": role_of(request.user), "total": count(sections)})


@login_required
@require_GET
def nav_counts(request):
    """What the navigation's badges say, asked for by static/js/zizhi.js after the page is shown, so that no page
    pays for them."""
    role = role_of(request.user)
    todo = count(worklist(request.user, timezone.localdate())) if role else 0
    return JsonResponse({"todo": todo, "unread": unread_count(request.user)})


def log_sensitive_items(user, sections: list[Section]) -> None:
    shown = sum(len(section.items) for section in sections if section.kind.sensitive)
    if shown:
        log_access(user=user, action=SensitiveAccess.Action.VIEW, village_id=user.village_id,
                   what=_("worklist: pregnancy, contraception and health follow-ups"), count=shown)
