"""Who viewed or exported sensitive personal data: the town office's page of the access log."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from villages.pagination import paginate
from villages.queries import sensitive_accesses_for
from villages.roles import require_town_office


@login_required
def access_log(request):
    """Town office staff read who viewed or exported sensitive personal data."""
    require_town_office(request.user)
    entries = sensitive_accesses_for(request.user).order_by("-at")
    return render(request, "members/access_log.html", {"page": paginate(request, entries)})
