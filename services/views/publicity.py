"""The publicity pages: a year's activities with the totals by channel, recording and correcting an activity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from services.actions import publicity as actions
from services.forms import PublicityForm
from services.queries import publicity as queries
from services.queries.scope import may_write, writable_villages
from services.views.common import require_change, require_reader, require_writer, run
from villages.closing import chosen_year, year_choices
from villages.pagination import paginate
from villages.roles import may_change


def _year_url(year: int) -> str:
    return f"{reverse('services:publicity')}?year={year}"


@login_required
def publicity(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    return render(request, "services/publicity.html", {
        "town": town, "year": year, "years": year_choices(town), "channels": queries.channel_totals(request.user, year),
        "page": paginate(request, queries.activities_of_year(request.user, year)),
        "may_change": may_change(request.user)})


@login_required
def activity_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = PublicityForm(request.POST or None, villages=writable_villages(request.user),
                         town_level=may_write(request.user, town.pk, None))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        activity = run(form, lambda: actions.record_activity(town=town, village=form.cleaned_data["village"],
                                                             by=request.user, **data))
        if activity is not None:
            messages.success(request, _("Publicity recorded."))
            return redirect(_year_url(activity.held_on.year))
    return render(request, "services/form.html", {"form": form, "title": _("New publicity activity")})


@login_required
def activity_edit(request, pk):
    activity = queries.activity_for_user(request.user, pk)
    require_writer(request.user, activity)
    form = PublicityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_activity(activity=activity, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect(_year_url(activity.held_on.year))
    return render(request, "services/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": activity.title},
                                                  "record": activity})
