"""The service sites' pages: the town's list and village × kind matrix, a site with its investments and history,
opening and editing a site, changing its state, recording an investment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from services.actions import sites as actions
from services.forms import InvestmentForm, SiteForm, StateForm
from services.queries import sites as queries
from services.queries.scope import may_write, writable_villages
from services.views.common import require_change, require_reader, require_writer, run
from villages.pagination import paginate


@login_required
def site_list(request):
    town = require_reader(request.user)
    kinds, rows = queries.kind_matrix(request.user)
    return render(request, "services/site_list.html", {
        "town": town, "kinds": kinds, "rows": rows, "page": paginate(request, queries.site_list(request.user)),
        "may_change": bool(writable_villages(request.user).exists()) or may_write(request.user, town.pk, None)})


@login_required
def site_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = SiteForm(request.POST or None, villages=writable_villages(request.user),
                    town_level=may_write(request.user, town.pk, None),
                    initial={"village": request.GET.get("village")})
    if request.method == "POST" and form.is_valid():
        data = form.values()
        site = run(form, lambda: actions.open_site(town=town, village=form.cleaned_data["village"], by=request.user,
                                                   **data))
        if site is not None:
            messages.success(request, _("Site recorded."))
            return redirect("services:site", pk=site.pk)
    return render(request, "services/form.html", {"form": form, "title": _("New service site"),
                                                  "back": "services:sites"})


@login_required
def site_detail(request, pk):
    site = queries.site_page(request.user, pk)
    return render(request, "services/site_detail.html", {
        "site": site, "may_change": may_write(request.user, site.town_id, site.village)})


@login_required
def site_edit(request, pk):
    site = queries.site_for_user(request.user, pk)
    require_writer(request.user, site)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        data.pop("correction_reason", None)
        if run(form, lambda: actions.update_site(site=site, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect("services:site", pk=site.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": site.name},
                                                  "record": site})


@login_required
def site_state(request, pk):
    site = queries.site_for_user(request.user, pk)
    require_writer(request.user, site)
    form = StateForm(request.POST or None, initial={"version": site.version, "state": site.state})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run(form, lambda: actions.change_state(site=site, state=data["state"], on=data["changed_on"],
                                                  note=data["note"], version=data["version"], by=request.user,
                                                  correction_reason=data["correction_reason"])):
            messages.success(request, _("State changed."))
            return redirect("services:site", pk=site.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("Change the state of %(name)s") % {"name": site.name}, "record": site})


@login_required
def investment_new(request, pk):
    site = queries.site_for_user(request.user, pk)
    require_writer(request.user, site)
    form = InvestmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        if run(form, lambda: actions.record_investment(site=site, by=request.user, **data)):
            messages.success(request, _("Investment recorded."))
            return redirect("services:site", pk=site.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("Investment in %(name)s") % {"name": site.name}, "record": site})


@login_required
def investment_edit(request, pk):
    investment = queries.investment_for_user(request.user, pk)
    site = investment.site
    require_writer(request.user, site)
    form = InvestmentForm(request.POST or None, instance=investment)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_investment(investment=investment, version=version, by=request.user,
                                                       **data)):
            messages.success(request, _("Saved."))
            return redirect("services:site", pk=site.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("Investment in %(name)s") % {"name": site.name}, "record": site})
